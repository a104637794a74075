using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Expressions;
using ArrowSchema = DeltaSharp.Arrow.Schema;
using DeltaSharp.Log;
using DeltaSharp.Runtime;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.Transactions;

namespace DeltaSharp.Writing;

/// <summary>
/// Creates Delta tables and writes Arrow data to them (append, overwrite, partitioned), committing with
/// put-if-absent on <c>_delta_log/&lt;version&gt;.json</c>. On a concurrent commit the transaction is checked
/// against the winner (<see cref="DeltaConflictKind"/>) and rebased onto the next version when they do not
/// conflict; otherwise <see cref="DeltaCommitConflictException"/> names the winning version.
/// </summary>
/// <remarks>Thread-safe (no shared state); concurrent writers, in one or many processes, are serialized by the
/// store's put-if-absent. Errors: <see cref="DeltaSchemaMismatchException"/> for data that does not fit the
/// table, <see cref="DeltaUnsupportedFeatureException"/> for a table whose writer protocol needs features this
/// writer lacks (named), <see cref="DeltaCommitConflictException"/> for a conflicting concurrent commit, and
/// <see cref="DeltaException"/> for other refusals (table exists, append-only table overwritten).</remarks>
public static class DeltaTableWriter
{
    /// <summary>Creates a table at the root of <paramref name="store"/>: commits version 0 with the lowest protocol
    /// the schema and properties need. Returns the version (0).</summary>
    /// <exception cref="DeltaException">A table already exists there, or the arguments are invalid.</exception>
    public static async Task<long> CreateTableAsync(IObjectStore store, DeltaSchema schema, DeltaCreateTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new DeltaCreateTableOptions();
        ValidatePartitionColumns(schema.Root, options.PartitionColumns);
        DeltaProtocol protocol = MinimumProtocol(schema.Root, options.Properties);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var metadata = new DeltaMetadata(
            Guid.NewGuid().ToString("D"), options.Name, options.Description, "parquet", new Dictionary<string, string>(),
            schema.ToJson(), options.PartitionColumns, options.Properties, now);
        WriterProtocolGate.EnsureWritable(protocol, metadata, schema, "<new table>");
        WriteConstraints.Create(metadata, schema, "<new table>"); // refuses constraints it cannot evaluate
        using var commit = new MemoryStream();
        DeltaActionSerializer.WriteCommitInfo(commit, now, "CREATE TABLE", new Dictionary<string, string>
        {
            ["partitionBy"] = JsonArray(options.PartitionColumns),
        }, null, isBlindAppend: true, Guid.NewGuid().ToString("D"), IsTrue(options.Properties, "delta.enableInCommitTimestamps") ? now : null);
        DeltaActionSerializer.WriteProtocol(commit, protocol);
        DeltaActionSerializer.WriteMetadata(commit, metadata);
        bool created = await store.PutIfAbsentAsync(LogFile.CommitPath(0), commit.ToArray(), cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            throw new DeltaException("Cannot create the Delta table: _delta_log/00000000000000000000.json already exists.");
        }
        return 0;
    }

    /// <summary>As <see cref="CreateTableAsync(IObjectStore, DeltaSchema, DeltaCreateTableOptions?, CancellationToken)"/>
    /// with the schema taken from an Arrow schema (see docs/writer.md for the type mapping).</summary>
    public static Task<long> CreateTableAsync(IObjectStore store, ArrowSchema arrowSchema, DeltaCreateTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arrowSchema);
        return CreateTableAsync(store, new DeltaSchema(DeltaArrowSchema.FromArrow(arrowSchema)), options, cancellationToken);
    }

    /// <summary>Writes <paramref name="batches"/> to the table as one transaction based on the table's current
    /// snapshot (<see cref="DeltaTable.Snapshot"/>; refresh first to write on the latest) and refreshes the table
    /// after committing. Batches are only read; the caller keeps ownership.</summary>
    public static async Task<DeltaWriteResult> WriteAsync(DeltaTable table, IEnumerable<RecordBatch> batches, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return await WriteCoreAsync(table, ToAsync(batches), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="WriteAsync(DeltaTable, IEnumerable{RecordBatch}, DeltaWriteOptions?, CancellationToken)"/>
    /// for an asynchronous stream of batches (each batch is read before the next is requested).</summary>
    public static Task<DeltaWriteResult> WriteAsync(DeltaTable table, IAsyncEnumerable<RecordBatch> batches, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return WriteCoreAsync(table, batches, options, cancellationToken);
    }

    private static async Task<DeltaWriteResult> WriteCoreAsync(DeltaTable table, IAsyncEnumerable<RecordBatch> batches, DeltaWriteOptions? options, CancellationToken cancellationToken)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentNullException.ThrowIfNull(table);
        options ??= DeltaWriteOptions.Default;
        if ((options.AppId is null) != (options.AppVersion is null))
        {
            throw new ArgumentException("AppId and AppVersion must be given together.", nameof(options));
        }
        bool overwrite = options.Mode == DeltaWriteMode.Overwrite;
        if (options.SchemaMode == DeltaSchemaMode.Overwrite && !overwrite)
        {
            throw new ArgumentException("Schema mode Overwrite needs write mode Overwrite.", nameof(options));
        }
        if (options.ReplaceWhere is not null && (!overwrite || options.SchemaMode == DeltaSchemaMode.Overwrite))
        {
            throw new ArgumentException("ReplaceWhere needs write mode Overwrite (and cannot overwrite the schema).", nameof(options));
        }
        DeltaSnapshot snapshot = table.Snapshot;
        WriterProtocolGate.EnsureWritable(snapshot.Protocol, snapshot.Metadata, snapshot.Schema, snapshot.TableLocation);
        if (overwrite && IsAppendOnly(snapshot.Properties))
        {
            throw new DeltaException($"Cannot overwrite Delta table '{snapshot.TableLocation}': it is append-only (delta.appendOnly=true), so no data may be removed.");
        }
        if (options.AppId is { } appId && snapshot.GetTransactionVersion(appId) is long done && done >= options.AppVersion!.Value)
        {
            return new DeltaWriteResult { Version = snapshot.Version, Skipped = true, Attempts = 0 };
        }
        DeltaIsolationLevel isolation = options.IsolationLevel ?? IsolationLevelOf(snapshot.Properties);
        DeltaPredicate? replaceWhere = options.ReplaceWhere is null ? null : DeltaPredicate.Parse(options.ReplaceWhere, snapshot.Schema);
        using ReplaceWherePlanner? planner = replaceWhere is null ? null : new ReplaceWherePlanner(replaceWhere, snapshot.PartitionColumns, snapshot.ColumnMappingMode);
        var rewritten = new List<AddFile>();
        var removedWhole = new List<AddFile>();

        IObjectStore store = snapshot.Store;
        DeltaStructType schema = snapshot.Schema.Root;
        bool schemaChanged = false;
        DataFileWriter? writer = null;
        IAsyncEnumerator<RecordBatch> enumerator = batches.GetAsyncEnumerator(cancellationToken);
        try
        {
            bool any = await enumerator.MoveNextAsync().ConfigureAwait(false);
            if (any)
            {
                (schema, schemaChanged) = WriteSchemaResolver.Resolve(
                    snapshot.Schema.Root, snapshot.PartitionColumns, enumerator.Current.Schema, options.SchemaMode, TypeWideningEnabled(snapshot));
                if (schemaChanged)
                {
                    EnsureSchemaFitsProtocol(snapshot, schema);
                }
            }
            WriteConstraints? constraints = WriteConstraints.Create(snapshot.Metadata, new DeltaSchema(schema), snapshot.TableLocation);
            writer = new DataFileWriter(store, schema, snapshot.PartitionColumns, snapshot.Properties, options);
            int reportedFiles = 0;
            long reportedBytes = 0;
            while (any)
            {
                using (RecordBatch conformed = WriteSchemaResolver.Conform(enumerator.Current, schema))
                {
                    constraints?.Check(conformed);
                    if (replaceWhere is not null)
                    {
                        EnsureAllMatch(replaceWhere, conformed, options.ReplaceWhere!);
                    }
                    await writer.WriteAsync(conformed, cancellationToken).ConfigureAwait(false);
                }
                if (options.Progress is { } progress)
                {
                    for (; reportedFiles < writer.Written.Count; reportedFiles++)
                    {
                        reportedBytes += writer.Written[reportedFiles].Size;
                    }
                    progress.Report(new DeltaWriteProgress(writer.RowCount, reportedFiles, reportedBytes));
                }
                any = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            if (planner is not null)
            {
                foreach (AddFile file in snapshot.Files)
                {
                    switch (planner.Classify(file))
                    {
                        case ReplaceWhereAction.RemoveWhole:
                            removedWhole.Add(file);
                            break;
                        case ReplaceWhereAction.Rewrite:
                            rewritten.Add(file);
                            break;
                    }
                }
                EnsureChangeFeedStaysCorrect(snapshot, rewritten, options.ReplaceWhere!);
                await RewriteUnmatchedAsync(snapshot, rewritten, replaceWhere!, schema, writer, cancellationToken).ConfigureAwait(false);
            }
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (writer is not null)
            {
                await writer.DeleteWrittenAsync().ConfigureAwait(false);
            }
            throw;
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        DataFileWriter files = writer;

        DeltaMetadata? newMetadata = schemaChanged
            ? new DeltaMetadata(snapshot.Metadata.Id, snapshot.Metadata.Name, snapshot.Metadata.Description, snapshot.Metadata.FormatProvider,
                snapshot.Metadata.FormatOptions, new DeltaSchema(schema).ToJson(), snapshot.PartitionColumns, snapshot.Metadata.Configuration, snapshot.Metadata.CreatedTime)
            : null;
        IReadOnlyList<AddFile> removedFiles = replaceWhere is not null ? [.. removedWhole, .. rewritten] : overwrite ? snapshot.Files : [];
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (AddFile file in removedFiles)
        {
            removed.Add(file.Path);
        }
        var added = new List<string>();
        foreach (DataFileWriter.WrittenFile file in files.Written)
        {
            added.Add(file.ActionPath);
        }
        var readSet = new TransactionReadSet
        {
            IsolationLevel = isolation,
            ReadWholeTable = (overwrite && replaceWhere is null) || schemaChanged,
            ReadPredicate = planner is null ? null : planner.MayMatch,
            ReadPaths = overwrite ? new HashSet<string>(removed, StringComparer.Ordinal) : [],
            RemovedPaths = removed,
            AppId = options.AppId,
            ChangesMetadata = schemaChanged,
        };
        var plan = new CommitPlan
        {
            Parameters = WriteParameters(options, overwrite, snapshot.PartitionColumns),
            Operation = "WRITE",
            ReadVersion = snapshot.Version,
            IsBlindAppend = !overwrite && !schemaChanged,
            Metadata = newMetadata,
            AppId = options.AppId,
            AppVersion = options.AppVersion,
            Removes = removedFiles,
            Adds = files.Written,
        };

        (long version, int attempts) = await CommitWithCleanupAsync(snapshot, plan, readSet, options, files, cancellationToken).ConfigureAwait(false);
        long? checkpoint = await CheckpointIfDueAsync(table, version, cancellationToken).ConfigureAwait(false);
        return new DeltaWriteResult
        {
            Version = version, AddedFiles = added, RemovedFileCount = removed.Count, RowCount = files.RowCount, Attempts = attempts,
            CheckpointVersion = checkpoint, SchemaChanged = schemaChanged,
        };
    }

    /// <summary>
    /// On a table that records the change data feed (<c>delta.enableChangeDataFeed=true</c>), refuses a replaceWhere
    /// that must rewrite part of a file: its commit would remove the file and add back the rows that did not match, and
    /// without <c>cdc</c> files (which this writer does not write yet) every change data feed reader would report those
    /// untouched rows as deleted and inserted again. Appends, full overwrites and replaceWhere removing whole files need
    /// no change data files (PROTOCOL.md "Change Data Files": their add/remove actions are the changes) and are allowed.
    /// Thrown before anything is committed; the data files written so far are deleted by the caller.
    /// </summary>
    private static void EnsureChangeFeedStaysCorrect(DeltaSnapshot snapshot, List<AddFile> rewritten, string predicate)
    {
        if (rewritten.Count > 0 && ChangeFeed.DeltaChangeFeed.IsEnabled(snapshot.Properties))
        {
            throw new DeltaException(
                $"Cannot overwrite with replaceWhere {predicate} on Delta table '{snapshot.TableLocation}': it records the change data feed " +
                $"(delta.enableChangeDataFeed=true) and the predicate matches only part of {rewritten.Count} data file(s), which would need change data files " +
                "(_change_data/) that DeltaSharp does not write yet. Use a predicate on partition columns that replaces whole files, or disable the change data " +
                "feed first. Nothing was committed.");
        }
    }

    /// <summary>Refuses data that does not match the replaceWhere predicate (before anything is committed).</summary>
    private static void EnsureAllMatch(DeltaPredicate predicate, RecordBatch batch, string text)
    {
        byte[] selection = new byte[Math.Max(1, (batch.Length + 7) / 8)];
        int matched = predicate.Evaluate(batch, selection);
        if (matched != batch.Length)
        {
            throw new DeltaConstraintViolationException("replaceWhere",
                $"{batch.Length - matched} row(s) of the data do not match the replaceWhere predicate {text}; an overwrite with replaceWhere may only write matching rows. Nothing was committed.");
        }
    }

    /// <summary>Writes the rows of <paramref name="files"/> for which the predicate is not TRUE (FALSE or NULL), read
    /// through the scanner (deletion vectors applied, partition values materialised).</summary>
    private static async Task RewriteUnmatchedAsync(DeltaSnapshot snapshot, List<AddFile> files, DeltaPredicate predicate, DeltaStructType schema, DataFileWriter writer, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return;
        }
        var partial = new DeltaSnapshot(snapshot.Context, snapshot.Version, snapshot.Timestamp, snapshot.Protocol, snapshot.Metadata, snapshot.Schema,
            snapshot.ColumnMappingMode, [.. files], snapshot.Transactions, snapshot.DomainMetadata, snapshot.CheckpointVersion);
        await foreach (RecordBatch batch in partial.ReadAsync(DeltaScanOptions.Default, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                byte[] selection = new byte[Math.Max(1, (batch.Length + 7) / 8)];
                int matched = predicate.Evaluate(batch, selection);
                if (matched == batch.Length)
                {
                    continue;
                }
                for (int i = 0; i < selection.Length; i++)
                {
                    selection[i] = (byte)~selection[i];
                }
                using RecordBatch kept = matched == 0 ? batch.Retain() : ArrayOperations.Filter(batch, selection, snapshot.Context.Options.Allocator);
                using RecordBatch conformed = WriteSchemaResolver.Conform(kept, schema);
                await writer.WriteAsync(conformed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Dictionary<string, string> WriteParameters(DeltaWriteOptions options, bool overwrite, IReadOnlyList<string> partitionColumns)
    {
        var parameters = new Dictionary<string, string>
        {
            ["mode"] = overwrite ? "Overwrite" : "Append",
            ["partitionBy"] = JsonArray(partitionColumns),
        };
        if (options.ReplaceWhere is not null)
        {
            parameters["predicate"] = JsonArray([options.ReplaceWhere]);
        }
        if (options.SchemaMode != DeltaSchemaMode.Enforce)
        {
            parameters[options.SchemaMode == DeltaSchemaMode.Merge ? "mergeSchema" : "overwriteSchema"] = "true";
        }
        return parameters;
    }

    /// <summary>Commits <paramref name="plan"/> after <paramref name="snapshot"/>; deletes the written data files when
    /// the commit fails.</summary>
    private static async Task<(long Version, int Attempts)> CommitWithCleanupAsync(
        DeltaSnapshot snapshot, CommitPlan plan, TransactionReadSet readSet, DeltaWriteOptions options, DataFileWriter files, CancellationToken cancellationToken)
    {
        bool inCommitTimestamps = IsTrue(snapshot.Properties, "delta.enableInCommitTimestamps");
        long? floor = inCommitTimestamps ? snapshot.Timestamp.ToUnixTimeMilliseconds() + 1 : null;
        try
        {
            return await CommitAsync(snapshot.Store, snapshot.Version + 1, plan.Serialize, floor, readSet, options.MaxCommitAttempts, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await files.DeleteWrittenAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Refreshes the table and writes a checkpoint when <paramref name="version"/> is a multiple of the
    /// table's checkpoint interval. A failed checkpoint does not fail the committed write.</summary>
    private static async Task<long?> CheckpointIfDueAsync(DeltaTable table, long version, CancellationToken cancellationToken)
    {
        DeltaSnapshot committed = await table.RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (version % CheckpointWriter.Interval(committed.Properties) != 0 || committed.Version != version)
        {
            return null;
        }
        try
        {
            await CheckpointWriter.WriteAsync(committed.Store, committed, cancellationToken).ConfigureAwait(false);
            return committed.Version;
        }
        catch (Exception ex) when (ex is DeltaStorageException or IOException)
        {
            // The commit stands; a missing checkpoint only makes later snapshot loads replay more JSON.
            return null;
        }
    }

    /// <summary>Put-if-absent at <paramref name="version"/>. On a lost race (Spark's OptimisticTransaction): lists
    /// the log, checks the transaction against every winning commit from the attempted version to the latest in
    /// one pass, and retries at latest + 1; <paramref name="maxAttempts"/> bounds the retries, not the versions
    /// caught up. <paramref name="content"/> builds the commit for an in-commit-timestamp floor (null when the table
    /// has none): one millisecond after the previous commit's in-commit timestamp.</summary>
    internal static async Task<(long Version, int Attempts)> CommitAsync(
        IObjectStore store, long version, Func<long?, byte[]> content, long? inCommitTimestampFloor, TransactionReadSet readSet, int maxAttempts, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (await store.PutIfAbsentAsync(LogFile.CommitPath(version), content(inCommitTimestampFloor), cancellationToken).ConfigureAwait(false))
            {
                return (version, attempt);
            }
            long latest = await LatestCommitAsync(store, version, cancellationToken).ConfigureAwait(false);
            for (long winning = version; winning <= latest; winning++)
            {
                WinningCommit winner = await WinningCommitReader.ReadAsync(store, winning, cancellationToken).ConfigureAwait(false);
                if (ConflictChecker.Check(readSet, winner) is { } conflict)
                {
                    throw new DeltaCommitConflictException(winning, conflict.Kind, conflict.Detail);
                }
                if (inCommitTimestampFloor is long floor)
                {
                    inCommitTimestampFloor = Math.Max(floor, (winner.InCommitTimestamp ?? floor) + 1);
                }
            }
            if (attempt >= maxAttempts)
            {
                throw new DeltaException(string.Create(CultureInfo.InvariantCulture,
                    $"Gave up committing after {attempt} attempts: concurrent writers took every version up to {latest}."));
            }
            version = latest + 1;
        }
    }

    /// <summary>The highest commit version contiguous from <paramref name="taken"/> (which exists).</summary>
    private static async Task<long> LatestCommitAsync(IObjectStore store, long taken, CancellationToken cancellationToken)
    {
        long latest = taken;
        foreach (LogFile file in await Replay.SnapshotLoader.ListAsync(store, taken, cancellationToken).ConfigureAwait(false))
        {
            if (file.Kind == LogFileKind.Commit && file.Version == latest + 1)
            {
                latest = file.Version;
            }
        }
        return latest;
    }

    private static DeltaIsolationLevel IsolationLevelOf(IReadOnlyDictionary<string, string?> properties)
    {
        if (!properties.TryGetValue("delta.isolationLevel", out string? text) || string.IsNullOrWhiteSpace(text))
        {
            return DeltaIsolationLevel.WriteSerializable;
        }
        return text.Trim() switch
        {
            "WriteSerializable" => DeltaIsolationLevel.WriteSerializable,
            "Serializable" => DeltaIsolationLevel.Serializable,
            _ => throw new DeltaException($"Table property delta.isolationLevel must be WriteSerializable or Serializable, not '{text}'."),
        };
    }

    private static bool TypeWideningEnabled(DeltaSnapshot snapshot)
    {
        if (!IsTrue(snapshot.Properties, "delta.enableTypeWidening"))
        {
            return false;
        }
        foreach (string feature in snapshot.Protocol.WriterFeatures ?? [])
        {
            if (feature is "typeWidening" or "typeWidening-preview")
            {
                return true;
            }
        }
        return false;
    }

    private static void EnsureSchemaFitsProtocol(DeltaSnapshot snapshot, DeltaStructType schema)
    {
        if (UsesTimestampNtz(schema) && !UsesTimestampNtz(snapshot.Schema.Root))
        {
            bool supported = false;
            foreach (string feature in snapshot.Protocol.WriterFeatures ?? [])
            {
                supported |= feature == "timestampNtz";
            }
            if (!supported)
            {
                throw new DeltaSchemaMismatchException("The new schema has a timestamp_ntz column, which needs the timestampNtz table feature this table lacks (protocol upgrades are not written).");
            }
        }
        WriterProtocolGate.EnsureWritable(snapshot.Protocol, snapshot.Metadata, new DeltaSchema(schema), snapshot.TableLocation);
    }

    /// <summary>Writes a checkpoint of the table's current snapshot (<see cref="DeltaTable.Snapshot"/>): a V2
    /// checkpoint (UUID-named, with a sidecar) when the table supports the <c>v2Checkpoint</c> feature, else a
    /// classic single-file one; then <c>_delta_log/_last_checkpoint</c>. Returns the checkpointed version.</summary>
    /// <remarks>Safe to run concurrently with writers (a checkpoint only describes a committed version).</remarks>
    public static async Task<long> CheckpointAsync(DeltaTable table, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentNullException.ThrowIfNull(table);
        DeltaSnapshot snapshot = table.Snapshot;
        await CheckpointWriter.WriteAsync(snapshot.Store, snapshot, cancellationToken).ConfigureAwait(false);
        return snapshot.Version;
    }

    private static bool IsAppendOnly(IReadOnlyDictionary<string, string?> properties) =>
        properties.TryGetValue("delta.appendOnly", out string? value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The lowest protocol the schema and properties need (PROTOCOL.md "Writer Version Requirements" and
    /// "Table Features"): legacy versions while only legacy features are used (appendOnly/invariants → writer 2,
    /// CHECK constraints → 3, change data feed → 4), else table features (writer 7, reader 3 when a reader feature is
    /// needed: timestampNtz, v2Checkpoint with <c>delta.checkpointPolicy=v2</c>, typeWidening with
    /// <c>delta.enableTypeWidening=true</c>; writer-only inCommitTimestamp).</summary>
    internal static DeltaProtocol MinimumProtocol(DeltaStructType schema, IReadOnlyDictionary<string, string?> properties)
    {
        var readerFeatures = new List<string>();
        var writerFeatures = new List<string>();
        int legacyWriter = 2;
        if (IsTrue(properties, "delta.appendOnly"))
        {
            writerFeatures.Add("appendOnly");
        }
        if (HasInvariants(schema))
        {
            writerFeatures.Add("invariants");
        }
        bool hasConstraints = false;
        foreach (KeyValuePair<string, string?> entry in properties)
        {
            hasConstraints |= entry.Key.StartsWith("delta.constraints.", StringComparison.OrdinalIgnoreCase);
        }
        if (hasConstraints)
        {
            writerFeatures.Add("checkConstraints");
            legacyWriter = 3;
        }
        if (IsTrue(properties, "delta.enableChangeDataFeed"))
        {
            writerFeatures.Add("changeDataFeed");
            legacyWriter = 4;
        }
        bool needsFeatures = false;
        if (UsesTimestampNtz(schema))
        {
            readerFeatures.Add("timestampNtz");
            needsFeatures = true;
        }
        if (properties.TryGetValue("delta.checkpointPolicy", out string? policy) && string.Equals(policy, "v2", StringComparison.OrdinalIgnoreCase))
        {
            readerFeatures.Add("v2Checkpoint");
            needsFeatures = true;
        }
        if (IsTrue(properties, "delta.enableTypeWidening"))
        {
            readerFeatures.Add("typeWidening");
            needsFeatures = true;
        }
        if (IsTrue(properties, "delta.enableInCommitTimestamps"))
        {
            writerFeatures.Add("inCommitTimestamp");
            needsFeatures = true;
        }
        if (needsFeatures)
        {
            var allWriter = new List<string>(readerFeatures);
            allWriter.AddRange(writerFeatures);
            return readerFeatures.Count > 0
                ? new DeltaProtocol(3, 7, readerFeatures, allWriter)
                : new DeltaProtocol(1, 7, null, allWriter);
        }
        return new DeltaProtocol(1, writerFeatures.Count > 0 ? legacyWriter : 2, null, null);
    }

    private static bool IsTrue(IReadOnlyDictionary<string, string?> properties, string key) =>
        properties.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool HasInvariants(DeltaStructType type)
    {
        foreach (DeltaStructField field in type.Fields)
        {
            if (field.Metadata.ContainsKey("delta.invariants") || (field.Type is DeltaStructType nested && HasInvariants(nested)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool UsesTimestampNtz(DeltaDataType type) => type switch
    {
        DeltaPrimitiveType p => p.Kind == DeltaPrimitiveKind.TimestampNtz,
        DeltaArrayType a => UsesTimestampNtz(a.ElementType),
        DeltaMapType m => UsesTimestampNtz(m.KeyType) || UsesTimestampNtz(m.ValueType),
        DeltaStructType s => s.Fields is var fields && ExistsField(fields),
        _ => false,
    };

    private static bool ExistsField(IReadOnlyList<DeltaStructField> fields)
    {
        foreach (DeltaStructField field in fields)
        {
            if (UsesTimestampNtz(field.Type))
            {
                return true;
            }
        }
        return false;
    }

    private static void ValidatePartitionColumns(DeltaStructType schema, IReadOnlyList<string> partitionColumns)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string column in partitionColumns)
        {
            if (!seen.Add(column))
            {
                throw new DeltaException($"Partition column '{column}' is listed twice.");
            }
            DeltaStructField field = schema.FindField(column) ?? throw new DeltaException($"Partition column '{column}' is not in the schema.");
            if (field.Type is not (DeltaPrimitiveType or DeltaDecimalType) || field.Type is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Variant or DeltaPrimitiveKind.Void })
            {
                throw new DeltaException($"Partition column '{column}' has type {field.Type}; partition columns must be primitive.");
            }
        }
        if (partitionColumns.Count > 0 && partitionColumns.Count == schema.Fields.Count)
        {
            throw new DeltaException("At least one column must not be a partition column.");
        }
    }

    private static string JsonArray(IReadOnlyList<string> values)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (string v in values)
            {
                w.WriteStringValue(v);
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async IAsyncEnumerable<RecordBatch> ToAsync(IEnumerable<RecordBatch> batches)
    {
        foreach (RecordBatch batch in batches)
        {
            yield return batch;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
