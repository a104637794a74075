using System;
using System.Collections.Generic;

namespace DeltaSharp.Log;

/// <summary>
/// Chooses the files to replay for a version. A pure function of a log listing, the <c>_last_checkpoint</c> hint
/// and the target version; it performs no I/O, so every case is tested with fabricated names.
/// </summary>
/// <remarks>
/// Rules (PROTOCOL.md "Checkpoints", "Metadata Cleanup"): use the newest <em>complete</em> checkpoint whose version
/// is at most the target (multi-part checkpoints with a missing part are ignored); replay every commit after it up
/// to the target, which must all be present; without a checkpoint, replay from commit 0. Staged commits, sidecars,
/// compactions and checksum files never change the choice. Log compaction files whose whole range lies between the
/// checkpoint and the target then replace the commits they cover (<see cref="LogSegment.ReplayFiles"/>; greedily,
/// the longest compaction starting at each version first). The hint only matters through
/// <c>listedFromVersion</c>: when the caller listed from the hint's version only, the plan must find a checkpoint
/// there, otherwise it returns null and the caller lists the whole log.
/// </remarks>
internal static class LogSegmentPlanner
{
    /// <summary>
    /// Plans the segment for <paramref name="targetVersion"/> (null = the latest version in the listing).
    /// </summary>
    /// <param name="listing">Recognised log files (any order; duplicates tolerated).</param>
    /// <param name="hint">The parsed <c>_last_checkpoint</c>, or null (used to prefer its multi-part set).</param>
    /// <param name="targetVersion">The version to reconstruct, or null for the latest.</param>
    /// <param name="listedFromVersion">0 when the listing covers the whole log; otherwise the version from which
    /// it was listed (files of older versions are absent from it).</param>
    /// <param name="logLocation">The log's location, for error messages.</param>
    /// <param name="filter">Which checkpoints may be used (others are treated as absent).</param>
    /// <param name="useCompactions">False to replay the commits themselves even where log compaction files cover them.</param>
    /// <returns>The segment, or null when the listing was partial and is not enough (list everything and retry).</returns>
    /// <exception cref="DeltaTableNotFoundException">A full listing holds no commit and no checkpoint.</exception>
    /// <exception cref="DeltaVersionNotFoundException">The target is newer than the latest version, or older than the
    /// oldest reconstructable version.</exception>
    /// <exception cref="DeltaLogCorruptException">A commit needed for replay is missing (a version gap), or the log
    /// cannot be reconstructed at its latest version.</exception>
    public static LogSegment? Plan(IEnumerable<LogFile> listing, LastCheckpointHint? hint, long? targetVersion, long listedFromVersion, string logLocation, CheckpointFilter filter = CheckpointFilter.All, bool useCompactions = true)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var commits = new SortedDictionary<long, LogFile>();
        var checkpointsByVersion = new SortedDictionary<long, List<LogFile>>();
        var compactions = new List<LogFile>();
        foreach (LogFile file in listing)
        {
            if (file.Kind == LogFileKind.Commit)
            {
                commits[file.Version] = file;
            }
            else if (file.Kind == LogFileKind.Compaction)
            {
                if (useCompactions && file.IsJson && file.EndVersion > file.Version)
                {
                    compactions.Add(file);
                }
            }
            else if (file.IsCheckpoint && (filter == CheckpointFilter.All || (filter == CheckpointFilter.JsonOnly && file.IsJson)))
            {
                if (!checkpointsByVersion.TryGetValue(file.Version, out List<LogFile>? list))
                {
                    list = new List<LogFile>();
                    checkpointsByVersion.Add(file.Version, list);
                }
                list.Add(file);
            }
        }

        // Complete checkpoints, newest first.
        var complete = new List<(long Version, IReadOnlyList<LogFile> Files)>();
        foreach (KeyValuePair<long, List<LogFile>> entry in checkpointsByVersion)
        {
            IReadOnlyList<LogFile>? files = ChooseCompleteCheckpoint(entry.Value, hint is not null && hint.Version == entry.Key ? hint.Parts : null);
            if (files is not null)
            {
                complete.Add((entry.Key, files));
            }
        }
        complete.Reverse();

        long? latestCommit = commits.Count > 0 ? LastKey(commits) : null;
        long? latestCheckpoint = complete.Count > 0 ? complete[0].Version : null;
        if (latestCommit is null && latestCheckpoint is null)
        {
            if (listedFromVersion > 0)
            {
                return null;
            }
            throw new DeltaTableNotFoundException(logLocation, $"No Delta table at '{logLocation}': the log holds no commit or checkpoint.", null);
        }
        long latest = Math.Max(latestCommit ?? -1, latestCheckpoint ?? -1);
        long target = targetVersion ?? latest;
        if (target < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), targetVersion, "A table version is never negative.");
        }
        if (target > latest)
        {
            if (listedFromVersion > 0)
            {
                return null;
            }
            throw new DeltaVersionNotFoundException(
                $"Version {target} of the table at '{logLocation}' does not exist: the latest version is {latest}.", EarliestReconstructable(commits, complete), latest);
        }

        (long Version, IReadOnlyList<LogFile> Files)? checkpoint = null;
        foreach ((long Version, IReadOnlyList<LogFile> Files) candidate in complete)
        {
            if (candidate.Version <= target)
            {
                checkpoint = candidate;
                break;
            }
        }
        if (listedFromVersion > 0 && (checkpoint is null || checkpoint.Value.Version < listedFromVersion))
        {
            return null;
        }

        long first = checkpoint is null ? 0 : checkpoint.Value.Version + 1;
        var replay = new List<LogFile>();
        for (long v = first; v <= target; v++)
        {
            if (commits.TryGetValue(v, out LogFile commit))
            {
                replay.Add(commit);
                continue;
            }
            long? earliest = EarliestReconstructable(commits, complete);
            if (checkpoint is null && v == 0 && targetVersion is not null && earliest is long e && target < e)
            {
                throw new DeltaVersionNotFoundException(
                    $"Version {target} of the table at '{logLocation}' can no longer be reconstructed: its log entries were cleaned up; the earliest readable version is {e}.", e, latest);
            }
            if (checkpoint is null && v == 0)
            {
                throw new DeltaLogCorruptException(
                    $"Cannot reconstruct version {target}: commit 0 is missing and no checkpoint at or before version {target} exists", logLocation, 0);
            }
            throw new DeltaLogCorruptException(
                $"Cannot reconstruct version {target}: commit {v} is missing from the log (a version gap after {(checkpoint is null ? "version 0" : "checkpoint " + checkpoint.Value.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))})",
                LogFile.CommitPath(v), v);
        }

        commits.TryGetValue(target, out LogFile versionCommit);
        return new LogSegment(
            target,
            checkpoint?.Version,
            checkpoint?.Files ?? Array.Empty<LogFile>(),
            replay,
            versionCommit.Path is null ? null : versionCommit,
            compactions.Count == 0 ? null : WithCompactions(replay, compactions, first, target));
    }

    /// <summary>
    /// The commits [<paramref name="first"/>, <paramref name="target"/>] with every run x..y replaced by the
    /// compaction x.y when one lies entirely inside the range: at each version the compaction reaching furthest is
    /// taken, then the walk continues after its end.
    /// </summary>
    internal static IReadOnlyList<LogFile> WithCompactions(List<LogFile> commits, List<LogFile> compactions, long first, long target)
    {
        var longestFrom = new Dictionary<long, LogFile>();
        foreach (LogFile compaction in compactions)
        {
            if (compaction.Version < first || compaction.EndVersion > target)
            {
                continue;
            }
            if (!longestFrom.TryGetValue(compaction.Version, out LogFile current) || compaction.EndVersion > current.EndVersion ||
                (compaction.EndVersion == current.EndVersion && string.CompareOrdinal(compaction.Path, current.Path) < 0))
            {
                longestFrom[compaction.Version] = compaction;
            }
        }
        if (longestFrom.Count == 0)
        {
            return commits;
        }
        var files = new List<LogFile>(commits.Count);
        int i = 0;
        while (i < commits.Count)
        {
            if (longestFrom.TryGetValue(commits[i].Version, out LogFile compaction))
            {
                files.Add(compaction);
                long end = compaction.EndVersion;
                while (i < commits.Count && commits[i].Version <= end)
                {
                    i++;
                }
                continue;
            }
            files.Add(commits[i]);
            i++;
        }
        return files;
    }

    /// <summary>The oldest version that can be reconstructed from the listing (commit 0 or the oldest complete checkpoint).</summary>
    private static long? EarliestReconstructable(SortedDictionary<long, LogFile> commits, List<(long Version, IReadOnlyList<LogFile> Files)> completeNewestFirst)
    {
        if (commits.ContainsKey(0))
        {
            return 0;
        }
        return completeNewestFirst.Count > 0 ? completeNewestFirst[^1].Version : null;
    }

    private static long LastKey(SortedDictionary<long, LogFile> map)
    {
        long last = 0;
        foreach (long key in map.Keys)
        {
            last = key;
        }
        return last;
    }

    /// <summary>
    /// Among the checkpoint files of one version, returns one complete checkpoint: a classic file, else a UUID-named
    /// V2 checkpoint (JSON before Parquet, then by name for determinism), else a complete multi-part set (the hint's part count first).
    /// Null when none is complete.
    /// </summary>
    private static LogFile[]? ChooseCompleteCheckpoint(List<LogFile> files, int? hintedParts)
    {
        LogFile? classic = null;
        LogFile? uuid = null;
        var multi = new SortedDictionary<int, LogFile[]>();
        foreach (LogFile file in files)
        {
            switch (file.Kind)
            {
                case LogFileKind.ClassicCheckpoint:
                    classic = file;
                    break;
                case LogFileKind.UuidCheckpoint:
                    if (uuid is null || Better(file, uuid.Value))
                    {
                        uuid = file;
                    }
                    break;
                case LogFileKind.MultiPartCheckpoint:
                    if (!multi.TryGetValue(file.Parts, out LogFile[]? parts))
                    {
                        parts = new LogFile[file.Parts];
                        multi.Add(file.Parts, parts);
                    }
                    parts[file.Part - 1] = file;
                    break;
                default:
                    break;
            }
        }
        if (classic is LogFile c)
        {
            return new[] { c };
        }
        if (uuid is LogFile u)
        {
            return new[] { u };
        }
        if (hintedParts is int hp && multi.TryGetValue(hp, out LogFile[]? hinted) && IsComplete(hinted))
        {
            return hinted;
        }
        foreach (LogFile[] set in multi.Values)
        {
            if (IsComplete(set))
            {
                return set;
            }
        }
        return null;

        static bool Better(LogFile candidate, LogFile current)
        {
            if (candidate.IsJson != current.IsJson)
            {
                return candidate.IsJson;
            }
            return string.CompareOrdinal(candidate.Path, current.Path) < 0;
        }

        static bool IsComplete(LogFile[] set)
        {
            foreach (LogFile part in set)
            {
                if (part.Path is null)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
