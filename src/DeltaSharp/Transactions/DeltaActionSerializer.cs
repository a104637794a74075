using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DeltaSharp.Actions;

namespace DeltaSharp.Transactions;

/// <summary>
/// Writes Delta log actions as JSON lines (PROTOCOL.md "Actions"). One action object per line, each line ended
/// by <c>\n</c>. Pure apart from writing to the given stream.
/// </summary>
internal static class DeltaActionSerializer
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public static void WriteProtocol(Stream output, DeltaProtocol protocol) => Line(output, w =>
    {
        w.WriteStartObject("protocol");
        w.WriteNumber("minReaderVersion", protocol.MinReaderVersion);
        w.WriteNumber("minWriterVersion", protocol.MinWriterVersion);
        if (protocol.ReaderFeatures is { } readerFeatures)
        {
            WriteStringArray(w, "readerFeatures", readerFeatures);
        }
        if (protocol.WriterFeatures is { } writerFeatures)
        {
            WriteStringArray(w, "writerFeatures", writerFeatures);
        }
        w.WriteEndObject();
    });

    public static void WriteMetadata(Stream output, DeltaMetadata metadata) => Line(output, w =>
    {
        w.WriteStartObject("metaData");
        w.WriteString("id", metadata.Id);
        if (metadata.Name is { } name)
        {
            w.WriteString("name", name);
        }
        if (metadata.Description is { } description)
        {
            w.WriteString("description", description);
        }
        w.WriteStartObject("format");
        w.WriteString("provider", metadata.FormatProvider);
        w.WriteStartObject("options");
        foreach (KeyValuePair<string, string> option in metadata.FormatOptions)
        {
            w.WriteString(option.Key, option.Value);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("schemaString", metadata.SchemaString);
        WriteStringArray(w, "partitionColumns", metadata.PartitionColumns);
        w.WriteStartObject("configuration");
        foreach (KeyValuePair<string, string?> entry in metadata.Configuration)
        {
            if (entry.Value is null)
            {
                w.WriteNull(entry.Key);
            }
            else
            {
                w.WriteString(entry.Key, entry.Value);
            }
        }
        w.WriteEndObject();
        if (metadata.CreatedTime is { } created)
        {
            w.WriteNumber("createdTime", created);
        }
        w.WriteEndObject();
    });

    public static void WriteAdd(Stream output, string path, IReadOnlyDictionary<string, string?> partitionValues, long size, long modificationTime, bool dataChange, byte[]? stats) => Line(output, w =>
    {
        w.WriteStartObject("add");
        w.WriteString("path", path);
        WritePartitionValues(w, partitionValues);
        w.WriteNumber("size", size);
        w.WriteNumber("modificationTime", modificationTime);
        w.WriteBoolean("dataChange", dataChange);
        if (stats is not null)
        {
            w.WriteString("stats", System.Text.Encoding.UTF8.GetString(stats));
        }
        w.WriteEndObject();
    });

    public static void WriteRemove(Stream output, AddFile file, long deletionTimestamp, bool dataChange) => Line(output, w =>
    {
        w.WriteStartObject("remove");
        w.WriteString("path", file.Path);
        w.WriteNumber("deletionTimestamp", deletionTimestamp);
        w.WriteBoolean("dataChange", dataChange);
        w.WriteBoolean("extendedFileMetadata", true);
        WritePartitionValues(w, file.PartitionValues);
        w.WriteNumber("size", file.Size);
        if (file.DeletionVector is { } dv)
        {
            w.WriteStartObject("deletionVector");
            w.WriteString("storageType", dv.StorageType);
            w.WriteString("pathOrInlineDv", dv.PathOrInlineDv);
            if (dv.Offset is int offset)
            {
                w.WriteNumber("offset", offset);
            }
            w.WriteNumber("sizeInBytes", dv.SizeInBytes);
            w.WriteNumber("cardinality", dv.Cardinality);
            w.WriteEndObject();
        }
        if (file.BaseRowId is long baseRowId)
        {
            w.WriteNumber("baseRowId", baseRowId);
        }
        if (file.DefaultRowCommitVersion is long rowCommitVersion)
        {
            w.WriteNumber("defaultRowCommitVersion", rowCommitVersion);
        }
        w.WriteEndObject();
    });

    public static void WriteTransaction(Stream output, string appId, long version, long? lastUpdated) => Line(output, w =>
    {
        w.WriteStartObject("txn");
        w.WriteString("appId", appId);
        w.WriteNumber("version", version);
        if (lastUpdated is long updated)
        {
            w.WriteNumber("lastUpdated", updated);
        }
        w.WriteEndObject();
    });

    public static void WriteDomainMetadata(Stream output, DomainMetadata domain) => Line(output, w =>
    {
        w.WriteStartObject("domainMetadata");
        w.WriteString("domain", domain.Domain);
        w.WriteString("configuration", domain.Configuration);
        w.WriteBoolean("removed", domain.Removed);
        w.WriteEndObject();
    });

    public static void WriteCheckpointMetadata(Stream output, long version) => Line(output, w =>
    {
        w.WriteStartObject("checkpointMetadata");
        w.WriteNumber("version", version);
        w.WriteEndObject();
    });

    public static void WriteCommitInfo(
        Stream output, long timestamp, string operation, IReadOnlyDictionary<string, string> parameters, long? readVersion,
        bool isBlindAppend, string transactionId, long? inCommitTimestamp = null) => Line(output, w =>
    {
        w.WriteStartObject("commitInfo");
        if (inCommitTimestamp is long ict)
        {
            w.WriteNumber("inCommitTimestamp", ict);
        }
        w.WriteNumber("timestamp", timestamp);
        w.WriteString("operation", operation);
        w.WriteStartObject("operationParameters");
        foreach (KeyValuePair<string, string> p in parameters)
        {
            w.WriteString(p.Key, p.Value);
        }
        w.WriteEndObject();
        if (readVersion is long rv)
        {
            w.WriteNumber("readVersion", rv);
        }
        w.WriteBoolean("isBlindAppend", isBlindAppend);
        w.WriteString("engineInfo", "DeltaSharp/0.1");
        w.WriteString("txnId", transactionId);
        w.WriteEndObject();
    });

    private static void WritePartitionValues(Utf8JsonWriter w, IReadOnlyDictionary<string, string?> values)
    {
        w.WriteStartObject("partitionValues");
        foreach (KeyValuePair<string, string?> entry in values)
        {
            if (entry.Value is null)
            {
                w.WriteNull(entry.Key);
            }
            else
            {
                w.WriteString(entry.Key, entry.Value);
            }
        }
        w.WriteEndObject();
    }

    private static void WriteStringArray(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }

    private static void Line(Stream output, Action<Utf8JsonWriter> body)
    {
        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }
}
