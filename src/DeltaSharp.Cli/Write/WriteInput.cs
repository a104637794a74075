using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Parquet;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Cli;

/// <summary>
/// The rows of <c>deltasharp write --from FILE</c>: a Parquet file (magic <c>PAR1</c>), an Arrow IPC file (magic
/// <c>ARROW1</c>) or an Arrow IPC stream, recognised by content. Batches are owned by the enumeration (each is
/// disposed when the next is requested). Not thread-safe.
/// </summary>
internal sealed class WriteInput : IAsyncDisposable
{
    private readonly ParquetReader? _parquet;
    private readonly ArrowFileReader? _arrowFile;
    private readonly ArrowStreamReader? _arrowStream;

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
        if (_parquet is not null)
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
        _arrowFile?.Dispose();
        _arrowStream?.Dispose();
    }
}
