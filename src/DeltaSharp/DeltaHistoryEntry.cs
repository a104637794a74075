using System;
using DeltaSharp.Actions;

namespace DeltaSharp;

/// <summary>One commit of a table's history.</summary>
/// <param name="Version">The commit's table version.</param>
/// <param name="Timestamp">The commit timestamp (the in-commit timestamp when enabled, else the commit file's
/// modification time).</param>
/// <param name="CommitInfo">The commit's <c>commitInfo</c> action, or null when the commit has none.</param>
public sealed record DeltaHistoryEntry(long Version, DateTimeOffset Timestamp, CommitInfo? CommitInfo)
{
    /// <summary>The operation name from the commit info (e.g. <c>WRITE</c>), or null.</summary>
    public string? Operation => CommitInfo?.Operation;
}
