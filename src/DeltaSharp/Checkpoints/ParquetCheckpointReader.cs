using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet;
using DeltaSharp.State;
using DeltaSharp.Storage;

namespace DeltaSharp.Checkpoints;

/// <summary>
/// Reads actions from Parquet checkpoints and sidecars (PROTOCOL.md "Checkpoint Schema"): one top-level struct
/// column per action type, exactly one non-null per row. Streams row groups as batches of bounded size, projecting
/// only the action columns the reader uses; a checkpoint is never materialised whole.
/// </summary>
internal sealed class ParquetCheckpointReader : ICheckpointFileReader
{
    private const int BatchRows = 8192;

    private static readonly string[] ActionColumns = { "add", "remove", "metaData", "protocol", "txn", "domainMetadata", "checkpointMetadata", "sidecar" };
    private static readonly string[] AddStateColumns = { "add", "metaData", "protocol", "txn", "domainMetadata", "checkpointMetadata", "sidecar" };
    private static readonly string[] LogStateColumns = { "metaData", "protocol", "txn", "domainMetadata", "checkpointMetadata", "sidecar" };

    /// <summary>Struct fields never used: partition values are read from their string map, and a remove needs only
    /// its key, timestamp, flag and size.</summary>
    private static readonly string[] UnusedFields =
    {
        "add.partitionValues_parsed", "remove.partitionValues", "remove.partitionValues_parsed", "remove.tags", "remove.stats",
        "remove.extendedFileMetadata", "remove.baseRowId", "remove.defaultRowCommitVersion",
    };

    private readonly ArrowAllocator? allocator;
    private readonly int parallelism;

    /// <param name="allocator">Where Arrow buffers come from (null: the shared default).</param>
    /// <param name="parallelism">Row groups decoded at the same time (null: the processor count, at least 2 so that
    /// reading overlaps decoding, at most 4).</param>
    public ParquetCheckpointReader(ArrowAllocator? allocator, int? parallelism = null)
    {
        if (parallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "parallelism must be at least 1");
        }
        this.allocator = allocator;
        this.parallelism = parallelism ?? Math.Clamp(Environment.ProcessorCount, 2, 4);
    }

    public async ValueTask ReadAsync(IObjectStore store, string path, long version, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken)
    {
        Runtime.ProcessGuard.ThrowIfForked();
        string[] columns = !sink.WantsFileActions ? LogStateColumns : sink.WantsRemoves ? ActionColumns : AddStateColumns;
        var skipped = new List<string>(UnusedFields);
        if (!sink.WantsStatistics)
        {
            skipped.Add("add.stats");
            skipped.Add("add.stats_parsed");
        }
        try
        {
            var source = new ObjectStoreParquetSource(store, path);
            ParquetReader reader = await ParquetReader.OpenAsync(source, Options(columns, skipped), cancellationToken).ConfigureAwait(false);
            bool reopen = false;
            if (sink.WantsStatistics && HasAddField(reader, "stats") && HasAddField(reader, "stats_parsed"))
            {
                // Statistics as JSON are what the snapshot keeps: the parsed struct copy is not read at all.
                skipped.Add("add.stats_parsed");
                reopen = true;
            }
            if (sink.WantsFileActions && HasAddField(reader, "path") && !HasAddField(reader, "partitionValues") && FileHasAddField(reader, "partitionValues_parsed"))
            {
                // A checkpoint with only the typed partition values (the string map is required by the spec, but
                // a writer may leave it out): read them from the struct instead.
                skipped.Remove("add.partitionValues_parsed");
                reopen = true;
            }
            if (reopen)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                reader = await ParquetReader.OpenAsync(source, Options(columns, skipped), cancellationToken).ConfigureAwait(false);
            }
            await using (reader.ConfigureAwait(false))
            {
                if (sink is IFileTableSink { FileBuilder: FileTableBuilder files } && sink.WantsFileActions)
                {
                    // Room for every row up front (a checkpoint is almost all adds), so the table is not regrown and
                    // trimmed; bounded by the file's size so that a corrupt row count cannot allocate without limit.
                    long rows = 0;
                    foreach (Parquet.Metadata.ParquetRowGroup group in reader.Metadata.RowGroups)
                    {
                        rows += Math.Max(0, group.NumRows);
                    }
                    long bound = await source.GetLengthAsync(cancellationToken).ConfigureAwait(false) / 4;
                    files.Reserve((int)Math.Min(Math.Min(rows, bound), 1 << 26) + files.Count);
                }
                await ReadRowGroupsAsync(reader, interner, sink, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ParquetFormatException ex)
        {
            throw new DeltaLogCorruptException($"The checkpoint is not valid Parquet: {ex.Message}", path, version, ex);
        }
        catch (ParquetUnsupportedException ex)
        {
            throw new DeltaUnsupportedFeatureException("parquet", $"The checkpoint '{path}' uses a Parquet feature DeltaSharp cannot read: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new DeltaLogCorruptException($"The checkpoint has an invalid action: {ex.Message}", path, version, ex);
        }
        catch (InvalidCastException ex)
        {
            throw new DeltaLogCorruptException($"The checkpoint has an action column of an unexpected type: {ex.Message}", path, version, ex);
        }
    }

    private ParquetReaderOptions Options(string[] columns, List<string> skipped) => new()
    {
        Allocator = allocator,
        BatchSize = BatchRows,
        Columns = columns,
        SkippedFields = skipped,
    };

    private static bool HasAddField(ParquetReader reader, string name)
    {
        int index = reader.Schema.GetFieldIndex("add");
        return index >= 0 && reader.Schema.Fields[index].DataType is StructType add && add.GetFieldIndex(name) >= 0;
    }

    /// <summary>Whether the file's <c>add</c> group has a child <paramref name="name"/> (also when it is skipped).</summary>
    private static bool FileHasAddField(ParquetReader reader, string name)
    {
        foreach (Parquet.Metadata.ParquetSchemaNode column in reader.ParquetSchema.Root.Children)
        {
            if (column.Name == "add")
            {
                foreach (Parquet.Metadata.ParquetSchemaNode field in column.Children)
                {
                    if (field.Name == name)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Decodes the row groups on up to <see cref="parallelism"/> workers (each takes the next row group, reads and
    /// decodes it into a <see cref="RowGroupActions"/>, then releases its Arrow batch) and delivers the actions to
    /// the sink in row-group order: the sink is called by one thread at a time (under a lock), row group after row
    /// group, exactly as a sequential read would call it. At most one row group per worker is in memory as Arrow
    /// data; decoded actions wait only for the earlier row groups still being decoded. The first failure cancels the
    /// other workers and is the one reported (ParquetFormatException names the row group and column).
    /// </summary>
    private async ValueTask ReadRowGroupsAsync(ParquetReader reader, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken)
    {
        int groups = reader.Metadata.RowGroups.Count;
        if (groups == 0)
        {
            return;
        }
        int workers = Math.Min(parallelism, groups);
        if (workers == 1)
        {
            for (int g = 0; g < groups; g++)
            {
                using RecordBatch batch = await reader.ReadRowGroupAsync(g, cancellationToken).ConfigureAwait(false);
                Runtime.ProcessGuard.ThrowIfForked();
                cancellationToken.ThrowIfCancellationRequested();
                Decode(batch, interner, sink);
            }
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delivery = new OrderedDelivery(sink, groups);
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            // Interners are not thread-safe: the first worker uses the caller's, the others their own.
            PartitionValueInterner own = w == 0 ? interner : new PartitionValueInterner();
            tasks[w] = Task.Run(() => WorkAsync(reader, own, delivery, stop), CancellationToken.None);
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task WorkAsync(ParquetReader reader, PartitionValueInterner interner, OrderedDelivery delivery, CancellationTokenSource stop)
    {
        CancellationToken token = stop.Token;
        try
        {
            IReadOnlyList<Parquet.Metadata.ParquetRowGroup> rowGroups = reader.Metadata.RowGroups;
            while (delivery.TryTake(out int g))
            {
                token.ThrowIfCancellationRequested();
                Runtime.ProcessGuard.ThrowIfForked();
                var actions = new RowGroupActions(delivery.Sink, rowGroups[g].NumRows);
                using (RecordBatch batch = await reader.ReadRowGroupAsync(g, token).ConfigureAwait(false))
                {
                    token.ThrowIfCancellationRequested();
                    Decode(batch, interner, actions);
                }
                delivery.Complete(g, actions);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stop the other workers; this exception is the one Task.WhenAll reports (cancellations are not faults).
            delivery.Abort();
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Hands out row group numbers and delivers finished row groups to the sink in order.</summary>
    private sealed class OrderedDelivery
    {
        private readonly RowGroupActions?[] finished;
        private readonly object gate = new();
        private int next = -1;
        private int delivered;
        private bool aborted;

        public OrderedDelivery(ActionSink sink, int groups)
        {
            Sink = sink;
            finished = new RowGroupActions?[groups];
        }

        public ActionSink Sink { get; }

        /// <summary>The next row group to decode, or false when none is left (or a worker failed).</summary>
        public bool TryTake(out int rowGroup)
        {
            rowGroup = Interlocked.Increment(ref next);
            return rowGroup < finished.Length && !Volatile.Read(ref aborted);
        }

        public void Abort() => Volatile.Write(ref aborted, true);

        /// <summary>Records row group <paramref name="rowGroup"/> and delivers every finished row group that is now
        /// next in order (the sink is only ever called under the lock).</summary>
        public void Complete(int rowGroup, RowGroupActions actions)
        {
            lock (gate)
            {
                finished[rowGroup] = actions;
                while (delivered < finished.Length && finished[delivered] is { } ready && !aborted)
                {
                    finished[delivered] = null;
                    delivered++;
                    ready.DeliverTo(Sink);
                }
            }
        }
    }

    internal static void Decode(RecordBatch batch, PartitionValueInterner interner, ActionSink sink)
    {
        StructArray? add = Column(batch, "add");
        StructArray? remove = Column(batch, "remove");
        StructArray? metaData = Column(batch, "metaData");
        StructArray? protocol = Column(batch, "protocol");
        StructArray? txn = Column(batch, "txn");
        StructArray? domain = Column(batch, "domainMetadata");
        StructArray? checkpointMetadata = Column(batch, "checkpointMetadata");
        StructArray? sidecar = Column(batch, "sidecar");
        ColumnarAddDecoder? columnar = add is not null && sink.WantsFileActions && sink is IFileTableSink { FileBuilder: FileTableBuilder fileBuilder } tableSink
            ? new ColumnarAddDecoder(add, sink.WantsStatistics, fileBuilder, tableSink.DecidedKeys, interner)
            : null;
        AddColumns? addFields = add is not null && columnar is null ? new AddColumns(add, sink.WantsStatistics) : null;
        for (int row = 0; row < batch.Length; row++)
        {
            if (columnar is not null && add!.IsValid(row))
            {
                int end = row + 1;
                while (end < batch.Length && add.IsValid(end))
                {
                    end++;
                }
                columnar.AppendRun(row, end);
                row = end - 1;
            }
            else if (addFields is not null && add!.IsValid(row) && sink.WantsFileActions)
            {
                sink.OnAdd(addFields.Read(add.GetFieldSlot(row), interner));
            }
            else if (remove is not null && remove.IsValid(row) && sink.WantsFileActions)
            {
                sink.OnRemove(ReadRemove(remove, remove.GetFieldSlot(row)));
            }
            else if (metaData is not null && metaData.IsValid(row))
            {
                sink.OnMetadata(ReadMetadata(metaData, metaData.GetFieldSlot(row)));
            }
            else if (protocol is not null && protocol.IsValid(row))
            {
                int slot = protocol.GetFieldSlot(row);
                long minReader = ArrowValues.Long(ArrowValues.Field(protocol, "minReaderVersion"), slot) ?? throw new FormatException("protocol without minReaderVersion");
                long minWriter = ArrowValues.Long(ArrowValues.Field(protocol, "minWriterVersion"), slot) ?? throw new FormatException("protocol without minWriterVersion");
                sink.OnProtocol(new DeltaProtocol(
                    checked((int)minReader),
                    checked((int)minWriter),
                    ArrowValues.StringList(ArrowValues.Field(protocol, "readerFeatures"), slot),
                    ArrowValues.StringList(ArrowValues.Field(protocol, "writerFeatures"), slot)));
            }
            else if (txn is not null && txn.IsValid(row))
            {
                int slot = txn.GetFieldSlot(row);
                sink.OnTransaction(new SetTransaction(
                    ArrowValues.String(ArrowValues.Field(txn, "appId"), slot) ?? throw new FormatException("txn without appId"),
                    ArrowValues.Long(ArrowValues.Field(txn, "version"), slot) ?? throw new FormatException("txn without version"),
                    ArrowValues.Long(ArrowValues.Field(txn, "lastUpdated"), slot)));
            }
            else if (domain is not null && domain.IsValid(row))
            {
                int slot = domain.GetFieldSlot(row);
                sink.OnDomainMetadata(new DomainMetadata(
                    ArrowValues.String(ArrowValues.Field(domain, "domain"), slot) ?? throw new FormatException("domainMetadata without domain"),
                    ArrowValues.String(ArrowValues.Field(domain, "configuration"), slot) ?? string.Empty,
                    ArrowValues.Bool(ArrowValues.Field(domain, "removed"), slot) ?? false));
            }
            else if (checkpointMetadata is not null && checkpointMetadata.IsValid(row))
            {
                int slot = checkpointMetadata.GetFieldSlot(row);
                sink.OnCheckpointMetadata(ArrowValues.Long(ArrowValues.Field(checkpointMetadata, "version"), slot) ?? throw new FormatException("checkpointMetadata without version"));
            }
            else if (sidecar is not null && sidecar.IsValid(row))
            {
                int slot = sidecar.GetFieldSlot(row);
                sink.OnSidecar(new SidecarFile(
                    ArrowValues.String(ArrowValues.Field(sidecar, "path"), slot) ?? throw new FormatException("sidecar without path"),
                    ArrowValues.Long(ArrowValues.Field(sidecar, "sizeInBytes"), slot) ?? 0,
                    ArrowValues.Long(ArrowValues.Field(sidecar, "modificationTime"), slot) ?? 0));
            }
        }
    }

    private static StructArray? Column(RecordBatch batch, string name)
    {
        int index = batch.Schema.GetFieldIndex(name);
        if (index < 0)
        {
            return null;
        }
        return batch.Column(index) as StructArray ?? throw new FormatException($"checkpoint column '{name}' is not a struct");
    }

    private static RemoveFile ReadRemove(StructArray remove, int slot)
    {
        string path = ArrowValues.String(ArrowValues.Field(remove, "path"), slot) ?? throw new FormatException("remove without path");
        return new RemoveFile(
            path,
            ArrowValues.Long(ArrowValues.Field(remove, "deletionTimestamp"), slot),
            ArrowValues.Bool(ArrowValues.Field(remove, "dataChange"), slot) ?? true,
            ReadDeletionVector(ArrowValues.Field(remove, "deletionVector") as StructArray, slot),
            ArrowValues.Long(ArrowValues.Field(remove, "size"), slot));
    }

    internal static DeletionVectorDescriptor? ReadDeletionVector(StructArray? dv, int slot)
    {
        if (dv is null || !dv.IsValid(slot))
        {
            return null;
        }
        int child = dv.GetFieldSlot(slot);
        string storageType = ArrowValues.String(ArrowValues.Field(dv, "storageType"), child) ?? throw new FormatException("deletionVector without storageType");
        string pathOrInline = ArrowValues.String(ArrowValues.Field(dv, "pathOrInlineDv"), child) ?? throw new FormatException("deletionVector without pathOrInlineDv");
        long? offset = ArrowValues.Long(ArrowValues.Field(dv, "offset"), child);
        long size = ArrowValues.Long(ArrowValues.Field(dv, "sizeInBytes"), child) ?? throw new FormatException("deletionVector without sizeInBytes");
        long cardinality = ArrowValues.Long(ArrowValues.Field(dv, "cardinality"), child) ?? throw new FormatException("deletionVector without cardinality");
        if (storageType is not ("u" or "i" or "p") || size is < 0 or > int.MaxValue || offset is < 0 or > int.MaxValue || cardinality < 0)
        {
            throw new FormatException("deletionVector descriptor out of range");
        }
        return new DeletionVectorDescriptor(storageType, pathOrInline, offset is long o ? (int)o : null, (int)size, cardinality);
    }

    private static DeltaMetadata ReadMetadata(StructArray metaData, int slot)
    {
        string id = ArrowValues.String(ArrowValues.Field(metaData, "id"), slot) ?? throw new FormatException("metaData without id");
        string provider = "parquet";
        var formatOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ArrowValues.Field(metaData, "format") is StructArray format && format.IsValid(slot))
        {
            int formatSlot = format.GetFieldSlot(slot);
            provider = ArrowValues.String(ArrowValues.Field(format, "provider"), formatSlot) ?? "parquet";
            if (ArrowValues.StringMap(ArrowValues.Field(format, "options"), formatSlot) is var (keys, values))
            {
                for (int i = 0; i < keys.Length; i++)
                {
                    formatOptions[keys[i]] = values[i] ?? string.Empty;
                }
            }
        }
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (ArrowValues.StringMap(ArrowValues.Field(metaData, "configuration"), slot) is var (configKeys, configValues))
        {
            for (int i = 0; i < configKeys.Length; i++)
            {
                configuration[configKeys[i]] = configValues[i];
            }
        }
        return new DeltaMetadata(
            id,
            ArrowValues.String(ArrowValues.Field(metaData, "name"), slot),
            ArrowValues.String(ArrowValues.Field(metaData, "description"), slot),
            provider,
            formatOptions,
            ArrowValues.String(ArrowValues.Field(metaData, "schemaString"), slot) ?? "{\"type\":\"struct\",\"fields\":[]}",
            ArrowValues.StringList(ArrowValues.Field(metaData, "partitionColumns"), slot) ?? new List<string>(),
            configuration,
            ArrowValues.Long(ArrowValues.Field(metaData, "createdTime"), slot));
    }

    /// <summary>The add struct's child arrays, looked up once per batch.</summary>
    private sealed class AddColumns
    {
        private readonly ArrowArray? path;
        private readonly ArrowArray? partitionValues;
        private readonly StructArray? partitionValuesParsed;
        private readonly ArrowArray? size;
        private readonly ArrowArray? modificationTime;
        private readonly ArrowArray? dataChange;
        private readonly ArrowArray? stats;
        private readonly StructArray? statsParsed;
        private readonly ArrowArray? tags;
        private readonly StructArray? deletionVector;
        private readonly ArrowArray? baseRowId;
        private readonly ArrowArray? defaultRowCommitVersion;

        public AddColumns(StructArray add, bool wantStats)
        {
            path = ArrowValues.Field(add, "path");
            partitionValues = ArrowValues.Field(add, "partitionValues");
            partitionValuesParsed = partitionValues is null ? ArrowValues.Field(add, "partitionValues_parsed") as StructArray : null;
            size = ArrowValues.Field(add, "size");
            modificationTime = ArrowValues.Field(add, "modificationTime");
            dataChange = ArrowValues.Field(add, "dataChange");
            stats = wantStats ? ArrowValues.Field(add, "stats") : null;
            statsParsed = wantStats ? ArrowValues.Field(add, "stats_parsed") as StructArray : null;
            tags = ArrowValues.Field(add, "tags");
            deletionVector = ArrowValues.Field(add, "deletionVector") as StructArray;
            baseRowId = ArrowValues.Field(add, "baseRowId");
            defaultRowCommitVersion = ArrowValues.Field(add, "defaultRowCommitVersion");
        }

        public AddFile Read(int slot, PartitionValueInterner interner)
        {
            string filePath = ArrowValues.String(path, slot) ?? throw new FormatException("add without path");
            PartitionValueMap values = partitionValuesParsed is not null
                ? ParsedPartitionValues.Read(partitionValuesParsed, slot) is var (parsedKeys, parsedValues) ? interner.Intern(parsedKeys, parsedValues) : PartitionValueMap.Empty
                : ArrowValues.IsEmptyMap(partitionValues, slot) ? PartitionValueMap.Empty
                : ArrowValues.StringMap(partitionValues, slot) is var (keys, vals) ? interner.Intern(keys, vals) : PartitionValueMap.Empty;
            PartitionValueMap? tagMap = ArrowValues.IsEmptyMap(tags, slot) ? null
                : ArrowValues.StringMap(tags, slot) is var (tagKeys, tagValues) && tagKeys.Length > 0 ? interner.Intern(tagKeys, tagValues) : null;
            byte[]? statsBuffer = null;
            int statsOffset = 0;
            int statsLength = 0;
            if (stats is BinaryArray statsArray && statsArray.IsValid(slot))
            {
                ReadOnlySpan<byte> bytes = statsArray.GetBytes(slot);
                (statsBuffer, statsOffset) = interner.Statistics.Copy(bytes);
                statsLength = bytes.Length;
            }
            else if (statsParsed is not null && statsParsed.IsValid(slot))
            {
                statsBuffer = StatsJson.FromParsed(statsParsed, slot);
                statsLength = statsBuffer.Length;
            }
            return new AddFile(
                filePath,
                values,
                ArrowValues.Long(size, slot) ?? throw new FormatException($"add '{filePath}' without size"),
                ArrowValues.Long(modificationTime, slot) ?? 0,
                ArrowValues.Bool(dataChange, slot) ?? true,
                statsBuffer,
                statsOffset,
                statsLength,
                tagMap,
                ReadDeletionVector(deletionVector, slot),
                ArrowValues.Long(baseRowId, slot),
                ArrowValues.Long(defaultRowCommitVersion, slot));
        }
    }
}
