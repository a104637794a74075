using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
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
        foreach (KeyValuePair<string, string?> entry in options.Properties)
        {
            if (entry.Key.StartsWith("delta.constraints.", StringComparison.OrdinalIgnoreCase))
            {
                throw new DeltaUnsupportedFeatureException("checkConstraints", "CHECK constraints are not supported by the writer.");
            }
        }
        DeltaProtocol protocol = MinimumProtocol(schema.Root, options.Properties);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var metadata = new DeltaMetadata(
            Guid.NewGuid().ToString("D"), options.Name, options.Description, "parquet", new Dictionary<string, string>(),
            schema.ToJson(), options.PartitionColumns, options.Properties, now);
        WriterProtocolGate.EnsureWritable(protocol, metadata, schema, "<new table>");
        using var commit = new MemoryStream();
        DeltaActionSerializer.WriteCommitInfo(commit, now, "CREATE TABLE", new Dictionary<string, string>
        {
            ["partitionBy"] = JsonArray(options.PartitionColumns),
        }, null, isBlindAppend: true, Guid.NewGuid().ToString("D"));
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
        DeltaSnapshot snapshot = table.Snapshot;
        WriterProtocolGate.EnsureWritable(snapshot.Protocol, snapshot.Metadata, snapshot.Schema, snapshot.TableLocation);
        if (options.Mode == DeltaWriteMode.Overwrite && IsAppendOnly(snapshot.Properties))
        {
            throw new DeltaException($"Cannot overwrite Delta table '{snapshot.TableLocation}': it is append-only (delta.appendOnly=true).");
        }
        if (options.AppId is { } appId && snapshot.GetTransactionVersion(appId) is long done && done >= options.AppVersion!.Value)
        {
            return new DeltaWriteResult { Version = snapshot.Version, Skipped = true, Attempts = 0 };
        }

        IObjectStore store = snapshot.Store;
        await using var files = new DataFileWriter(store, snapshot.Schema.Root, snapshot.PartitionColumns, snapshot.Properties, options);
        try
        {
            await foreach (RecordBatch batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await files.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            await files.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await files.DeleteWrittenAsync().ConfigureAwait(false);
            throw;
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        bool overwrite = options.Mode == DeltaWriteMode.Overwrite;
        using var commit = new MemoryStream();
        DeltaActionSerializer.WriteCommitInfo(commit, now, "WRITE", new Dictionary<string, string>
        {
            ["mode"] = overwrite ? "Overwrite" : "Append",
            ["partitionBy"] = JsonArray(snapshot.PartitionColumns),
        }, snapshot.Version, isBlindAppend: !overwrite, Guid.NewGuid().ToString("D"));
        if (options.AppId is { } id)
        {
            DeltaActionSerializer.WriteTransaction(commit, id, options.AppVersion!.Value, now);
        }
        var removed = new HashSet<string>(StringComparer.Ordinal);
        if (overwrite)
        {
            foreach (AddFile file in snapshot.Files)
            {
                DeltaActionSerializer.WriteRemove(commit, file, now, dataChange: true);
                removed.Add(file.Path);
            }
        }
        var added = new List<string>();
        foreach (DataFileWriter.WrittenFile file in files.Written)
        {
            DeltaActionSerializer.WriteAdd(commit, file.ActionPath, file.PartitionValues, file.Size, file.ModificationTime, dataChange: true, file.Stats);
            added.Add(file.ActionPath);
        }
        var readSet = new TransactionReadSet { ReadWholeTable = overwrite, RemovedPaths = removed, AppId = options.AppId };

        long version;
        int attempts;
        try
        {
            (version, attempts) = await CommitAsync(store, snapshot.Version + 1, commit.ToArray(), readSet, options.MaxCommitAttempts, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await files.DeleteWrittenAsync().ConfigureAwait(false);
            throw;
        }
        DeltaSnapshot committed = await table.RefreshAsync(cancellationToken).ConfigureAwait(false);
        long? checkpoint = null;
        if (version % CheckpointWriter.Interval(committed.Properties) == 0)
        {
            try
            {
                await CheckpointWriter.WriteAsync(store, committed, cancellationToken).ConfigureAwait(false);
                checkpoint = committed.Version;
            }
            catch (Exception ex) when (ex is DeltaStorageException or IOException)
            {
                // The commit stands; a missing checkpoint only makes later snapshot loads replay more JSON.
            }
        }
        return new DeltaWriteResult
        {
            Version = version, AddedFiles = added, RemovedFileCount = removed.Count, RowCount = files.RowCount, Attempts = attempts,
            CheckpointVersion = checkpoint,
        };
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

    /// <summary>Put-if-absent at <paramref name="version"/>; on a lost race, checks the winner and retries at the next version.</summary>
    internal static async Task<(long Version, int Attempts)> CommitAsync(
        IObjectStore store, long version, byte[] content, TransactionReadSet readSet, int maxAttempts, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (await store.PutIfAbsentAsync(LogFile.CommitPath(version), content, cancellationToken).ConfigureAwait(false))
            {
                return (version, attempt);
            }
            WinningCommit winner = await WinningCommitReader.ReadAsync(store, version, cancellationToken).ConfigureAwait(false);
            if (ConflictChecker.Check(readSet, winner) is { } conflict)
            {
                throw new DeltaCommitConflictException(version, conflict.Kind, conflict.Detail);
            }
            if (attempt >= maxAttempts)
            {
                throw new DeltaException(string.Create(CultureInfo.InvariantCulture,
                    $"Gave up committing after {attempt} attempts: every version up to {version} was taken by concurrent commits."));
            }
            version++;
        }
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
