using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Reads the Arrow IPC <b>stream</b> format: a schema message, then dictionary and record batch messages, until
/// the end-of-stream marker or the end of the input. Accepts the continuation-marker framing and the legacy
/// pre-0.15 framing, V4 and V5 metadata, LZ4_FRAME and ZSTD body compression, dictionary replacement and deltas.
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> Each returned <see cref="RecordBatch"/> is owned by the caller and stays valid after the
/// reader is disposed. When reading from an <see cref="ArrowBuffer"/>, uncompressed buffers are zero-copy slices of
/// it (kept alive by reference counts); from a <see cref="Stream"/>, each message body is read into one buffer
/// from the allocator and the batch's buffers are slices of it.</para>
/// <para><b>Errors.</b> Malformed input throws <see cref="ArrowIpcFormatException"/> naming the message, byte offset
/// and field; after that the reader must not be used. Nothing is allocated from a declared size before it is
/// checked against the input (or, on a non-seekable stream, before the bytes arrive).</para>
/// <para>Not thread-safe. Async methods do asynchronous I/O; decoding is synchronous.</para>
/// </remarks>
public sealed class ArrowStreamReader : IDisposable
{
    private readonly IpcMessageReader _input;
    private IpcReaderCore? _core;
    private int _messageIndex;
    private bool _ended;
    private bool _disposed;

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of an IPC stream.</param>
    /// <param name="options">Read options; null for the defaults.</param>
    /// <param name="leaveOpen">True to leave the stream open when the reader is disposed.</param>
    public ArrowStreamReader(Stream stream, ArrowIpcReadOptions? options = null, bool leaveOpen = false)
    {
        _input = new IpcMessageReader(stream, leaveOpen, options ?? ArrowIpcReadOptions.Default);
    }

    /// <summary>Creates a reader over a <see cref="PipeReader"/> (use the async methods with pipes).</summary>
    /// <param name="reader">The pipe to read the IPC stream from.</param>
    /// <param name="options">Read options; null for the defaults.</param>
    /// <param name="leaveOpen">True to leave the pipe uncompleted when the reader is disposed.</param>
    public ArrowStreamReader(PipeReader reader, ArrowIpcReadOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _input = new IpcMessageReader(reader.AsStream(leaveOpen), leaveOpen: false, options ?? ArrowIpcReadOptions.Default);
    }

    /// <summary>Creates a reader over an IPC stream held in <paramref name="buffer"/> (zero-copy). The reader takes
    /// its own reference; the caller may dispose theirs.</summary>
    public ArrowStreamReader(ArrowBuffer buffer, ArrowIpcReadOptions? options = null)
    {
        _input = new IpcMessageReader(buffer, options ?? ArrowIpcReadOptions.Default);
    }

    /// <summary>The schema; null until <see cref="ReadSchema"/> or the first batch read has run.</summary>
    public Schema? Schema => _core?.SchemaInfo.Schema;

    /// <summary>Reads the schema message if it has not been read yet and returns the schema.</summary>
    /// <exception cref="ArrowIpcFormatException">The input does not start with a valid schema message.</exception>
    public Schema ReadSchema() => IpcSync.Complete(EnsureSchemaAsync(useAsync: false, CancellationToken.None));

    /// <summary>Reads the schema message if it has not been read yet and returns the schema.</summary>
    /// <exception cref="ArrowIpcFormatException">The input does not start with a valid schema message.</exception>
    public ValueTask<Schema> ReadSchemaAsync(CancellationToken cancellationToken = default) => EnsureSchemaAsync(useAsync: true, cancellationToken);

    /// <summary>Reads the next record batch, or returns null at the end of the stream. The caller owns the batch.</summary>
    /// <exception cref="ArrowIpcFormatException">The input is malformed.</exception>
    public RecordBatch? ReadNextRecordBatch() => IpcSync.Complete(ReadNextAsync(useAsync: false, CancellationToken.None));

    /// <summary>Reads the next record batch, or returns null at the end of the stream. The caller owns the batch.</summary>
    /// <exception cref="ArrowIpcFormatException">The input is malformed.</exception>
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default) => ReadNextAsync(useAsync: true, cancellationToken);

    /// <summary>Releases the dictionaries and the input (the stream unless leaveOpen). Returned batches stay valid.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _core?.Dispose();
        _input.Dispose();
    }

    private async ValueTask<Schema> EnsureSchemaAsync(bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_core is not null)
        {
            return _core.SchemaInfo.Schema;
        }
        (IpcMessage? message, ArrowBuffer? body) = await _input.ReadMessageAsync(useAsync, "Arrow IPC stream, message 0", cancellationToken).ConfigureAwait(false);
        body?.Dispose();
        _messageIndex++;
        if (message is null)
        {
            throw new ArrowIpcFormatException("Arrow IPC stream is empty: it has no schema message.");
        }
        if (message.Schema is null)
        {
            throw new ArrowIpcFormatException($"Arrow IPC stream starts with a {HeaderName(message.HeaderType)} message; the first message must be the schema.");
        }
        _core = new IpcReaderCore(message.Schema, _input.Allocator);
        return message.Schema.Schema;
    }

    private async ValueTask<RecordBatch?> ReadNextAsync(bool useAsync, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(useAsync, cancellationToken).ConfigureAwait(false);
        while (!_ended)
        {
            string context = $"Arrow IPC stream, message {_messageIndex}";
            (IpcMessage? message, ArrowBuffer? body) = await _input.ReadMessageAsync(useAsync, context, cancellationToken).ConfigureAwait(false);
            _messageIndex++;
            if (message is null)
            {
                _ended = true;
                return null;
            }
            using (body)
            {
                switch (message.HeaderType)
                {
                    case IpcFormat.HeaderDictionaryBatch:
                        _core!.ApplyDictionary(message, body!, context);
                        break;
                    case IpcFormat.HeaderRecordBatch:
                        return _core!.DecodeBatch(message, body!, context);
                    default:
                        throw new ArrowIpcFormatException($"{context}: unexpected {HeaderName(message.HeaderType)} message after the schema.");
                }
            }
        }
        return null;
    }

    internal static string HeaderName(byte headerType) => headerType switch
    {
        IpcFormat.HeaderSchema => "Schema",
        IpcFormat.HeaderDictionaryBatch => "DictionaryBatch",
        IpcFormat.HeaderRecordBatch => "RecordBatch",
        _ => "unknown",
    };
}
