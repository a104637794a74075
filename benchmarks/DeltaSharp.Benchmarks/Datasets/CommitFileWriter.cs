using System;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace DeltaSharp.Benchmarks.Datasets;

/// <summary>Writes one Delta commit file (<c>_delta_log/NNNNNNNNNNNNNNNNNNNN.json</c>): one JSON action per line.</summary>
internal sealed class CommitFileWriter : IDisposable
{
    /// <summary>Modification/creation time stamped on every generated action (2024-01-01T00:00:00Z).</summary>
    public const long Timestamp = 1_704_067_200_000;

    private readonly Stream stream;
    private readonly Utf8JsonWriter json;

    /// <summary>Creates (overwrites) the commit file of <paramref name="version"/> in <paramref name="logDirectory"/>.</summary>
    public CommitFileWriter(string logDirectory, long version)
    {
        Directory.CreateDirectory(logDirectory);
        stream = new FileStream(CommitPath(logDirectory, version), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        json = new Utf8JsonWriter(stream);
    }

    /// <summary>Writes the commit's lines to <paramref name="destination"/> (e.g. a <see cref="MemoryStream"/>), which
    /// this writer owns and disposes.</summary>
    public CommitFileWriter(Stream destination)
    {
        stream = destination;
        json = new Utf8JsonWriter(destination);
    }

    /// <summary>The commit file path of <paramref name="version"/>.</summary>
    public static string CommitPath(string logDirectory, long version) =>
        Path.Combine(logDirectory, version.ToString("D20", CultureInfo.InvariantCulture) + ".json");

    /// <summary>Writes <c>{"name":{...}}</c> followed by a newline; <paramref name="body"/> writes the inner object's members.</summary>
    public void WriteAction(string name, Action<Utf8JsonWriter> body)
    {
        json.WriteStartObject();
        json.WriteStartObject(name);
        body(json);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
        json.Reset(stream);
    }

    /// <summary>Writes a commitInfo action.</summary>
    public void WriteCommitInfo(string operation) => WriteAction("commitInfo", w =>
    {
        w.WriteNumber("timestamp", Timestamp);
        w.WriteString("operation", operation);
        w.WriteString("engineInfo", "DeltaSharp.Benchmarks dataset generator");
    });

    /// <summary>Writes protocol (1, 2) and a metaData action with <paramref name="schemaString"/>.</summary>
    public void WriteProtocolAndMetadata(string tableId, string schemaString, string? partitionColumn)
    {
        WriteAction("protocol", w =>
        {
            w.WriteNumber("minReaderVersion", 1);
            w.WriteNumber("minWriterVersion", 2);
        });
        WriteAction("metaData", w =>
        {
            w.WriteString("id", tableId);
            w.WriteStartObject("format");
            w.WriteString("provider", "parquet");
            w.WriteStartObject("options");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("schemaString", schemaString);
            w.WriteStartArray("partitionColumns");
            if (partitionColumn is not null)
            {
                w.WriteStringValue(partitionColumn);
            }
            w.WriteEndArray();
            w.WriteStartObject("configuration");
            w.WriteEndObject();
            w.WriteNumber("createdTime", Timestamp);
        });
    }

    /// <summary>Writes an add action.</summary>
    public void WriteAdd(string path, string? partitionColumn, string? partitionValue, long size, string stats, bool dataChange = true) =>
        WriteAction("add", w =>
        {
            w.WriteString("path", path);
            w.WriteStartObject("partitionValues");
            if (partitionColumn is not null)
            {
                w.WriteString(partitionColumn, partitionValue);
            }
            w.WriteEndObject();
            w.WriteNumber("size", size);
            w.WriteNumber("modificationTime", Timestamp);
            w.WriteBoolean("dataChange", dataChange);
            w.WriteString("stats", stats);
        });

    /// <summary>Writes a remove action.</summary>
    public void WriteRemove(string path, long size) => WriteAction("remove", w =>
    {
        w.WriteString("path", path);
        w.WriteNumber("deletionTimestamp", Timestamp);
        w.WriteBoolean("dataChange", true);
        w.WriteBoolean("extendedFileMetadata", true);
        w.WriteStartObject("partitionValues");
        w.WriteEndObject();
        w.WriteNumber("size", size);
    });

    /// <inheritdoc />
    public void Dispose()
    {
        json.Dispose();
        stream.Dispose();
    }
}
