using System;
using System.Collections.Generic;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Transactions;

/// <summary>
/// Accumulates checkpoint rows (PROTOCOL.md "Checkpoint Schema"): one action per row, in one top-level struct
/// column per action kind, every other action column null in that row. The columns present are chosen at
/// construction (a classic checkpoint has all of them; a V2 top-level file has no file actions; a sidecar has
/// only add and remove). Not thread-safe; dispose to free the builders.
/// </summary>
internal sealed class CheckpointActionBatch : IDisposable
{
    public const string Txn = "txn";
    public const string Add = "add";
    public const string Remove = "remove";
    public const string MetaData = "metaData";
    public const string Protocol = "protocol";
    public const string DomainMetadata = "domainMetadata";
    public const string CheckpointMetadata = "checkpointMetadata";
    public const string Sidecar = "sidecar";

    private readonly List<Field> _fields = [];
    private readonly List<StructBuilder> _builders = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly CheckpointStatsColumns? _stats;
    private readonly bool _writeStatsJson;

    /// <param name="columns">The action columns, in order.</param>
    /// <param name="stats">Typed stats / partition values (<c>stats_parsed</c>, <c>partitionValues_parsed</c>), or null.</param>
    /// <param name="writeStatsJson">Whether add rows carry the <c>stats</c> JSON string.</param>
    public CheckpointActionBatch(IReadOnlyList<string> columns, CheckpointStatsColumns? stats, bool writeStatsJson)
    {
        _stats = stats;
        _writeStatsJson = writeStatsJson;
        foreach (string column in columns)
        {
            StructType type = TypeOf(column);
            _index[column] = _fields.Count;
            _fields.Add(new Field(column, type, true));
            _builders.Add(new StructBuilder(type));
        }
    }

    /// <summary>Rows appended so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Add rows appended so far.</summary>
    public int AddRows { get; private set; }

    private static readonly MapType StringMap = new(new Field("key_value", new StructType([new Field("key", ArrowType.Utf8, false), new Field("value", ArrowType.Utf8, true)]), false));
    private static readonly ListType StringList = new(new Field("element", ArrowType.Utf8, true));
    private static readonly StructType DeletionVectorType = new(
    [
        new("storageType", ArrowType.Utf8), new("pathOrInlineDv", ArrowType.Utf8), new("offset", ArrowType.Int32),
        new("sizeInBytes", ArrowType.Int32), new("cardinality", ArrowType.Int64),
    ]);

    private StructType TypeOf(string column) => column switch
    {
        Txn => new StructType([new("appId", ArrowType.Utf8), new("version", ArrowType.Int64), new("lastUpdated", ArrowType.Int64)]),
        Add => new StructType(AddFields()),
        Remove => new StructType(
        [
            new("path", ArrowType.Utf8), new("deletionTimestamp", ArrowType.Int64), new("dataChange", ArrowType.Boolean),
            new("extendedFileMetadata", ArrowType.Boolean), new("partitionValues", StringMap), new("size", ArrowType.Int64),
            new("deletionVector", DeletionVectorType),
        ]),
        MetaData => new StructType(
        [
            new("id", ArrowType.Utf8), new("name", ArrowType.Utf8), new("description", ArrowType.Utf8),
            new("format", new StructType([new("provider", ArrowType.Utf8), new("options", StringMap)])),
            new("schemaString", ArrowType.Utf8), new("partitionColumns", StringList), new("configuration", StringMap),
            new("createdTime", ArrowType.Int64),
        ]),
        Protocol => new StructType(
        [
            new("minReaderVersion", ArrowType.Int32), new("minWriterVersion", ArrowType.Int32),
            new("readerFeatures", StringList), new("writerFeatures", StringList),
        ]),
        DomainMetadata => new StructType([new("domain", ArrowType.Utf8), new("configuration", ArrowType.Utf8), new("removed", ArrowType.Boolean)]),
        CheckpointMetadata => new StructType([new("version", ArrowType.Int64), new("tags", StringMap)]),
        Sidecar => new StructType([new("path", ArrowType.Utf8), new("sizeInBytes", ArrowType.Int64), new("modificationTime", ArrowType.Int64), new("tags", StringMap)]),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown checkpoint action column."),
    };

    private List<Field> AddFields()
    {
        var fields = new List<Field>
        {
            new("path", ArrowType.Utf8), new("partitionValues", StringMap), new("size", ArrowType.Int64),
            new("modificationTime", ArrowType.Int64), new("dataChange", ArrowType.Boolean), new("tags", StringMap),
            new("deletionVector", DeletionVectorType), new("baseRowId", ArrowType.Int64), new("defaultRowCommitVersion", ArrowType.Int64),
        };
        if (_writeStatsJson)
        {
            fields.Add(new("stats", ArrowType.Utf8));
        }
        if (_stats?.PartitionValuesType is { } partitionType)
        {
            fields.Add(new("partitionValues_parsed", partitionType));
        }
        if (_stats is not null)
        {
            fields.Add(new("stats_parsed", _stats.StatsType));
        }
        return fields;
    }

    private StructBuilder Begin(string column)
    {
        int target = _index.TryGetValue(column, out int i) ? i : throw new InvalidOperationException($"This checkpoint file has no '{column}' column.");
        for (int c = 0; c < _builders.Count; c++)
        {
            if (c != target)
            {
                _builders[c].AppendNull();
            }
        }
        Rows++;
        StructBuilder builder = _builders[target];
        builder.Append();
        return builder;
    }

    public void AppendProtocol(DeltaProtocol protocol)
    {
        StructBuilder b = Begin(Protocol);
        Int32(b, 0, protocol.MinReaderVersion);
        Int32(b, 1, protocol.MinWriterVersion);
        Strings(b.Fields[2], protocol.ReaderFeatures);
        Strings(b.Fields[3], protocol.WriterFeatures);
    }

    public void AppendMetadata(DeltaMetadata metadata)
    {
        StructBuilder b = Begin(MetaData);
        String(b, 0, metadata.Id);
        String(b, 1, metadata.Name);
        String(b, 2, metadata.Description);
        var format = (StructBuilder)b.Fields[3];
        format.Append();
        String(format, 0, metadata.FormatProvider);
        var options = new List<KeyValuePair<string, string?>>();
        foreach (KeyValuePair<string, string> option in metadata.FormatOptions)
        {
            options.Add(new KeyValuePair<string, string?>(option.Key, option.Value));
        }
        Map(format.Fields[1], options);
        String(b, 4, metadata.SchemaString);
        Strings(b.Fields[5], metadata.PartitionColumns);
        Map(b.Fields[6], metadata.Configuration);
        Int64(b, 7, metadata.CreatedTime);
    }

    public void AppendTransaction(SetTransaction txn)
    {
        StructBuilder b = Begin(Txn);
        String(b, 0, txn.AppId);
        Int64(b, 1, txn.Version);
        Int64(b, 2, txn.LastUpdated);
    }

    public void AppendDomainMetadata(DomainMetadata domain)
    {
        StructBuilder b = Begin(DomainMetadata);
        String(b, 0, domain.Domain);
        String(b, 1, domain.Configuration);
        ((BooleanBuilder)b.Fields[2]).Append(domain.Removed);
    }

    public void AppendCheckpointMetadata(long version)
    {
        StructBuilder b = Begin(CheckpointMetadata);
        Int64(b, 0, version);
        Map(b.Fields[1], null);
    }

    public void AppendSidecar(string path, long sizeInBytes, long modificationTime)
    {
        StructBuilder b = Begin(Sidecar);
        String(b, 0, path);
        Int64(b, 1, sizeInBytes);
        Int64(b, 2, modificationTime);
        Map(b.Fields[3], null);
    }

    public void AppendAdd(AddFile file)
    {
        StructBuilder b = Begin(Add);
        AddRows++;
        String(b, 0, file.Path);
        Map(b.Fields[1], file.PartitionValues);
        Int64(b, 2, file.Size);
        Int64(b, 3, file.ModificationTime);
        ((BooleanBuilder)b.Fields[4]).Append(false);
        Map(b.Fields[5], file.Tags);
        DeletionVector((StructBuilder)b.Fields[6], file.DeletionVector);
        Int64(b, 7, file.BaseRowId);
        Int64(b, 8, file.DefaultRowCommitVersion);
        int next = 9;
        if (_writeStatsJson)
        {
            String(b, next++, file.StatsJson);
        }
        if (_stats?.PartitionValuesType is not null)
        {
            _stats.AppendPartitionValues(b.Fields[next++], file.PartitionValues);
        }
        if (_stats is not null)
        {
            CheckpointStatsColumns.AppendStats(b.Fields[next], file.StatsUtf8);
        }
    }

    public void AppendRemove(RemoveFile remove)
    {
        StructBuilder b = Begin(Remove);
        String(b, 0, remove.Path);
        Int64(b, 1, remove.DeletionTimestamp);
        ((BooleanBuilder)b.Fields[2]).Append(false);
        ((BooleanBuilder)b.Fields[3]).Append(false);
        Map(b.Fields[4], null);
        Int64(b, 5, remove.Size);
        DeletionVector((StructBuilder)b.Fields[6], remove.DeletionVector);
    }

    /// <summary>Builds the batch (the caller owns it); the accumulators are then empty.</summary>
    public RecordBatch Build()
    {
        var arrays = new ArrowArray[_builders.Count];
        for (int i = 0; i < arrays.Length; i++)
        {
            arrays[i] = _builders[i].Build();
        }
        var batch = new RecordBatch(new ArrowSchema(_fields), arrays, Rows);
        Rows = 0;
        AddRows = 0;
        return batch;
    }

    public void Dispose()
    {
        foreach (StructBuilder builder in _builders)
        {
            builder.Dispose();
        }
    }

    private static void DeletionVector(StructBuilder b, DeletionVectorDescriptor? dv)
    {
        if (dv is null)
        {
            b.AppendNull();
            return;
        }
        b.Append();
        String(b, 0, dv.StorageType);
        String(b, 1, dv.PathOrInlineDv);
        Int32(b, 2, dv.Offset);
        Int32(b, 3, dv.SizeInBytes);
        Int64(b, 4, dv.Cardinality);
    }

    private static void String(StructBuilder b, int field, string? value) => ((BinaryBuilder)b.Fields[field]).Append(value);

    private static void Int64(StructBuilder b, int field, long? value) => ((PrimitiveBuilder<long>)b.Fields[field]).Append(value);

    private static void Int32(StructBuilder b, int field, int? value) => ((PrimitiveBuilder<int>)b.Fields[field]).Append(value);

    private static void Strings(ArrowArrayBuilder builder, IReadOnlyList<string>? values)
    {
        var list = (ListBuilder)builder;
        if (values is null)
        {
            list.AppendNull();
            return;
        }
        list.Append();
        var items = (BinaryBuilder)list.Values;
        foreach (string value in values)
        {
            items.Append(value);
        }
    }

    private static void Map(ArrowArrayBuilder builder, IEnumerable<KeyValuePair<string, string?>>? entries)
    {
        var map = (MapBuilder)builder;
        if (entries is null)
        {
            map.AppendNull();
            return;
        }
        map.Append();
        var keys = (BinaryBuilder)map.Keys;
        var values = (BinaryBuilder)map.Items;
        foreach (KeyValuePair<string, string?> entry in entries)
        {
            keys.Append(entry.Key);
            values.Append(entry.Value);
        }
    }
}
