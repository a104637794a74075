using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Checkpoints;
using DeltaSharp.Log;
using DeltaSharp.Replay;

namespace DeltaSharp.Transactions;

/// <summary>
/// Finds the remove tombstones a checkpoint of a snapshot must carry (PROTOCOL.md "Checkpoints": the checkpoint
/// contains the remove tombstones until they expire): replays the snapshot's log segment (its checkpoint, sidecars
/// and commits) keeping, per (path, DV id), the latest remove not cancelled by a later add, whose
/// <c>deletionTimestamp</c> is within <c>delta.deletedFileRetentionDuration</c> (default one week) of now.
/// </summary>
internal static class TombstoneCollector
{
    public const string RetentionKey = "delta.deletedFileRetentionDuration";

    /// <summary>The tombstone retention of a table (PROTOCOL.md table property, CalendarInterval text such as
    /// <c>interval 1 week</c>); default 7 days.</summary>
    /// <exception cref="DeltaException">The property is not an interval this writer understands.</exception>
    public static TimeSpan Retention(IReadOnlyDictionary<string, string?> configuration)
    {
        if (!configuration.TryGetValue(RetentionKey, out string? text) || string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.FromDays(7);
        }
        return ParseInterval(text) ?? throw new DeltaException($"Table property {RetentionKey} must be an interval such as 'interval 7 days', not '{text}'.");
    }

    /// <summary>Parses <c>interval N unit [N unit ...]</c> (units: millisecond(s), second(s), minute(s), hour(s),
    /// day(s), week(s)); null when not understood.</summary>
    internal static TimeSpan? ParseInterval(string text)
    {
        string[] parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int i = 0;
        if (parts.Length > 0 && parts[0].Equals("interval", StringComparison.OrdinalIgnoreCase))
        {
            i = 1;
        }
        if (i >= parts.Length || (parts.Length - i) % 2 != 0)
        {
            return null;
        }
        TimeSpan total = TimeSpan.Zero;
        for (; i < parts.Length; i += 2)
        {
            if (!long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < 0)
            {
                return null;
            }
            string unit = parts[i + 1].ToLowerInvariant().TrimEnd('s');
            TimeSpan one = unit switch
            {
                "millisecond" => TimeSpan.FromMilliseconds(1),
                "second" => TimeSpan.FromSeconds(1),
                "minute" => TimeSpan.FromMinutes(1),
                "hour" => TimeSpan.FromHours(1),
                "day" => TimeSpan.FromDays(1),
                "week" => TimeSpan.FromDays(7),
                _ => TimeSpan.Zero,
            };
            if (one == TimeSpan.Zero || n > TimeSpan.MaxValue.Ticks / one.Ticks)
            {
                return null;
            }
            total += TimeSpan.FromTicks(one.Ticks * n);
        }
        return total;
    }

    /// <summary>The unexpired tombstones of <paramref name="snapshot"/> as of <paramref name="nowMillis"/>.</summary>
    public static async Task<List<RemoveFile>> CollectAsync(DeltaSnapshot snapshot, long nowMillis, CancellationToken cancellationToken)
    {
        long cutoff = nowMillis - (long)Retention(snapshot.Properties).TotalMilliseconds;
        DeltaTableContext context = snapshot.Context;
        CheckpointFilter filter = context.CheckpointReader is null ? CheckpointFilter.JsonOnly : CheckpointFilter.All;
        LogSegment segment = await SnapshotLoader.PlanAsync(context, snapshot.Version, filter, cancellationToken).ConfigureAwait(false);
        var sink = new Sink();
        var interner = new PartitionValueInterner();
        foreach (LogFile checkpoint in segment.CheckpointFiles)
        {
            await ReadAsync(context, checkpoint.Path, checkpoint.Version, checkpoint.IsJson, interner, sink, cancellationToken).ConfigureAwait(false);
        }
        foreach (SidecarFile sidecar in sink.Sidecars)
        {
            string decoded = FilePaths.Decode(sidecar.Path);
            string path = LogFile.SidecarPath(decoded);
            await ReadAsync(context, path, segment.CheckpointVersion ?? segment.Version, isJson: false, interner, sink, cancellationToken).ConfigureAwait(false);
        }
        foreach (LogFile commit in segment.Commits)
        {
            await ReadAsync(context, commit.Path, commit.Version, isJson: true, interner, sink, cancellationToken).ConfigureAwait(false);
        }
        var result = new List<RemoveFile>(sink.Tombstones.Count);
        foreach (RemoveFile remove in sink.Tombstones.Values)
        {
            if (remove.DeletionTimestamp is long deleted && deleted > cutoff)
            {
                result.Add(remove);
            }
        }
        return result;
    }

    private static async ValueTask ReadAsync(DeltaTableContext context, string path, long version, bool isJson, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken)
    {
        if (isJson)
        {
            await JsonLogFileReader.ReadAsync(context.Store, path, version, interner, sink, cancellationToken).ConfigureAwait(false);
            return;
        }
        ICheckpointFileReader reader = context.CheckpointReader ??
            throw new DeltaUnsupportedFeatureException("parquetCheckpoint", $"Reading the Parquet checkpoint '{path}' needs the Parquet reader.");
        await reader.ReadAsync(context.Store, path, version, interner, sink, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Sink : ActionSink
    {
        public Dictionary<FileActionKey, RemoveFile> Tombstones { get; } = new();

        public List<SidecarFile> Sidecars { get; } = [];

        public override void OnAdd(AddFile add) => Tombstones.Remove(FileActionKey.For(add));

        public override void OnRemove(RemoveFile remove) => Tombstones[FileActionKey.For(remove)] = remove;

        public override void OnSidecar(SidecarFile sidecar) => Sidecars.Add(sidecar);
    }
}
