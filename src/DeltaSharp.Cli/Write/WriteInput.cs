using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Parquet;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Cli;

/// <summary>
/// The rows of <c>deltasharp write --from FILE</c>: a Parquet file (magic <c>PAR1</c>), an Arrow IPC file (magic
/// <c>ARROW1</c>) or an Arrow IPC stream, recognised by content; or CSV (<c>.csv</c>, <c>.tsv</c>) or JSON lines
/// (<c>.jsonl</c>, <c>.ndjson</c>, <c>.json</c>), recognised by extension or named by <c>--input-format</c>, which carry
/// no types and are parsed against a given schema (the table's, or <c>--schema</c> for a new table). Batches are owned
/// by the enumeration (each is disposed when the next is requested). Not thread-safe.
/// </summary>
internal sealed class WriteInput : IAsyncDisposable
{
    private readonly ParquetReader? _parquet;
    private readonly ArrowFileReader? _arrowFile;
    private readonly ArrowStreamReader? _arrowStream;

    private readonly Stream? _text;
    private readonly char _textDelimiter;
    private readonly bool _textIsCsv;

    private WriteInput(ArrowSchema schema, Stream text, bool csv, char delimiter)
    {
        Schema = schema;
        _text = text;
        _textIsCsv = csv;
        _textDelimiter = delimiter;
    }

    private WriteInput(ArrowSchema schema, long? totalRows, ParquetReader? parquet, ArrowFileReader? arrowFile, ArrowStreamReader? arrowStream)
    {
        Schema = schema;
        TotalRows = totalRows;
        _parquet = parquet;
        _arrowFile = arrowFile;
        _arrowStream = arrowStream;
    }

    /// <summary>The Arrow schema of the rows.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>The number of rows when the format records it (Parquet), else null.</summary>
    public long? TotalRows { get; }

    /// <summary>
    /// The text format of <paramref name="path"/> ("csv", "tsv" or "jsonl") from <paramref name="inputFormat"/> or the
    /// file extension, or null for the binary formats (recognised by content).
    /// </summary>
    public static string? TextFormatOf(string path, string? inputFormat)
    {
        string? format = inputFormat?.ToLowerInvariant() ?? Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => "csv",
            ".tsv" => "tsv",
            ".jsonl" or ".ndjson" or ".json" => "jsonl",
            _ => null,
        };
        return format switch
        {
            null or "parquet" or "arrow" => null,
            "csv" or "tsv" or "jsonl" => format,
            _ => throw new ArgumentException($"--input-format must be csv, tsv, jsonl, parquet or arrow, not '{inputFormat}'."),
        };
    }

    /// <summary>Opens a CSV/TSV/JSON-lines file whose rows are parsed against <paramref name="schema"/>.</summary>
    public static WriteInput OpenText(string path, string textFormat, ArrowSchema schema) =>
        new(schema, File.OpenRead(path), textFormat != "jsonl", textFormat == "tsv" ? '\t' : ',');

    /// <summary>Opens <paramref name="path"/>, recognising the format by its first bytes.</summary>
    /// <exception cref="FormatException">The file is none of the supported formats.</exception>
    public static async Task<WriteInput> OpenAsync(string path, CancellationToken cancellationToken)
    {
        byte[] head = new byte[8];
        int read;
        await using (FileStream probe = File.OpenRead(path))
        {
            read = await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1')
        {
            ParquetReader parquet = await ParquetReader.OpenFileAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new WriteInput(parquet.Schema, parquet.Metadata.NumRows, parquet, null, null);
        }
        if (read >= 6 && head.AsSpan(0, 6).SequenceEqual("ARROW1"u8))
        {
            FileStream stream = File.OpenRead(path);
            ArrowFileReader file = await ArrowFileReader.OpenAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new WriteInput(file.Schema, null, null, file, null);
        }
        if (read >= 4 && head[0] == 0xFF && head[1] == 0xFF && head[2] == 0xFF && head[3] == 0xFF)
        {
            var reader = new ArrowStreamReader(File.OpenRead(path));
            ArrowSchema schema = await reader.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            return new WriteInput(schema, null, null, null, reader);
        }
        throw new FormatException($"'{path}' is not a Parquet file, an Arrow IPC file or an Arrow IPC stream (CSV and JSON lines input are not supported yet).");
    }

    /// <summary>The batches, each disposed when the next is requested or the enumeration ends.</summary>
    public async IAsyncEnumerable<RecordBatch> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_text is not null)
        {
            IAsyncEnumerable<RecordBatch> rows = _textIsCsv
                ? CsvReader.ReadAsync(_text, Schema, _textDelimiter, cancellationToken: cancellationToken)
                : JsonLinesReader.ReadAsync(_text, Schema, cancellationToken: cancellationToken);
            await foreach (RecordBatch batch in rows.ConfigureAwait(false))
            {
                using (batch)
                {
                    yield return batch;
                }
            }
        }
        else if (_parquet is not null)
        {
            await foreach (RecordBatch batch in _parquet.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    yield return batch;
                }
            }
        }
        else if (_arrowFile is not null)
        {
            for (int i = 0; i < _arrowFile.RecordBatchCount; i++)
            {
                using RecordBatch batch = await _arrowFile.ReadRecordBatchAsync(i, cancellationToken).ConfigureAwait(false);
                yield return batch;
            }
        }
        else
        {
            while (await _arrowStream!.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                using (batch)
                {
                    yield return batch;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_parquet is not null)
        {
            await _parquet.DisposeAsync().ConfigureAwait(false);
        }
        if (_text is not null)
        {
            await _text.DisposeAsync().ConfigureAwait(false);
        }
        _arrowFile?.Dispose();
        _arrowStream?.Dispose();
    }
}
