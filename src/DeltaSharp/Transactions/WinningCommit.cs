using System.Collections.Generic;

namespace DeltaSharp.Transactions;

/// <summary>The actions of a concurrent commit that matter for conflict checks.</summary>
internal sealed class WinningCommit
{
    public required long Version { get; init; }

    public bool ProtocolChanged { get; set; }

    public bool MetadataChanged { get; set; }

    /// <summary>Data files added with dataChange=true.</summary>
    public List<string> AddedDataPaths { get; } = [];

    /// <summary>Files removed (any dataChange).</summary>
    public List<string> RemovedPaths { get; } = [];

    public HashSet<string> AppIds { get; } = [];

    public HashSet<string> Domains { get; } = [];
}
