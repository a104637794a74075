using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Checkpoints;
using DeltaSharp.Log;
using DeltaSharp.Parquet;
using DeltaSharp.Runtime;
using DeltaSharp.Schema;
using DeltaSharp.State;
using DeltaSharp.Storage;
using DeltaSharp.TableFeatures;

namespace DeltaSharp.Replay;

/// <summary>
/// Builds snapshots: reads the <c>_last_checkpoint</c> hint, lists the log, plans the segment (pure), replays the
/// commits (<see cref="CommitReplaySink"/>) and then the checkpoint (<see cref="CheckpointReplaySink"/>), then validates protocol, metadata and schema.
/// </summary>
internal static class SnapshotLoader
{
    /// <summary>Loads the snapshot at <paramref name="version"/> (null = latest).</summary>
    public static async Task<DeltaSnapshot> LoadAsync(DeltaTableContext context, long? version, CancellationToken cancellationToken)
    {
        ProcessGuard.ThrowIfForked();
        CheckpointFilter filter = context.CheckpointReader is null ? CheckpointFilter.JsonOnly : CheckpointFilter.All;
        LogSegment segment = await PlanAsync(context, version, filter, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReplayAsync(context, segment, null, version is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (SidecarsNeedParquetException)
        {
            // A JSON V2 checkpoint references Parquet sidecars that cannot be read yet: replay without checkpoints.
            segment = await PlanAsync(context, version, CheckpointFilter.None, cancellationToken).ConfigureAwait(false);
            return await ReplayAsync(context, segment, null, version is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaLogCorruptException ex) when (segment.CheckpointVersion is not null && ex.InnerException is ParquetFormatException or DeltaObjectNotFoundException)
        {
            // A checkpoint file that is not readable Parquet (truncated, partially written), or a V2 checkpoint whose
            // sidecar is missing, is not a "complete"
            // checkpoint (PROTOCOL.md "Checkpoints": readers use the newest complete checkpoint). When every commit is
            // still in the log, the same version is replayed from the commits instead (as Delta Spark falls back to an
            // equivalent log segment); otherwise the checkpoint's error stands. A readable checkpoint that lacks
            // required actions stays an error (delta-kernel-rs golden "checkpoint missing metadata").
            LogSegment? withoutCheckpoint = await TryPlanWithoutCheckpointsAsync(context, version, cancellationToken).ConfigureAwait(false);
            if (withoutCheckpoint is null || withoutCheckpoint.Version != segment.Version)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex).Throw();
            }
            return await ReplayAsync(context, withoutCheckpoint!, null, version is not null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<LogSegment?> TryPlanWithoutCheckpointsAsync(DeltaTableContext context, long? version, CancellationToken cancellationToken)
    {
        try
        {
            return await PlanAsync(context, version, CheckpointFilter.None, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaException)
        {
            return null;
        }
    }

    /// <summary>Loads the snapshot at <paramref name="version"/> (null = latest) using only the checkpoints
    /// <paramref name="filter"/> allows (tests compare replays with and without checkpoints).</summary>
    internal static async Task<DeltaSnapshot> LoadWithAsync(DeltaTableContext context, long? version, CheckpointFilter filter, CancellationToken cancellationToken, bool useCompactions = true)
    {
        LogSegment segment = await PlanAsync(context, version, filter, cancellationToken, useCompactions).ConfigureAwait(false);
        return await ReplayAsync(context, segment, null, version is not null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns the latest snapshot, replaying only the commits after <paramref name="prior"/> when they are all still
    /// in the log; otherwise loads from scratch. Returns <paramref name="prior"/> itself when nothing changed.
    /// </summary>
    public static async Task<DeltaSnapshot> RefreshAsync(DeltaSnapshot prior, CancellationToken cancellationToken)
    {
        ProcessGuard.ThrowIfForked();
        DeltaTableContext context = prior.Context;
        List<LogFile> listing = await ListAsync(context.Store, prior.Version + 1, cancellationToken).ConfigureAwait(false);
        long expected = prior.Version + 1;
        var commits = new List<LogFile>();
        foreach (LogFile file in listing)
        {
            if (file.Kind != LogFileKind.Commit)
            {
                continue;
            }
            if (file.Version != expected)
            {
                return await LoadAsync(context, null, cancellationToken).ConfigureAwait(false);
            }
            commits.Add(file);
            expected++;
        }
        if (commits.Count == 0)
        {
            return prior;
        }
        var segment = new LogSegment(commits[^1].Version, prior.CheckpointVersion, Array.Empty<LogFile>(), commits, commits[^1]);
        return await ReplayAsync(context, segment, prior, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the recognised log files whose version is at least <paramref name="fromVersion"/>.</summary>
    public static async Task<List<LogFile>> ListAsync(IObjectStore store, long fromVersion, CancellationToken cancellationToken)
    {
        var files = new List<LogFile>();
        string? startAfter = fromVersion > 0 ? $"{LogFile.LogDirectory}{fromVersion:D20}" : null;
        await foreach (ObjectMeta meta in store.ListAsync(LogFile.LogDirectory, startAfter, cancellationToken).ConfigureAwait(false))
        {
            if (LogFile.TryParse(meta, out LogFile file) && file.Version >= fromVersion)
            {
                files.Add(file);
            }
        }
        return files;
    }

    /// <summary>Reads and parses <c>_last_checkpoint</c>; null when absent or unreadable (it is only a hint).</summary>
    public static async Task<LastCheckpointHint?> ReadHintAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ObjectMeta meta;
        try
        {
            meta = await store.GetMetadataAsync(LastCheckpointHint.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaObjectNotFoundException)
        {
            return null;
        }
        if (meta.Size is <= 0 or > 1 << 20)
        {
            return null;
        }
        byte[] content = new byte[meta.Size];
        try
        {
            await store.ReadRangeAsync(LastCheckpointHint.Path, 0, content, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaStorageException ex) when (!ex.IsTransient)
        {
            return null;
        }
        return LastCheckpointHint.TryParse(content);
    }

    /// <summary>Plans the segment for <paramref name="version"/>, listing from the hint's version when that suffices.</summary>
    public static async Task<LogSegment> PlanAsync(DeltaTableContext context, long? version, CheckpointFilter filter, CancellationToken cancellationToken, bool useCompactions = true)
    {
        LastCheckpointHint? hint = filter == CheckpointFilter.None ? null : await ReadHintAsync(context.Store, cancellationToken).ConfigureAwait(false);
        if (hint is not null && hint.Version > 0 && (version is null || version >= hint.Version))
        {
            List<LogFile> partial = await ListAsync(context.Store, hint.Version, cancellationToken).ConfigureAwait(false);
            LogSegment? fromHint = LogSegmentPlanner.Plan(partial, hint, version, hint.Version, context.Location, filter, useCompactions);
            if (fromHint is not null)
            {
                return fromHint;
            }
        }
        List<LogFile> listing = await ListAsync(context.Store, 0, cancellationToken).ConfigureAwait(false);
        try
        {
            return LogSegmentPlanner.Plan(listing, hint, version, 0, context.Location, filter, useCompactions)!;
        }
        catch (DeltaException) when (filter != CheckpointFilter.All && PlansWithAllCheckpoints(listing, hint, version, context.Location))
        {
            throw new DeltaUnsupportedFeatureException(
                "parquetCheckpoint",
                $"The table at '{context.Location}' can only be reconstructed from a Parquet checkpoint, and this build of DeltaSharp cannot read Parquet checkpoints yet.");
        }
    }

    private static bool PlansWithAllCheckpoints(List<LogFile> listing, LastCheckpointHint? hint, long? version, string location)
    {
        try
        {
            return LogSegmentPlanner.Plan(listing, hint, version, 0, location, CheckpointFilter.All) is not null;
        }
        catch (DeltaException)
        {
            return false;
        }
    }

    /// <summary>At most this many checkpoint parts or sidecars are read at the same time.</summary>
    private const int CheckpointFileParallelism = 2;

    /// <summary>At most this many commit files are read and decoded ahead of the one being applied (with more than one
    /// processor; with one, files are decoded and applied in turn on one thread).</summary>
    private const int CommitReadAhead = 2;

    /// <summary>
    /// Replays a segment on top of a base (the prior snapshot for a refresh, else the segment's checkpoint). The
    /// commits are read first, ascending, into a small table of the file keys they decide; the base is then streamed
    /// and each of its adds kept unless a commit decided its key. A checkpoint is reconciled state (distinct adds), so
    /// a million-file base is appended to a list without hashing, and parts and sidecars can be read in parallel.
    /// </summary>
    private static async Task<DeltaSnapshot> ReplayAsync(DeltaTableContext context, LogSegment segment, DeltaSnapshot? prior, bool explicitVersion, CancellationToken cancellationToken)
    {
        bool wantsStatistics = context.Options.IncludeFileStatistics;
        var interner = new PartitionValueInterner();
        IReadOnlyList<LogFile> replayFiles = segment.ReplayFiles;
        long replayBytes = 0;
        foreach (LogFile file in replayFiles)
        {
            replayBytes += Math.Max(file.Size, 0);
        }
        var commits = new CommitReplaySink(wantsStatistics, replayBytes);
        CommitInfo? versionCommitInfo = null;
        if (replayFiles.Count <= 1)
        {
            versionCommitInfo = await ReplayCommitsInOrderAsync(context, segment, commits, interner, false, cancellationToken).ConfigureAwait(false);
        }
        else if (Environment.ProcessorCount == 1)
        {
            // One processor: decoding ahead on other pool threads only adds hand-offs (and applies each batch after
            // its bytes left the cache). Decode and apply file by file on one pool thread, off the caller's context.
            versionCommitInfo = await Task.Run(() => ReplayCommitsInOrderAsync(context, segment, commits, interner, true, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            versionCommitInfo = await ReplayCommitsAheadAsync(context, segment, commits, cancellationToken).ConfigureAwait(false);
        }

        FileTableBuilder files;
        DeltaProtocol? protocol;
        DeltaMetadata? metadata;
        var transactions = new Dictionary<string, SetTransaction>(StringComparer.Ordinal);
        var domains = new Dictionary<string, DomainMetadata>(StringComparer.Ordinal);
        IDecidedFileKeys decided = commits.Files;
        if (prior is not null)
        {
            // The prior snapshot's table minus the keys the new commits decided, sharing its bytes.
            files = new FileTableBuilder(prior.FileTable.Count + commits.Files.SurvivorCount);
            files.AppendTable(prior.FileTable, decided);
            protocol = prior.Protocol;
            metadata = prior.Metadata;
            foreach (KeyValuePair<string, SetTransaction> txn in prior.Transactions)
            {
                transactions[txn.Key] = txn.Value;
            }
            foreach (KeyValuePair<string, DomainMetadata> domain in prior.DomainMetadata)
            {
                domains[domain.Key] = domain.Value;
            }
        }
        else
        {
            List<CheckpointReplaySink> parts = await ReadCheckpointAsync(context, segment, decided, cancellationToken).ConfigureAwait(false);
            protocol = null;
            metadata = null;
            // The first part's table is the snapshot's: the other parts' tables are appended to it (sharing bytes).
            files = parts.Count > 0 ? parts[0].FileBuilder : new FileTableBuilder(commits.Files.SurvivorCount);
            long total = commits.Files.SurvivorCount;
            foreach (CheckpointReplaySink part in parts)
            {
                total += part.FileBuilder.Count;
            }
            files.Reserve((int)Math.Min(total, Array.MaxLength));
            for (int i = 0; i < parts.Count; i++)
            {
                CheckpointReplaySink part = parts[i];
                if (i > 0)
                {
                    files.AppendTable(part.FileBuilder.Build());
                }
                protocol = part.Protocol ?? protocol;
                metadata = part.Metadata ?? metadata;
                foreach (SetTransaction txn in part.Transactions)
                {
                    transactions[txn.AppId] = txn;
                }
                foreach (DomainMetadata domain in part.Domains)
                {
                    if (domain.Removed)
                    {
                        domains.Remove(domain.Domain);
                    }
                    else
                    {
                        domains[domain.Domain] = domain;
                    }
                }
            }
        }

        commits.Files.AppendSurvivors(files);
        protocol = commits.Protocol ?? protocol;
        metadata = commits.Metadata ?? metadata;
        foreach (KeyValuePair<string, SetTransaction> txn in commits.Transactions)
        {
            transactions[txn.Key] = txn.Value;
        }
        foreach (KeyValuePair<string, DomainMetadata> domain in commits.Domains)
        {
            if (domain.Value.Removed)
            {
                domains.Remove(domain.Key);
            }
            else
            {
                domains[domain.Key] = domain.Value;
            }
        }
        return await FinishAsync(context, segment, explicitVersion, protocol, metadata, versionCommitInfo, files.Build(), transactions, domains, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies the segment's commit files in order while up to <see cref="CommitReadAhead"/> later files are read and
    /// decoded on the thread pool (each into its own columnar <see cref="CommitFileBatch"/> with its own interner); returns the
    /// commitInfo of the segment's version when its commit was read.
    /// </summary>
    private static async Task<CommitInfo?> ReplayCommitsAheadAsync(DeltaTableContext context, LogSegment segment, CommitReplaySink commits, CancellationToken cancellationToken)
    {
        IReadOnlyList<LogFile> files = segment.ReplayFiles;
        var pending = new Queue<Task<CommitFileBatch>>();
        int next = 0;
        CommitInfo? versionCommitInfo = null;
        try
        {
            for (int i = 0; i < files.Count; i++)
            {
                while (next < files.Count && pending.Count < CommitReadAhead)
                {
                    LogFile file = files[next++];
                    pending.Enqueue(Task.Run(
                        async () =>
                        {
                            CommitFileBatch batch = commits.CreateBatch(file.Size);
                            // On a pool thread of its own: a local commit file is read synchronously here.
                            await ReadLogFileAsync(context, file.Path, file.Version, true, file.Size, true, new PartitionValueInterner(), batch, cancellationToken).ConfigureAwait(false);
                            batch.Complete();
                            return batch;
                        },
                        cancellationToken));
                }
                CommitFileBatch decoded = await pending.Dequeue().ConfigureAwait(false);
                commits.Apply(decoded);
                if (files[i].Version == segment.Version)
                {
                    versionCommitInfo = commits.FileCommitInfo;
                }
            }
        }
        finally
        {
            // Stopped early (an error or cancellation): let the files still being read finish; the first error wins.
            while (pending.Count > 0)
            {
                try
                {
                    await pending.Dequeue().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is DeltaException or OperationCanceledException or System.IO.IOException)
                {
                }
            }
        }
        return versionCommitInfo;
    }

    /// <summary>Reads, decodes and applies the segment's commit files one after the other; returns the commitInfo of
    /// the segment's version when its commit was read. <paramref name="onOwnThread"/>: the caller is a pool task of
    /// its own (local files are then read synchronously). One interner serves every file (one thread).</summary>
    private static async Task<CommitInfo?> ReplayCommitsInOrderAsync(DeltaTableContext context, LogSegment segment, CommitReplaySink commits, PartitionValueInterner interner, bool onOwnThread, CancellationToken cancellationToken)
    {
        IReadOnlyList<LogFile> files = segment.ReplayFiles;
        CommitInfo? versionCommitInfo = null;
        for (int i = 0; i < files.Count; i++)
        {
            LogFile file = files[i];
            CommitFileBatch batch = commits.CreateBatch(file.Size);
            await ReadLogFileAsync(context, file.Path, file.Version, true, file.Size, onOwnThread, interner, batch, cancellationToken).ConfigureAwait(false);
            batch.Complete();
            commits.Apply(batch);
            if (file.Version == segment.Version)
            {
                versionCommitInfo = commits.FileCommitInfo;
            }
        }
        return versionCommitInfo;
    }

    /// <summary>
    /// Reads the segment's checkpoint: its files (one, or the parts of a multi-part checkpoint), then the sidecars a
    /// V2 checkpoint references, up to <see cref="CheckpointFileParallelism"/> files at a time, each into its own sink
    /// (results in file order: parts in part order, then sidecars in the order listed).
    /// </summary>
    private static async Task<List<CheckpointReplaySink>> ReadCheckpointAsync(DeltaTableContext context, LogSegment segment, IDecidedFileKeys shadowed, CancellationToken cancellationToken)
    {
        bool wantsStatistics = context.Options.IncludeFileStatistics;
        var parts = new List<CheckpointReplaySink>();
        var files = new List<(string Path, long Version, bool IsJson)>();
        foreach (LogFile checkpoint in segment.CheckpointFiles)
        {
            files.Add((checkpoint.Path, checkpoint.Version, checkpoint.IsJson));
        }
        parts.AddRange(await ReadFilesInParallelAsync(context, files, wantsStatistics, shadowed, cancellationToken).ConfigureAwait(false));

        var sidecars = new List<(string Path, long Version, bool IsJson)>();
        foreach (CheckpointReplaySink part in parts)
        {
            foreach (SidecarFile sidecar in part.Sidecars)
            {
                string decoded = FilePaths.Decode(sidecar.Path);
                string path = LogFile.SidecarPath(decoded);
                sidecars.Add((path, segment.CheckpointVersion ?? segment.Version, false));
            }
        }
        if (sidecars.Count > 0)
        {
            if (context.CheckpointReader is null)
            {
                throw new SidecarsNeedParquetException();
            }
            parts.AddRange(await ReadFilesInParallelAsync(context, sidecars, wantsStatistics, shadowed, cancellationToken).ConfigureAwait(false));
        }
        return parts;
    }

    private static async Task<CheckpointReplaySink[]> ReadFilesInParallelAsync(
        DeltaTableContext context, List<(string Path, long Version, bool IsJson)> files, bool wantsStatistics, IDecidedFileKeys shadowed, CancellationToken cancellationToken)
    {
        var sinks = new CheckpointReplaySink[files.Count];
        if (files.Count == 1)
        {
            sinks[0] = new CheckpointReplaySink(wantsStatistics, true, shadowed);
            await ReadLogFileAsync(context, files[0].Path, files[0].Version, files[0].IsJson, new PartitionValueInterner(), sinks[0], cancellationToken).ConfigureAwait(false);
            return sinks;
        }
        using var gate = new SemaphoreSlim(CheckpointFileParallelism);
        var tasks = new Task[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            (string path, long version, bool isJson) = files[i];
            var sink = new CheckpointReplaySink(wantsStatistics, true, shadowed);
            sinks[i] = sink;
            tasks[i] = ReadReleasingAsync(context, path, version, isJson, sink, gate, cancellationToken);
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return sinks;

        static async Task ReadReleasingAsync(DeltaTableContext context, string path, long version, bool isJson, CheckpointReplaySink sink, SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            try
            {
                await ReadLogFileAsync(context, path, version, isJson, new PartitionValueInterner(), sink, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static async Task<DeltaSnapshot> FinishAsync(
        DeltaTableContext context,
        LogSegment segment,
        bool explicitVersion,
        DeltaProtocol? protocol,
        DeltaMetadata? metadata,
        CommitInfo? versionCommitInfo,
        FileTable files,
        Dictionary<string, SetTransaction> transactions,
        Dictionary<string, DomainMetadata> domains,
        CancellationToken cancellationToken)
    {
        long version = segment.Version;
        string location = context.Location;
        DeltaProtocol readProtocol = protocol ?? throw new DeltaLogCorruptException("The log has no protocol action: the table state cannot be reconstructed", location, version);
        DeltaMetadata readMetadata = metadata ?? throw new DeltaLogCorruptException("The log has no metaData action: the table state cannot be reconstructed", location, version);
        ReaderProtocolGate.EnsureReadable(readProtocol, explicitVersion || context.Options.AllowPublishedCatalogManagedLog, location, version);

        DeltaSchema schema;
        try
        {
            schema = DeltaSchema.Parse(readMetadata.SchemaString);
        }
        catch (FormatException ex)
        {
            throw new DeltaLogCorruptException($"The table schema is invalid: {ex.Message}", location, version, ex);
        }
        ColumnMappingMode mode = TableProperties.GetColumnMappingMode(readProtocol, readMetadata.Configuration);

        DateTimeOffset timestamp = await TimestampOfAsync(context, segment, readMetadata, versionCommitInfo, cancellationToken).ConfigureAwait(false);
        return new DeltaSnapshot(context, version, timestamp, readProtocol, readMetadata, schema, mode, files, transactions, domains, segment.CheckpointVersion);
    }

    private static async Task<DateTimeOffset> TimestampOfAsync(DeltaTableContext context, LogSegment segment, DeltaMetadata metadata, CommitInfo? versionCommitInfo, CancellationToken cancellationToken)
    {
        if (IsInCommitTimestampVersion(metadata, segment.Version))
        {
            if (versionCommitInfo is null && segment.VersionCommit is LogFile commitFile)
            {
                versionCommitInfo = await ReadCommitInfoAsync(context.Store, commitFile, cancellationToken).ConfigureAwait(false);
            }
            if (versionCommitInfo?.InCommitTimestamp is long ict)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ict);
            }
            // A commit written without its in-commit timestamp (a non-conforming writer): the snapshot stays
            // readable and reports the file time; timestamp-based time travel rejects such a log instead.
        }
        if (segment.VersionCommit is LogFile file)
        {
            return file.LastModified;
        }
        return segment.CheckpointFiles.Count > 0 ? segment.CheckpointFiles[0].LastModified : DateTimeOffset.UnixEpoch;
    }

    /// <summary>True when <paramref name="version"/>'s timestamp is its in-commit timestamp under this metadata.</summary>
    public static bool IsInCommitTimestampVersion(DeltaMetadata metadata, long version) =>
        TableProperties.InCommitTimestampsEnabled(metadata.Configuration) &&
        (TableProperties.InCommitTimestampEnablementVersionOf(metadata.Configuration) is not long enabledAt || version >= enabledAt);

    /// <summary>Reads the first <c>commitInfo</c> of a commit file (other actions are skipped).</summary>
    public static async Task<CommitInfo?> ReadCommitInfoAsync(IObjectStore store, LogFile commit, CancellationToken cancellationToken)
    {
        var sink = new CommitInfoSink();
        await JsonLogFileReader.ReadAsync(store, commit.Path, commit.Version, commit.Size, new PartitionValueInterner(), sink, false, cancellationToken).ConfigureAwait(false);
        return sink.CommitInfo;
    }

    private static ValueTask ReadLogFileAsync(DeltaTableContext context, string path, long version, bool isJson, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken) =>
        ReadLogFileAsync(context, path, version, isJson, -1, false, interner, sink, cancellationToken);

    /// <summary>Reads one log file (JSON or Parquet) into <paramref name="sink"/>; <paramref name="listedSize"/> is its
    /// listed size (negative: unknown); <paramref name="onOwnThread"/>: the caller is a task on a thread of its own (see
    /// <see cref="JsonLogFileReader.ReadAsync(IObjectStore, string, long?, long, PartitionValueInterner, ActionSink, bool, CancellationToken)"/>).</summary>
    private static async ValueTask ReadLogFileAsync(DeltaTableContext context, string path, long version, bool isJson, long listedSize, bool onOwnThread, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken)
    {
        try
        {
            if (isJson)
            {
                await JsonLogFileReader.ReadAsync(context.Store, path, version, listedSize, interner, sink, onOwnThread, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                ICheckpointFileReader reader = context.CheckpointReader ??
                    throw new DeltaUnsupportedFeatureException("parquetCheckpoint", $"Reading the Parquet checkpoint '{path}' needs the Parquet reader.");
                await reader.ReadAsync(context.Store, path, version, interner, sink, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DeltaObjectNotFoundException ex)
        {
            throw new DeltaLogCorruptException(
                path.Contains("/_sidecars/", StringComparison.Ordinal)
                    ? "A sidecar file referenced by the V2 checkpoint does not exist"
                    : "A log file disappeared while the snapshot was being read (listed but not found); retry",
                path, version, ex);
        }
    }

    private sealed class CommitInfoSink : ActionSink
    {
        public CommitInfo? CommitInfo { get; private set; }

        public override bool WantsCommitInfo => true;

        public override bool WantsFileActions => false;

        public override void OnCommitInfo(CommitInfo commitInfo) => CommitInfo ??= commitInfo;
    }

    private sealed class SidecarsNeedParquetException : Exception
    {
    }
}
