using System.Collections.Generic;

namespace DeltaSharp.Log;

/// <summary>
/// The files that make up one version of the table: at most one complete checkpoint (all its parts) and the
/// contiguous commits after it, up to and including <see cref="Version"/>. Immutable.
/// </summary>
internal sealed class LogSegment
{
    public LogSegment(long version, long? checkpointVersion, IReadOnlyList<LogFile> checkpointFiles, IReadOnlyList<LogFile> commits, LogFile? versionCommit, IReadOnlyList<LogFile>? replayFiles = null)
    {
        ReplayFiles = replayFiles ?? commits;
        Version = version;
        CheckpointVersion = checkpointVersion;
        CheckpointFiles = checkpointFiles;
        Commits = commits;
        VersionCommit = versionCommit;
    }

    /// <summary>The table version this segment reconstructs.</summary>
    public long Version { get; }

    /// <summary>The version of the checkpoint replay starts from, or null when replay starts at commit 0.</summary>
    public long? CheckpointVersion { get; }

    /// <summary>The checkpoint's files (one, or every part of a multi-part checkpoint in part order); empty when none.</summary>
    public IReadOnlyList<LogFile> CheckpointFiles { get; }

    /// <summary>The commits to replay after the checkpoint, ascending and contiguous, ending at <see cref="Version"/>.</summary>
    public IReadOnlyList<LogFile> Commits { get; }

    /// <summary>
    /// What replay reads after the checkpoint, in order: <see cref="Commits"/> where log compaction files
    /// (<c>x.y.compacted.json</c>, PROTOCOL.md "Log Compaction Files") replace the commits x..y they cover. A
    /// compaction holds the reconciled actions of its range (no commitInfo), so it is read like a commit.
    /// </summary>
    public IReadOnlyList<LogFile> ReplayFiles { get; }

    /// <summary>The commit file of <see cref="Version"/> itself when it was listed (for its timestamp), else null.</summary>
    public LogFile? VersionCommit { get; }
}
