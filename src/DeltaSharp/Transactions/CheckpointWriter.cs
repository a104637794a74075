using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Log;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.Storage;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Transactions;

/// <summary>
/// Writes a classic single-file checkpoint (<c>_delta_log/&lt;version&gt;.checkpoint.parquet</c>) of a snapshot —
/// protocol, metaData, txn, domainMetadata and add rows (one action per row, the other action columns null) —
/// and then <c>_delta_log/_last_checkpoint</c>. Remove tombstones are not included (the snapshot does not keep
/// them). The checkpoint is built in memory.
/// </summary>
internal static class CheckpointWriter
{
    public const string IntervalKey = "delta.checkpointInterval";

    /// <summary>The table's checkpoint interval (default 10).</summary>
    public static int Interval(IReadOnlyDictionary<string, string?> configuration)
    {
        if (configuration.TryGetValue(IntervalKey, out string? text) && text is not null)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int interval) || interval < 1)
            {
                throw new DeltaException($"Table property {IntervalKey} must be a positive integer, not '{text}'.");
            }
            return interval;
        }
        return 10;
    }

    public static async Task WriteAsync(IObjectStore store, DeltaSnapshot snapshot, CancellationToken cancellationToken)
    {
        var rowValid = new Dictionary<string, List<bool>>
        {
            ["txn"] = [], ["add"] = [], ["remove"] = [], ["metaData"] = [], ["protocol"] = [], ["domainMetadata"] = [],
        };
        var txnAppId = new CheckpointColumns.Strings();
        var txnVersion = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var txnLastUpdated = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var addPath = new CheckpointColumns.Strings();
        var addPartitionValues = new CheckpointColumns.StringMaps();
        var addSize = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var addModificationTime = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var addDataChange = new CheckpointColumns.Booleans();
        var addTags = new CheckpointColumns.StringMaps();
        var dvValid = new List<bool>();
        var dvStorageType = new CheckpointColumns.Strings();
        var dvPath = new CheckpointColumns.Strings();
        var dvOffset = new CheckpointColumns.Primitive<int>(ArrowType.Int32);
        var dvSize = new CheckpointColumns.Primitive<int>(ArrowType.Int32);
        var dvCardinality = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var addBaseRowId = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var addRowCommitVersion = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var addStats = new CheckpointColumns.Strings();
        var removePath = new CheckpointColumns.Strings();
        var removeDeletionTimestamp = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var removeDataChange = new CheckpointColumns.Booleans();
        var mdId = new CheckpointColumns.Strings();
        var mdName = new CheckpointColumns.Strings();
        var mdDescription = new CheckpointColumns.Strings();
        var formatValid = new List<bool>();
        var mdProvider = new CheckpointColumns.Strings();
        var mdOptions = new CheckpointColumns.StringMaps();
        var mdSchema = new CheckpointColumns.Strings();
        var mdPartitionColumns = new CheckpointColumns.StringLists();
        var mdConfiguration = new CheckpointColumns.StringMaps();
        var mdCreatedTime = new CheckpointColumns.Primitive<long>(ArrowType.Int64);
        var pReader = new CheckpointColumns.Primitive<int>(ArrowType.Int32);
        var pWriter = new CheckpointColumns.Primitive<int>(ArrowType.Int32);
        var pReaderFeatures = new CheckpointColumns.StringLists();
        var pWriterFeatures = new CheckpointColumns.StringLists();
        var dmDomain = new CheckpointColumns.Strings();
        var dmConfiguration = new CheckpointColumns.Strings();
        var dmRemoved = new CheckpointColumns.Booleans();

        int rows = 0;
        void Row(string kind)
        {
            foreach (KeyValuePair<string, List<bool>> entry in rowValid)
            {
                entry.Value.Add(entry.Key == kind);
            }
            rows++;
            bool txn = kind == "txn";
            bool add = kind == "add";
            bool md = kind == "metaData";
            bool protocol = kind == "protocol";
            bool domain = kind == "domainMetadata";
            if (!txn)
            {
                txnAppId.Add(null);
                txnVersion.Add(null);
                txnLastUpdated.Add(null);
            }
            if (!add)
            {
                addPath.Add(null);
                addPartitionValues.Add(null);
                addSize.Add(null);
                addModificationTime.Add(null);
                addDataChange.Add(null);
                addTags.Add(null);
                dvValid.Add(false);
                dvStorageType.Add(null);
                dvPath.Add(null);
                dvOffset.Add(null);
                dvSize.Add(null);
                dvCardinality.Add(null);
                addBaseRowId.Add(null);
                addRowCommitVersion.Add(null);
                addStats.Add(null);
            }
            removePath.Add(null);
            removeDeletionTimestamp.Add(null);
            removeDataChange.Add(null);
            if (!md)
            {
                mdId.Add(null);
                mdName.Add(null);
                mdDescription.Add(null);
                formatValid.Add(false);
                mdProvider.Add(null);
                mdOptions.Add(null);
                mdSchema.Add(null);
                mdPartitionColumns.Add(null);
                mdConfiguration.Add(null);
                mdCreatedTime.Add(null);
            }
            if (!protocol)
            {
                pReader.Add(null);
                pWriter.Add(null);
                pReaderFeatures.Add(null);
                pWriterFeatures.Add(null);
            }
            if (!domain)
            {
                dmDomain.Add(null);
                dmConfiguration.Add(null);
                dmRemoved.Add(null);
            }
        }

        DeltaProtocol p = snapshot.Protocol;
        pReader.Add(p.MinReaderVersion);
        pWriter.Add(p.MinWriterVersion);
        pReaderFeatures.Add(p.ReaderFeatures);
        pWriterFeatures.Add(p.WriterFeatures);
        Row("protocol");

        DeltaMetadata m = snapshot.Metadata;
        mdId.Add(m.Id);
        mdName.Add(m.Name);
        mdDescription.Add(m.Description);
        formatValid.Add(true);
        mdProvider.Add(m.FormatProvider);
        mdOptions.Add(ToNullable(m.FormatOptions));
        mdSchema.Add(m.SchemaString);
        mdPartitionColumns.Add(m.PartitionColumns);
        mdConfiguration.Add(m.Configuration);
        mdCreatedTime.Add(m.CreatedTime);
        Row("metaData");

        foreach (SetTransaction txn in snapshot.Transactions.Values)
        {
            txnAppId.Add(txn.AppId);
            txnVersion.Add(txn.Version);
            txnLastUpdated.Add(txn.LastUpdated);
            Row("txn");
        }
        foreach (DomainMetadata domain in snapshot.DomainMetadata.Values)
        {
            dmDomain.Add(domain.Domain);
            dmConfiguration.Add(domain.Configuration);
            dmRemoved.Add(domain.Removed);
            Row("domainMetadata");
        }
        foreach (AddFile file in snapshot.Files)
        {
            addPath.Add(file.Path);
            addPartitionValues.Add(file.PartitionValues);
            addSize.Add(file.Size);
            addModificationTime.Add(file.ModificationTime);
            addDataChange.Add(false);
            addTags.Add(file.Tags);
            if (file.DeletionVector is { } dv)
            {
                dvValid.Add(true);
                dvStorageType.Add(dv.StorageType);
                dvPath.Add(dv.PathOrInlineDv);
                dvOffset.Add(dv.Offset);
                dvSize.Add(dv.SizeInBytes);
                dvCardinality.Add(dv.Cardinality);
            }
            else
            {
                dvValid.Add(false);
                dvStorageType.Add(null);
                dvPath.Add(null);
                dvOffset.Add(null);
                dvSize.Add(null);
                dvCardinality.Add(null);
            }
            addBaseRowId.Add(file.BaseRowId);
            addRowCommitVersion.Add(file.DefaultRowCommitVersion);
            addStats.Add(file.StatsJson);
            Row("add");
        }

        Field[] dvFields =
        [
            new("storageType", ArrowType.Utf8), new("pathOrInlineDv", ArrowType.Utf8), new("offset", ArrowType.Int32),
            new("sizeInBytes", ArrowType.Int32), new("cardinality", ArrowType.Int64),
        ];
        ArrayData dvArray = CheckpointColumns.Struct(dvFields, [dvStorageType.Build(), dvPath.Build(), dvOffset.Build(), dvSize.Build(), dvCardinality.Build()], dvValid);
        Field[] txnFields = [new("appId", ArrowType.Utf8), new("version", ArrowType.Int64), new("lastUpdated", ArrowType.Int64)];
        Field[] addFields =
        [
            new("path", ArrowType.Utf8), new("partitionValues", CheckpointColumns.StringMaps.Type), new("size", ArrowType.Int64),
            new("modificationTime", ArrowType.Int64), new("dataChange", ArrowType.Boolean), new("tags", CheckpointColumns.StringMaps.Type),
            new("deletionVector", dvArray.Type), new("baseRowId", ArrowType.Int64), new("defaultRowCommitVersion", ArrowType.Int64),
            new("stats", ArrowType.Utf8),
        ];
        Field[] removeFields = [new("path", ArrowType.Utf8), new("deletionTimestamp", ArrowType.Int64), new("dataChange", ArrowType.Boolean)];
        Field[] formatFields = [new("provider", ArrowType.Utf8), new("options", CheckpointColumns.StringMaps.Type)];
        ArrayData format = CheckpointColumns.Struct(formatFields, [mdProvider.Build(), mdOptions.Build()], formatValid);
        Field[] mdFields =
        [
            new("id", ArrowType.Utf8), new("name", ArrowType.Utf8), new("description", ArrowType.Utf8), new("format", format.Type),
            new("schemaString", ArrowType.Utf8), new("partitionColumns", CheckpointColumns.StringLists.Type),
            new("configuration", CheckpointColumns.StringMaps.Type), new("createdTime", ArrowType.Int64),
        ];
        Field[] protocolFields =
        [
            new("minReaderVersion", ArrowType.Int32), new("minWriterVersion", ArrowType.Int32),
            new("readerFeatures", CheckpointColumns.StringLists.Type), new("writerFeatures", CheckpointColumns.StringLists.Type),
        ];
        Field[] domainFields = [new("domain", ArrowType.Utf8), new("configuration", ArrowType.Utf8), new("removed", ArrowType.Boolean)];

        ArrayData[] columns =
        [
            CheckpointColumns.Struct(txnFields, [txnAppId.Build(), txnVersion.Build(), txnLastUpdated.Build()], rowValid["txn"]),
            CheckpointColumns.Struct(addFields, [addPath.Build(), addPartitionValues.Build(), addSize.Build(), addModificationTime.Build(), addDataChange.Build(), addTags.Build(), dvArray, addBaseRowId.Build(), addRowCommitVersion.Build(), addStats.Build()], rowValid["add"]),
            CheckpointColumns.Struct(removeFields, [removePath.Build(), removeDeletionTimestamp.Build(), removeDataChange.Build()], rowValid["remove"]),
            CheckpointColumns.Struct(mdFields, [mdId.Build(), mdName.Build(), mdDescription.Build(), format, mdSchema.Build(), mdPartitionColumns.Build(), mdConfiguration.Build(), mdCreatedTime.Build()], rowValid["metaData"]),
            CheckpointColumns.Struct(protocolFields, [pReader.Build(), pWriter.Build(), pReaderFeatures.Build(), pWriterFeatures.Build()], rowValid["protocol"]),
            CheckpointColumns.Struct(domainFields, [dmDomain.Build(), dmConfiguration.Build(), dmRemoved.Build()], rowValid["domainMetadata"]),
        ];
        string[] names = ["txn", "add", "remove", "metaData", "protocol", "domainMetadata"];
        var fields = new Field[names.Length];
        var arrays = new ArrowArray[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            fields[i] = new Field(names[i], columns[i].Type, true);
            arrays[i] = ArrowArray.FromData(columns[i]);
        }
        using var batch = new RecordBatch(new ArrowSchema(fields), arrays, rows);
        using var output = new MemoryStream();
        using (var writer = new ParquetFileWriter(output, batch.Schema, new ParquetWriterOptions { StatisticsTruncateLength = null }, leaveOpen: true))
        {
            writer.WriteBatch(batch);
            writer.Close();
        }
        long version = snapshot.Version;
        string path = LogFile.LogDirectory + version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet";
        await store.PutAsync(path, output.ToArray(), cancellationToken).ConfigureAwait(false);

        using var hint = new MemoryStream();
        using (var w = new Utf8JsonWriter(hint))
        {
            w.WriteStartObject();
            w.WriteNumber("version", version);
            w.WriteNumber("size", rows);
            w.WriteNumber("sizeInBytes", output.Length);
            w.WriteNumber("numOfAddFiles", snapshot.Files.Count);
            w.WriteEndObject();
        }
        await store.PutAsync(LogFile.LogDirectory + "_last_checkpoint", hint.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, string?> ToNullable(IReadOnlyDictionary<string, string> source)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> entry in source)
        {
            result[entry.Key] = entry.Value;
        }
        return result;
    }
}
