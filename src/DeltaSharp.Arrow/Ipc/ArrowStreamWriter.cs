using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Writes the Arrow IPC <b>stream</b> format: a schema message, then dictionary and record batch messages, then the end-of-stream marker (<c>FF FF FF FF 00 00 00 00</c>). Each message uses the continuation marker, 8-byte aligned metadata and an 8-byte aligned body.
/// </summary>
/// <remarks>
/// <para>Batches may be slices (non-zero offsets): the writer re-bases offsets, shifts bitmaps and narrows child
/// ranges so the output is self-contained. A dictionary is sent before the first batch that uses it and again (as a replacement) whenever a batch carries a different dictionary for the field.</para>
/// <para>The writer borrows each batch only for the duration of the write call. Not thread-safe: one writer per
/// stream, one call at a time. Sync and async methods may be mixed but not overlapped. After a write throws
/// (I/O error, cancellation) the output is incomplete and the writer must not be used further.</para>
/// </remarks>
public sealed class ArrowStreamWriter : IDisposable, IAsyncDisposable
{
    private readonly IpcWriterCore _core;

    /// <summary>Creates a writer for <paramref name="schema"/> over <paramref name="stream"/>. Nothing is written until the first call.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="schema">The schema of every batch.</param>
    /// <param name="options">Write options (compression); null for the defaults.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open when the writer is disposed.</param>
    public ArrowStreamWriter(Stream stream, Schema schema, ArrowIpcWriteOptions? options = null, bool leaveOpen = false)
    {
        _core = new IpcWriterCore(stream, schema, options, leaveOpen, fileFormat: false);
    }

    /// <summary>Creates a writer over a <see cref="PipeWriter"/> (use the async methods with pipes: each message is
    /// flushed to the pipe when written).</summary>
    /// <param name="writer">The pipe to write the IPC stream to.</param>
    /// <param name="schema">The schema of every batch.</param>
    /// <param name="options">Write options (compression); null for the defaults.</param>
    /// <param name="leaveOpen">True to leave the pipe uncompleted when the writer is disposed.</param>
    public ArrowStreamWriter(PipeWriter writer, Schema schema, ArrowIpcWriteOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _core = new IpcWriterCore(writer.AsStream(leaveOpen), schema, options, leaveOpen: false, fileFormat: false);
    }

    /// <summary>The schema of the written batches.</summary>
    public Schema Schema => _core.Schema;

    /// <summary>Writes the schema message now (otherwise it is written with the first batch).</summary>
    public void WriteStart() => IpcSync.Complete(_core.StartAsync(useAsync: false, CancellationToken.None));

    /// <summary>Writes the schema message now (otherwise it is written with the first batch).</summary>
    public ValueTask WriteStartAsync(CancellationToken cancellationToken = default) => _core.StartAsync(useAsync: true, cancellationToken);

    /// <summary>Writes one record batch (preceded by any dictionary it needs).</summary>
    /// <exception cref="ArgumentException">The batch's column types differ from the schema.</exception>
    /// <exception cref="InvalidOperationException">The writer was already finished.</exception>
    public void WriteRecordBatch(RecordBatch batch) => IpcSync.Complete(_core.WriteBatchAsync(batch, useAsync: false, CancellationToken.None));

    /// <summary>Writes one record batch (preceded by any dictionary it needs) with asynchronous I/O.</summary>
    /// <exception cref="ArgumentException">The batch's column types differ from the schema.</exception>
    /// <exception cref="InvalidOperationException">The writer was already finished.</exception>
    public ValueTask WriteRecordBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default) => _core.WriteBatchAsync(batch, useAsync: true, cancellationToken);

    /// <summary>Writes the end-of-stream marker (and the schema if no batch was written) and flushes. Idempotent.</summary>
    public void Finish() => IpcSync.Complete(_core.FinishAsync(useAsync: false, CancellationToken.None));

    /// <summary>Writes the end-of-stream marker (and the schema if no batch was written) and flushes. Idempotent.</summary>
    public ValueTask FinishAsync(CancellationToken cancellationToken = default) => _core.FinishAsync(useAsync: true, cancellationToken);

    /// <summary>Finishes the output if that has not been done, then releases the writer (and the stream unless leaveOpen).</summary>
    public void Dispose()
    {
        try
        {
            if (!_core.IsFinished)
            {
                Finish();
            }
        }
        finally
        {
            _core.Dispose();
        }
    }

    /// <summary>Finishes the output if that has not been done, then releases the writer (and the stream unless leaveOpen).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_core.IsFinished)
            {
                await FinishAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _core.Dispose();
        }
    }
}
