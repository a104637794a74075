using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.DeletionVectors;
using DeltaSharp.Log;
using DeltaSharp.Replay;
using DeltaSharp.Runtime;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.TableFeatures;

namespace DeltaSharp.ChangeFeed;

/// <summary>
/// Reads a table's change data feed for a version range, as Spark's <c>table_changes</c> does. First every commit of
/// the range is read and checked (the feed recorded at every version, protocols readable, schemas readable with the
/// end version's schema) so that an error comes before any row; then per commit, in version order, the files
/// <see cref="ChangeFilePlanner"/> chose are read with the table scan (a snapshot of just those files: column
/// mapping, type widening, partition values, deletion vectors and the filter all work as in a table scan) and the
/// change columns are appended.
/// </summary>
internal static class ChangeFeedReader
{
    /// <summary>How many commit files are read concurrently while planning.</summary>
    private const int CommitReadConcurrency = 8;

    public static async IAsyncEnumerable<RecordBatch> ReadAsync(DeltaTableContext context, long startVersion, long? endVersion, DeltaChangeFeedOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ProcessGuard.ThrowIfForked();
        ChangeFeedPlan plan = await PlanAsync(context, startVersion, endVersion, options, cancellationToken).ConfigureAwait(false);
        await foreach (RecordBatch batch in ReadPlanAsync(plan, options, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    public static async IAsyncEnumerable<RecordBatch> ReadAsync(DeltaTableContext context, DateTimeOffset startTimestamp, DateTimeOffset? endTimestamp, DeltaChangeFeedOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ProcessGuard.ThrowIfForked();
        (long start, long end) = await ResolveTimestampsAsync(context, startTimestamp, endTimestamp, cancellationToken).ConfigureAwait(false);
        ChangeFeedPlan plan = await PlanAsync(context, start, end, options, cancellationToken).ConfigureAwait(false);
        await foreach (RecordBatch batch in ReadPlanAsync(plan, options, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    /// <summary>Reads and checks every commit of the range; returns what to read. Throws before any row is produced.</summary>
    internal static async Task<ChangeFeedPlan> PlanAsync(DeltaTableContext context, long start, long? requestedEnd, DeltaChangeFeedOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
        }
        if (options.MaxConcurrentFiles is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrentFiles, "MaxConcurrentFiles must be at least 1.");
        }
        if (requestedEnd is long requested && requested < start)
        {
            throw new DeltaChangeDataFeedException(
                string.Create(CultureInfo.InvariantCulture, $"CDC range from start {start} to end {requested} was invalid: the end version cannot be before the start version (table '{context.Location}')."),
                null, start, requested);
        }
        List<LogFile> listing = await SnapshotLoader.ListAsync(context.Store, 0, cancellationToken).ConfigureAwait(false);
        var commits = new SortedDictionary<long, LogFile>();
        foreach (LogFile file in listing)
        {
            if (file.Kind == LogFileKind.Commit)
            {
                commits[file.Version] = file;
            }
        }
        if (commits.Count == 0)
        {
            // No commit at all: let the snapshot loader give its precise error (no table, or a log without commits).
            _ = await SnapshotLoader.LoadAsync(context, null, cancellationToken).ConfigureAwait(false);
            throw new DeltaVersionNotFoundException($"The table at '{context.Location}' has no commit files to read changes from.", null, null);
        }
        long latest = long.MinValue;
        long earliest = long.MaxValue;
        foreach (long version in commits.Keys)
        {
            latest = Math.Max(latest, version);
            earliest = Math.Min(earliest, version);
        }
        if (start > latest)
        {
            throw new DeltaVersionNotFoundException(
                string.Create(CultureInfo.InvariantCulture, $"Provided start version ({start}) for reading changes is greater than the latest version available ({latest}) of the table at '{context.Location}'."),
                earliest, latest);
        }
        long end = Math.Min(requestedEnd ?? latest, latest);
        for (long v = start; v <= end; v++)
        {
            if (!commits.ContainsKey(v))
            {
                throw new DeltaVersionNotFoundException(
                    string.Create(CultureInfo.InvariantCulture, $"Cannot read the changes of version {v} of the table at '{context.Location}': its commit file is not in the log (cleaned up by log retention?). The earliest commit in the log is version {earliest}; read changes from a version whose commits are all present."),
                    earliest, latest);
            }
        }
        DeltaSnapshot endSnapshot = await SnapshotLoader.LoadAsync(context, end, cancellationToken).ConfigureAwait(false);
        CommitChanges[] changes = await ReadCommitsAsync(context, commits, start, end, cancellationToken).ConfigureAwait(false);

        // The metadata and protocol in effect at the start version: the start commit's own, else the start snapshot's.
        DeltaMetadata current;
        DeltaProtocol currentProtocol;
        if (changes[0].Metadata is DeltaMetadata startMetadata && changes[0].Protocol is DeltaProtocol startProtocol)
        {
            current = startMetadata;
            currentProtocol = startProtocol;
        }
        else
        {
            DeltaSnapshot startSnapshot = start == end ? endSnapshot : await SnapshotLoader.LoadAsync(context, start, cancellationToken).ConfigureAwait(false);
            current = startSnapshot.Metadata;
            currentProtocol = startSnapshot.Protocol;
        }
        DeltaSchema readSchema = endSnapshot.Schema;
        ColumnMappingMode readMode = endSnapshot.ColumnMappingMode;
        ChangeFeedValidator.EnsureRecorded(current, start, start, end);
        CheckSchema(current, currentProtocol, readSchema, readMode, start, start, end);
        var projection = new ChangeFeedProjection(readSchema, options);
        var versions = new List<CommitPlan>(changes.Length);
        long previousTime = long.MinValue;
        foreach (CommitChanges commit in changes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long v = commit.Version;
            if (commit.Protocol is DeltaProtocol protocol)
            {
                ReaderProtocolGate.EnsureReadable(protocol, allowPublishedCatalogLog: true, context.Location, v);
                currentProtocol = protocol;
            }
            if (commit.Metadata is DeltaMetadata metadata)
            {
                ChangeFeedValidator.EnsureRecorded(metadata, v, start, end);
                CheckSchema(metadata, currentProtocol, readSchema, readMode, v, start, end);
                current = metadata;
            }
            // _commit_timestamp: the in-commit timestamp where enabled, else the file time made strictly increasing
            // over the range (as Spark's history does).
            long millis = commits[v].LastModified.ToUnixTimeMilliseconds();
            if (millis <= previousTime)
            {
                millis = previousTime + 1;
            }
            previousTime = millis;
            if (SnapshotLoader.IsInCommitTimestampVersion(current, v) && commit.CommitInfo?.InCommitTimestamp is long ict)
            {
                millis = ict;
            }
            versions.Add(new CommitPlan(v, millis * 1000, ChangeFilePlanner.Plan(commit)));
        }
        return new ChangeFeedPlan(context, endSnapshot, start, end, projection, versions);
    }

    private static void CheckSchema(DeltaMetadata metadata, DeltaProtocol protocol, DeltaSchema readSchema, ColumnMappingMode readMode, long version, long start, long end)
    {
        DeltaSchema schema;
        try
        {
            schema = DeltaSchema.Parse(metadata.SchemaString);
        }
        catch (FormatException ex)
        {
            throw new DeltaLogCorruptException($"The schema of version {version} cannot be parsed: {ex.Message}", null, version, ex);
        }
        ColumnMappingMode mode = TableProperties.GetColumnMappingMode(protocol, metadata.Configuration);
        ChangeFeedValidator.EnsureReadable(schema, mode, readSchema, readMode, version, start, end);
    }

    private static async Task<CommitChanges[]> ReadCommitsAsync(DeltaTableContext context, SortedDictionary<long, LogFile> commits, long start, long end, CancellationToken cancellationToken)
    {
        var result = new CommitChanges[checked((int)(end - start + 1))];
        for (long windowStart = start; windowStart <= end; windowStart += CommitReadConcurrency)
        {
            long windowEnd = Math.Min(end, windowStart + CommitReadConcurrency - 1);
            var tasks = new List<Task>();
            for (long v = windowStart; v <= windowEnd; v++)
            {
                var sink = new CommitChanges(v);
                result[v - start] = sink;
                LogFile file = commits[v];
                tasks.Add(ReadCommitAsync(context.Store, file, sink, cancellationToken));
            }
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        return result;
    }

    private static async Task ReadCommitAsync(IObjectStore store, LogFile file, CommitChanges sink, CancellationToken cancellationToken)
    {
        try
        {
            // One interner per commit file: interners are not thread-safe and commits are read concurrently.
            await JsonLogFileReader.ReadAsync(store, file.Path, file.Version, new PartitionValueInterner(), sink, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaObjectNotFoundException ex)
        {
            throw new DeltaVersionNotFoundException($"The commit file of version {file.Version} disappeared while the change data feed was being read (cleaned up by log retention?).", ex);
        }
    }

    private static async IAsyncEnumerable<RecordBatch> ReadPlanAsync(ChangeFeedPlan plan, DeltaChangeFeedOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChangeFeedProjection projection = plan.Projection;
        ArrowAllocator? allocator = plan.Context.Options.Allocator;
        foreach (CommitPlan commit in plan.Commits)
        {
            if (commit.Files.Count == 0)
            {
                continue;
            }
            // Whole files of one kind are read as one scan (read ahead across files); deletion vector updates one by one.
            foreach (ChangeFileKind kind in new[] { ChangeFileKind.ChangeData, ChangeFileKind.Delete, ChangeFileKind.Insert })
            {
                var files = new List<AddFile>();
                foreach (ChangeFile file in commit.Files)
                {
                    if (file.Kind == kind)
                    {
                        files.Add(await ToAddFileAsync(plan, file, file.DeletionVector, cancellationToken).ConfigureAwait(false));
                    }
                }
                if (files.Count == 0)
                {
                    continue;
                }
                bool pushFilter = projection.Filter is not null && projection.FilterReadsTableColumnsOnly;
                DeltaSnapshot scope = Scope(plan, commit, files, kind == ChangeFileKind.ChangeData);
                string? changeType = kind switch
                {
                    ChangeFileKind.Delete => DeltaChangeFeed.Delete,
                    ChangeFileKind.Insert => DeltaChangeFeed.Insert,
                    _ => null,
                };
                var scanOptions = new DeltaScanOptions
                {
                    Columns = ScanColumns(projection, kind == ChangeFileKind.ChangeData),
                    BatchSize = options.BatchSize,
                    Filter = pushFilter ? projection.Filter : null,
                    MaxConcurrentFiles = options.MaxConcurrentFiles,
                };
                await foreach (RecordBatch scanned in scope.ReadAsync(scanOptions, cancellationToken).ConfigureAwait(false))
                {
                    RecordBatch? output;
                    using (scanned)
                    {
                        output = projection.Finish(scanned, changeType, commit.Version, commit.TimestampMicros, pushFilter, allocator);
                    }
                    if (output is not null)
                    {
                        yield return output;
                    }
                }
            }
            foreach (ChangeFile file in commit.Files)
            {
                if (file.Kind != ChangeFileKind.DeletionVectorUpdate)
                {
                    continue;
                }
                await foreach (RecordBatch batch in ReadDeletionVectorUpdateAsync(plan, commit, file, options, cancellationToken).ConfigureAwait(false))
                {
                    yield return batch;
                }
            }
        }
    }

    /// <summary>
    /// A re-added file whose deletion vector changed: reads the file without any vector and returns the rows whose
    /// deletion status changed, as deletes (newly deleted) and inserts (restored).
    /// </summary>
    private static async IAsyncEnumerable<RecordBatch> ReadDeletionVectorUpdateAsync(ChangeFeedPlan plan, CommitPlan commit, ChangeFile file, DeltaChangeFeedOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChangeFeedProjection projection = plan.Projection;
        ArrowAllocator? allocator = plan.Context.Options.Allocator;
        TablePaths paths = plan.Context.Paths;
        long[] before = file.PreviousDeletionVector is DeletionVectorDescriptor previous
            ? (await DeletionVectorLoader.LoadAsync(paths, previous, int.MaxValue, cancellationToken).ConfigureAwait(false)).Rows.ToArray()
            : Array.Empty<long>();
        long[] after = file.DeletionVector is DeletionVectorDescriptor next
            ? (await DeletionVectorLoader.LoadAsync(paths, next, int.MaxValue, cancellationToken).ConfigureAwait(false)).Rows.ToArray()
            : Array.Empty<long>();
        var inserted = new List<long>();
        var deleted = new List<long>();
        ChangeFilePlanner.ResolveDeletionVectorUpdate(before, after, inserted, deleted);
        if (inserted.Count == 0 && deleted.Count == 0)
        {
            yield break;
        }
        AddFile whole = await ToAddFileAsync(plan, file, null, cancellationToken).ConfigureAwait(false);
        DeltaSnapshot scope = Scope(plan, commit, new List<AddFile> { whole }, changeData: false);
        var scanOptions = new DeltaScanOptions
        {
            Columns = ScanColumns(projection, changeData: false),
            BatchSize = options.BatchSize,
            MaxConcurrentFiles = 1,
        };
        long rowBase = 0;
        int deletedAt = 0;
        int insertedAt = 0;
        await foreach (RecordBatch scanned in scope.ReadAsync(scanOptions, cancellationToken).ConfigureAwait(false))
        {
            RecordBatch? deletes;
            RecordBatch? inserts;
            using (scanned)
            {
                deletes = Select(scanned, rowBase, deleted, ref deletedAt, DeltaChangeFeed.Delete, commit, projection, allocator);
                try
                {
                    inserts = Select(scanned, rowBase, inserted, ref insertedAt, DeltaChangeFeed.Insert, commit, projection, allocator);
                }
                catch
                {
                    deletes?.Dispose();
                    throw;
                }
                rowBase += scanned.Length;
            }
            if (deletes is not null)
            {
                yield return deletes;
            }
            if (inserts is not null)
            {
                yield return inserts;
            }
        }
    }

    /// <summary>The rows of <paramref name="scanned"/> (file rows <paramref name="rowBase"/>..) listed in
    /// <paramref name="rows"/>, finished as change rows of <paramref name="changeType"/>; null when none.</summary>
    private static RecordBatch? Select(RecordBatch scanned, long rowBase, List<long> rows, ref int at, string changeType, CommitPlan commit, ChangeFeedProjection projection, ArrowAllocator? allocator)
    {
        int n = scanned.Length;
        int first = at;
        while (at < rows.Count && rows[at] < rowBase + n)
        {
            at++;
        }
        int count = at - first;
        if (count == 0)
        {
            return null;
        }
        int bytes = BitUtility.BytesForBits(n);
        byte[] selection = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 1));
        try
        {
            Array.Clear(selection, 0, bytes);
            for (int i = first; i < at; i++)
            {
                int row = (int)(rows[i] - rowBase);
                selection[row >> 3] |= (byte)(1 << (row & 7));
            }
            using RecordBatch selected = count == n ? scanned.Retain() : ArrayOperations.Filter(scanned, selection.AsSpan(0, bytes), allocator);
            return projection.Finish(selected, changeType, commit.Version, commit.TimestampMicros, filtered: false, allocator);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(selection);
        }
    }

    private static List<string> ScanColumns(ChangeFeedProjection projection, bool changeData)
    {
        var columns = new List<string>(projection.TableColumnNames);
        if (changeData)
        {
            columns.Add(DeltaChangeFeed.ChangeTypeColumn);
        }
        return columns;
    }

    /// <summary>A snapshot of the end version's table holding only <paramref name="files"/>: reading it is a table
    /// scan of exactly those files with the read schema (plus <c>_change_type</c> for change data files).</summary>
    private static DeltaSnapshot Scope(ChangeFeedPlan plan, CommitPlan commit, List<AddFile> files, bool changeData)
    {
        DeltaSnapshot end = plan.EndSnapshot;
        DeltaSchema schema = changeData ? plan.ChangeDataSchema : end.Schema;
        return new DeltaSnapshot(
            plan.Context,
            commit.Version,
            DateTimeOffset.FromUnixTimeMilliseconds(commit.TimestampMicros / 1000),
            end.Protocol,
            end.Metadata,
            schema,
            end.ColumnMappingMode,
            files.ToArray(),
            end.Transactions,
            end.DomainMetadata,
            null);
    }

    private static async ValueTask<AddFile> ToAddFileAsync(ChangeFeedPlan plan, ChangeFile file, DeletionVectorDescriptor? deletionVector, CancellationToken cancellationToken)
    {
        long size;
        if (file.Size is long known)
        {
            size = known;
        }
        else
        {
            ResolvedFile location = plan.Context.Paths.Resolve(file.Path);
            try
            {
                size = (await location.Store.GetMetadataAsync(location.Key, cancellationToken).ConfigureAwait(false)).Size;
            }
            catch (DeltaObjectNotFoundException ex)
            {
                throw new DeltaDataFileException("The data file of a change (removed without its size in the log) is missing", location.DisplayPath, ex);
            }
        }
        return new AddFile(file.Path, file.PartitionValues, size, 0, dataChange: true, statsUtf8: null, tags: null, deletionVector, baseRowId: null, defaultRowCommitVersion: null);
    }

    /// <summary>
    /// The version range of a timestamp range, as Spark resolves it: the first version committed at or after
    /// <paramref name="startTimestamp"/>, and the last version committed at or before <paramref name="endTimestamp"/>
    /// (the latest version when null or later than the last commit). Commit timestamps are in-commit timestamps
    /// where enabled, else commit file times made strictly increasing.
    /// </summary>
    internal static async Task<(long Start, long End)> ResolveTimestampsAsync(DeltaTableContext context, DateTimeOffset startTimestamp, DateTimeOffset? endTimestamp, CancellationToken cancellationToken)
    {
        if (endTimestamp is DateTimeOffset endTs && endTs < startTimestamp)
        {
            throw new DeltaChangeDataFeedException(
                $"CDC range from start timestamp {startTimestamp:O} to end timestamp {endTs:O} was invalid: the end cannot be before the start (table '{context.Location}').");
        }
        DeltaSnapshot latest = await SnapshotLoader.LoadAsync(context, null, cancellationToken).ConfigureAwait(false);
        List<LogFile> listing = await SnapshotLoader.ListAsync(context.Store, 0, cancellationToken).ConfigureAwait(false);
        var commits = new List<LogFile>();
        long earliestCheckpoint = long.MaxValue;
        bool hasZero = false;
        foreach (LogFile file in listing)
        {
            if (file.Kind == LogFileKind.Commit && file.Version <= latest.Version)
            {
                commits.Add(file);
                hasZero |= file.Version == 0;
            }
            else if (file.IsCheckpoint)
            {
                earliestCheckpoint = Math.Min(earliestCheckpoint, file.Version);
            }
        }
        long earliest = hasZero ? 0 : earliestCheckpoint;
        commits.RemoveAll(c => c.Version < earliest);
        commits.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (commits.Count == 0)
        {
            throw new DeltaVersionNotFoundException($"The table at '{context.Location}' has no commit files to resolve a timestamp against.", null, latest.Version);
        }
        var times = new long[commits.Count];
        long previous = long.MinValue;
        for (int i = 0; i < commits.Count; i++)
        {
            long t = commits[i].LastModified.ToUnixTimeMilliseconds();
            if (SnapshotLoader.IsInCommitTimestampVersion(latest.Metadata, commits[i].Version))
            {
                CommitInfo? info = await SnapshotLoader.ReadCommitInfoAsync(context.Store, commits[i], cancellationToken).ConfigureAwait(false);
                t = info?.InCommitTimestamp ?? t;
            }
            else if (t <= previous)
            {
                t = previous + 1;
            }
            times[i] = t;
            previous = t;
        }
        long startMillis = startTimestamp.ToUnixTimeMilliseconds();
        int startIndex = -1;
        for (int i = 0; i < times.Length; i++)
        {
            if (times[i] >= startMillis)
            {
                startIndex = i;
                break;
            }
        }
        if (startIndex < 0)
        {
            throw new DeltaVersionNotFoundException(
                $"The provided timestamp ({startTimestamp:O}) is after the latest version available to this table (version {latest.Version} at {DateTimeOffset.FromUnixTimeMilliseconds(times[^1]):O}, table '{context.Location}').",
                commits[0].Version, latest.Version);
        }
        int endIndex = times.Length - 1;
        if (endTimestamp is DateTimeOffset end)
        {
            long endMillis = end.ToUnixTimeMilliseconds();
            while (endIndex >= 0 && times[endIndex] > endMillis)
            {
                endIndex--;
            }
            if (endIndex < 0)
            {
                throw new DeltaVersionNotFoundException(
                    $"The provided end timestamp ({end:O}) is before the earliest version available to this table (version {commits[0].Version}, table '{context.Location}').",
                    commits[0].Version, latest.Version);
            }
        }
        long startVersion = commits[startIndex].Version;
        long endVersion = commits[endIndex].Version;
        if (endVersion < startVersion)
        {
            throw new DeltaChangeDataFeedException(
                string.Create(CultureInfo.InvariantCulture, $"CDC range from start {startVersion} to end {endVersion} was invalid: no commit of the table at '{context.Location}' lies between {startTimestamp:O} and {endTimestamp:O}."),
                null, startVersion, endVersion);
        }
        return (startVersion, endVersion);
    }

    /// <summary>What one commit contributes: its version, <c>_commit_timestamp</c> (microseconds) and files.</summary>
    internal sealed record CommitPlan(long Version, long TimestampMicros, List<ChangeFile> Files);

    /// <summary>A checked change data feed read: the end snapshot (read schema), the commits and the projection.</summary>
    internal sealed class ChangeFeedPlan
    {
        public ChangeFeedPlan(DeltaTableContext context, DeltaSnapshot endSnapshot, long start, long end, ChangeFeedProjection projection, List<CommitPlan> commits)
        {
            Context = context;
            EndSnapshot = endSnapshot;
            Start = start;
            End = end;
            Projection = projection;
            Commits = commits;
            ChangeDataSchema = ChangeFeedProjection.WithChangeType(endSnapshot.Schema);
        }

        public DeltaTableContext Context { get; }

        public DeltaSnapshot EndSnapshot { get; }

        public long Start { get; }

        public long End { get; }

        public ChangeFeedProjection Projection { get; }

        public List<CommitPlan> Commits { get; }

        public DeltaSchema ChangeDataSchema { get; }
    }
}
