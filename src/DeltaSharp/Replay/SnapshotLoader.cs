using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Checkpoints;
using DeltaSharp.Log;
using DeltaSharp.Runtime;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.TableFeatures;

namespace DeltaSharp.Replay;

/// <summary>
/// Builds snapshots: reads the <c>_last_checkpoint</c> hint, lists the log, plans the segment (pure), replays the
/// checkpoint and commits into a <see cref="ReconciliationSink"/>, then validates protocol, metadata and schema.
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
    public static async Task<LogSegment> PlanAsync(DeltaTableContext context, long? version, CheckpointFilter filter, CancellationToken cancellationToken)
    {
        LastCheckpointHint? hint = filter == CheckpointFilter.None ? null : await ReadHintAsync(context.Store, cancellationToken).ConfigureAwait(false);
        if (hint is not null && hint.Version > 0 && (version is null || version >= hint.Version))
        {
            List<LogFile> partial = await ListAsync(context.Store, hint.Version, cancellationToken).ConfigureAwait(false);
            LogSegment? fromHint = LogSegmentPlanner.Plan(partial, hint, version, hint.Version, context.Location, filter);
            if (fromHint is not null)
            {
                return fromHint;
            }
        }
        List<LogFile> listing = await ListAsync(context.Store, 0, cancellationToken).ConfigureAwait(false);
        try
        {
            return LogSegmentPlanner.Plan(listing, hint, version, 0, context.Location, filter)!;
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

    private static async Task<DeltaSnapshot> ReplayAsync(DeltaTableContext context, LogSegment segment, DeltaSnapshot? prior, bool explicitVersion, CancellationToken cancellationToken)
    {
        var sink = new ReconciliationSink(context.Options.IncludeFileStatistics, prior?.Files.Count ?? 0);
        var interner = new PartitionValueInterner();
        if (prior is not null)
        {
            foreach (AddFile file in prior.Files)
            {
                sink.Files[FileActionKey.For(file)] = file;
            }
            sink.Protocol = prior.Protocol;
            sink.Metadata = prior.Metadata;
            foreach (KeyValuePair<string, SetTransaction> txn in prior.Transactions)
            {
                sink.Transactions[txn.Key] = txn.Value;
            }
            foreach (KeyValuePair<string, DomainMetadata> domain in prior.DomainMetadata)
            {
                sink.Domains[domain.Key] = domain.Value;
            }
        }

        foreach (LogFile checkpoint in segment.CheckpointFiles)
        {
            await ReadLogFileAsync(context, checkpoint.Path, checkpoint.Version, checkpoint.IsJson, interner, sink, cancellationToken).ConfigureAwait(false);
        }
        if (sink.Sidecars.Count > 0)
        {
            if (context.CheckpointReader is null)
            {
                throw new SidecarsNeedParquetException();
            }
            foreach (SidecarFile sidecar in sink.Sidecars)
            {
                string decoded = FilePaths.Decode(sidecar.Path);
                string path = FilePaths.IsAbsolute(decoded) ? decoded : LogFile.LogDirectory + "_sidecars/" + decoded;
                await context.CheckpointReader.ReadAsync(context.Store, path, segment.CheckpointVersion ?? segment.Version, interner, sink, cancellationToken).ConfigureAwait(false);
            }
        }

        CommitInfo? versionCommitInfo = null;
        foreach (LogFile commit in segment.Commits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.BeginFile();
            await ReadLogFileAsync(context, commit.Path, commit.Version, true, interner, sink, cancellationToken).ConfigureAwait(false);
            if (commit.Version == segment.Version)
            {
                versionCommitInfo = sink.FileCommitInfo;
            }
        }

        long version = segment.Version;
        string location = context.Location;
        DeltaProtocol protocol = sink.Protocol ?? throw new DeltaLogCorruptException("The log has no protocol action: the table state cannot be reconstructed", location, version);
        DeltaMetadata metadata = sink.Metadata ?? throw new DeltaLogCorruptException("The log has no metaData action: the table state cannot be reconstructed", location, version);
        ReaderProtocolGate.EnsureReadable(protocol, explicitVersion || context.Options.AllowPublishedCatalogManagedLog, location, version);

        DeltaSchema schema;
        try
        {
            schema = DeltaSchema.Parse(metadata.SchemaString);
        }
        catch (FormatException ex)
        {
            throw new DeltaLogCorruptException($"The table schema is invalid: {ex.Message}", location, version, ex);
        }
        ColumnMappingMode mode = TableProperties.GetColumnMappingMode(metadata.Configuration);

        DateTimeOffset timestamp = await TimestampOfAsync(context, segment, metadata, versionCommitInfo, cancellationToken).ConfigureAwait(false);
        var files = new AddFile[sink.Files.Count];
        sink.Files.Values.CopyTo(files, 0);
        return new DeltaSnapshot(context, version, timestamp, protocol, metadata, schema, mode, files, sink.Transactions, sink.Domains, segment.CheckpointVersion);
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
        await JsonLogFileReader.ReadAsync(store, commit.Path, commit.Version, new PartitionValueInterner(), sink, cancellationToken).ConfigureAwait(false);
        return sink.CommitInfo;
    }

    private static async ValueTask ReadLogFileAsync(DeltaTableContext context, string path, long version, bool isJson, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken)
    {
        try
        {
            if (isJson)
            {
                await JsonLogFileReader.ReadAsync(context.Store, path, version, interner, sink, cancellationToken).ConfigureAwait(false);
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
            throw new DeltaLogCorruptException("A log file disappeared while the snapshot was being read (listed but not found); retry", path, version, ex);
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
