using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.Storage;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// A fabricated Delta table in an in-memory store: commits written action by action (JSON built here, never by the
/// code under test), data files written as Parquet, controlled file modification times. Rows are read back as the
/// JSON lines of <c>shared/docs/JSONL-FORMAT.md</c> so expectations can be written from the spec text.
/// </summary>
internal sealed class SpecTable : IAsyncDisposable
{
    public const string Location = "memory://spec";

    private readonly ManualTime clock = new();

    public SpecTable()
    {
        Store = new InMemoryObjectStore(clock);
    }

    public InMemoryObjectStore Store { get; }

    /// <summary>Modification time given to the next object written.</summary>
    public DateTimeOffset Now
    {
        get => clock.Now;
        set => clock.Now = value;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static string Protocol(int reader, int writer, string[]? readerFeatures = null, string[]? writerFeatures = null)
    {
        var protocol = new Dictionary<string, object?> { ["minReaderVersion"] = reader, ["minWriterVersion"] = writer };
        if (readerFeatures is not null)
        {
            protocol["readerFeatures"] = readerFeatures;
        }
        if (writerFeatures is not null)
        {
            protocol["writerFeatures"] = writerFeatures;
        }
        return Json(new Dictionary<string, object?> { ["protocol"] = protocol });
    }

    /// <summary>A metaData action; <paramref name="schemaJson"/> is the schema as JSON text (it is embedded as a string).</summary>
    public static string Metadata(string schemaJson, string[]? partitionColumns = null, Dictionary<string, string>? configuration = null) =>
        Json(new Dictionary<string, object?>
        {
            ["metaData"] = new Dictionary<string, object?>
            {
                ["id"] = "7b0a1a5e-0000-4000-8000-000000000001",
                ["format"] = new Dictionary<string, object?> { ["provider"] = "parquet", ["options"] = new Dictionary<string, string>() },
                ["schemaString"] = schemaJson,
                ["partitionColumns"] = partitionColumns ?? Array.Empty<string>(),
                ["configuration"] = configuration ?? new Dictionary<string, string>(),
                ["createdTime"] = 1,
            },
        });

    /// <summary>A struct schema from field JSON texts.</summary>
    public static string Schema(params string[] fields) => "{\"type\":\"struct\",\"fields\":[" + string.Join(",", fields) + "]}";

    /// <summary>A struct field; <paramref name="type"/> is a JSON value (a quoted primitive name or an object).</summary>
    public static string Field(string name, string type, bool nullable = true, string metadata = "{}") =>
        "{\"name\":" + Json(name) + ",\"type\":" + type + ",\"nullable\":" + (nullable ? "true" : "false") + ",\"metadata\":" + metadata + "}";

    /// <summary>Column mapping metadata for a field.</summary>
    public static string Mapping(long id, string physicalName, string extra = "") =>
        "{\"delta.columnMapping.id\":" + id + ",\"delta.columnMapping.physicalName\":" + Json(physicalName) + extra + "}";

    public static string Add(string path, long size, Dictionary<string, string?>? partitionValues = null, string? stats = null, object? deletionVector = null, long modificationTime = 1)
    {
        var add = new Dictionary<string, object?>
        {
            ["path"] = path,
            ["partitionValues"] = partitionValues ?? new Dictionary<string, string?>(),
            ["size"] = size,
            ["modificationTime"] = modificationTime,
            ["dataChange"] = true,
        };
        if (stats is not null)
        {
            add["stats"] = stats;
        }
        if (deletionVector is not null)
        {
            add["deletionVector"] = deletionVector;
        }
        return Json(new Dictionary<string, object?> { ["add"] = add });
    }

    public static string Remove(string path, object? deletionVector = null)
    {
        var remove = new Dictionary<string, object?> { ["path"] = path, ["deletionTimestamp"] = 5, ["dataChange"] = true };
        if (deletionVector is not null)
        {
            remove["deletionVector"] = deletionVector;
        }
        return Json(new Dictionary<string, object?> { ["remove"] = remove });
    }

    public static object Dv(string storageType, string pathOrInline, int? offset, int size, long cardinality)
    {
        var dv = new Dictionary<string, object?> { ["storageType"] = storageType, ["pathOrInlineDv"] = pathOrInline, ["sizeInBytes"] = size, ["cardinality"] = cardinality };
        if (offset is int o)
        {
            dv["offset"] = o;
        }
        return dv;
    }

    public static string CommitInfo(long? inCommitTimestamp = null) =>
        inCommitTimestamp is long ict
            ? Json(new Dictionary<string, object?> { ["commitInfo"] = new Dictionary<string, object?> { ["inCommitTimestamp"] = ict, ["timestamp"] = ict, ["operation"] = "WRITE" } })
            : Json(new Dictionary<string, object?> { ["commitInfo"] = new Dictionary<string, object?> { ["timestamp"] = 1, ["operation"] = "WRITE" } });

    /// <summary>Writes commit <paramref name="version"/> with the given action lines.</summary>
    public async Task CommitAsync(long version, params string[] actions)
    {
        await Store.PutAsync($"_delta_log/{version:D20}.json", Encoding.UTF8.GetBytes(string.Join("\n", actions) + "\n"));
    }

    public async Task PutAsync(string key, byte[] content) => await Store.PutAsync(key, content);

    public async Task PutTextAsync(string key, string content) => await Store.PutAsync(key, Encoding.UTF8.GetBytes(content));

    /// <summary>Writes <paramref name="batch"/> (disposed here) as a Parquet file; returns its size.</summary>
    public async Task<long> PutParquetAsync(string key, RecordBatch batch, ParquetWriterOptions? options = null)
    {
        using (batch)
        {
            byte[] bytes = ParquetBytes(batch, options);
            await Store.PutAsync(key, bytes);
            return bytes.Length;
        }
    }

    /// <summary>Copies a reference Parquet file into the table; returns its size.</summary>
    public async Task<long> PutFileAsync(string key, string localPath)
    {
        byte[] bytes = await File.ReadAllBytesAsync(localPath);
        await Store.PutAsync(key, bytes);
        return bytes.Length;
    }

    public static byte[] ParquetBytes(RecordBatch batch, ParquetWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, batch.Schema, options ?? new ParquetWriterOptions { EncodingParallelism = 1 }, leaveOpen: true))
        {
            writer.WriteBatch(batch);
            writer.Close();
        }
        return stream.ToArray();
    }

    public Task<DeltaTable> OpenAsync(DeltaTableOptions? options = null) => DeltaTable.OpenAsync(Store, Location, options);

    /// <summary>Opens the latest snapshot and returns its rows as JSON lines (scan order).</summary>
    public async Task<List<string>> RowsAsync(DeltaScanOptions? scan = null, DeltaTableOptions? options = null)
    {
        await using DeltaTable table = await OpenAsync(options);
        return await RowsAsync(table.Snapshot, scan);
    }

    public static async Task<List<string>> RowsAsync(DeltaSnapshot snapshot, DeltaScanOptions? scan = null)
    {
        var rows = new List<string>();
        await foreach (RecordBatch batch in snapshot.ReadAsync(scan ?? new DeltaScanOptions()))
        {
            using (batch)
            {
                var text = new StringWriter();
                using (var jsonl = new JsonLinesWriter(text))
                {
                    jsonl.Write(batch);
                }
                foreach (string line in text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    rows.Add(line);
                }
            }
        }
        return rows;
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
