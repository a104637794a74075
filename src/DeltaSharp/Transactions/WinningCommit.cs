using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Transactions;

/// <summary>The actions of a concurrent commit that matter for conflict checks (pure data).</summary>
internal sealed class WinningCommit
{
    public required long Version { get; init; }

    public bool ProtocolChanged { get; set; }

    public bool MetadataChanged { get; set; }

    /// <summary>True when the commit's commitInfo says <c>isBlindAppend: true</c>.</summary>
    public bool IsBlindAppend { get; set; }

    /// <summary>The commit's in-commit timestamp, if it has one.</summary>
    public long? InCommitTimestamp { get; set; }

    /// <summary>Data files added with dataChange=true.</summary>
    public List<AddFile> AddedDataFiles { get; } = [];

    /// <summary>Files removed (any dataChange).</summary>
    public List<string> RemovedPaths { get; } = [];

    public HashSet<string> AppIds { get; } = [];

    public HashSet<string> Domains { get; } = [];
}
