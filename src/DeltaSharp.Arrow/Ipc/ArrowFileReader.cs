using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Reads the Arrow IPC <b>file</b> format (random access): checks both <c>ARROW1</c> magics, reads the footer
/// (schema and block index), loads the dictionaries, and reads any record batch by index.
/// </summary>
/// <remarks>
/// <para>Open with <c>Open</c> / <see cref="OpenAsync"/> over a seekable stream, or over an
/// <see cref="ArrowBuffer"/> holding the whole file (zero-copy: batches slice it).</para>
/// <para><b>Ownership.</b> Returned batches are owned by the caller and stay valid after the reader is disposed.</para>
/// <para><b>Errors.</b> Malformed input throws <see cref="ArrowIpcFormatException"/> naming the block and field.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class ArrowFileReader : IDisposable
{
    private readonly IpcMessageReader _input;
    private IpcReaderCore? _core;
    private IpcFooter? _footer;
    private bool _disposed;

    private ArrowFileReader(IpcMessageReader input)
    {
        _input = input;
    }

    /// <summary>The file's schema.</summary>
    public Schema Schema => _core!.SchemaInfo.Schema;

    /// <summary>Number of record batches in the file.</summary>
    public int RecordBatchCount => _footer!.RecordBatches.Length;

    /// <summary>Opens a file from a seekable stream: reads the footer and every dictionary.</summary>
    /// <exception cref="ArgumentException">The stream is not seekable.</exception>
    /// <exception cref="ArrowIpcFormatException">The file is malformed.</exception>
    public static ArrowFileReader Open(Stream stream, ArrowIpcReadOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The Arrow IPC file format needs a seekable stream; use ArrowStreamReader for streams.", nameof(stream));
        }
        var reader = new ArrowFileReader(new IpcMessageReader(stream, leaveOpen, options ?? ArrowIpcReadOptions.Default));
        return IpcSync.Complete(reader.InitializeAsync(useAsync: false, CancellationToken.None));
    }

    /// <summary>Opens a file from a seekable stream with asynchronous I/O.</summary>
    /// <exception cref="ArgumentException">The stream is not seekable.</exception>
    /// <exception cref="ArrowIpcFormatException">The file is malformed.</exception>
    public static ValueTask<ArrowFileReader> OpenAsync(Stream stream, ArrowIpcReadOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The Arrow IPC file format needs a seekable stream; use ArrowStreamReader for streams.", nameof(stream));
        }
        var reader = new ArrowFileReader(new IpcMessageReader(stream, leaveOpen, options ?? ArrowIpcReadOptions.Default));
        return reader.InitializeAsync(useAsync: true, cancellationToken);
    }

    /// <summary>Opens a file held in <paramref name="file"/> (zero-copy). The reader takes its own reference.</summary>
    /// <exception cref="ArrowIpcFormatException">The file is malformed.</exception>
    public static ArrowFileReader Open(ArrowBuffer file, ArrowIpcReadOptions? options = null)
    {
        var reader = new ArrowFileReader(new IpcMessageReader(file, options ?? ArrowIpcReadOptions.Default));
        return IpcSync.Complete(reader.InitializeAsync(useAsync: false, CancellationToken.None));
    }

    /// <summary>Reads record batch <paramref name="index"/>; the caller owns the result.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a batch index.</exception>
    /// <exception cref="ArrowIpcFormatException">The batch is malformed.</exception>
    public RecordBatch ReadRecordBatch(int index) => IpcSync.Complete(ReadAsync(index, useAsync: false, CancellationToken.None));

    /// <summary>Reads record batch <paramref name="index"/> with asynchronous I/O; the caller owns the result.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a batch index.</exception>
    /// <exception cref="ArrowIpcFormatException">The batch is malformed.</exception>
    public ValueTask<RecordBatch> ReadRecordBatchAsync(int index, CancellationToken cancellationToken = default) => ReadAsync(index, useAsync: true, cancellationToken);

    /// <summary>Releases the dictionaries and the input. Returned batches stay valid.</summary>
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

    private async ValueTask<ArrowFileReader> InitializeAsync(bool useAsync, CancellationToken cancellationToken)
    {
        try
        {
            long length = _input.Length;
            if (length < 6 + 2 + 4 + 6)
            {
                throw new ArrowIpcFormatException($"Arrow IPC file is {length} bytes, too short to hold the magic numbers and a footer.");
            }
            byte[] head = new byte[6];
            _input.Seek(0);
            await _input.ReadExactAsync(head, useAsync, "the leading magic", cancellationToken).ConfigureAwait(false);
            if (!head.AsSpan().SequenceEqual("ARROW1"u8))
            {
                throw new ArrowIpcFormatException("Arrow IPC file does not start with the ARROW1 magic (is it an IPC stream? use ArrowStreamReader).");
            }
            byte[] tail = new byte[10];
            _input.Seek(length - 10);
            await _input.ReadExactAsync(tail, useAsync, "the trailing magic", cancellationToken).ConfigureAwait(false);
            if (!tail.AsSpan(4).SequenceEqual("ARROW1"u8))
            {
                throw new ArrowIpcFormatException("Arrow IPC file does not end with the ARROW1 magic (truncated or not an Arrow file).");
            }
            int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
            long footerStart = length - 10 - footerLength;
            if (footerLength <= 0 || footerStart < 8 || footerLength > _input.Options.MaxMetadataLength)
            {
                throw new ArrowIpcFormatException($"Arrow IPC file footer length {footerLength} is invalid for a {length}-byte file.");
            }
            byte[] footerBytes = new byte[footerLength];
            _input.Seek(footerStart);
            await _input.ReadExactAsync(footerBytes, useAsync, "the footer", cancellationToken).ConfigureAwait(false);
            try
            {
                _footer = IpcFooter.Decode(footerBytes, footerStart, _input.Options.MaxNestingDepth);
            }
            catch (ArrowIpcFormatException ex) when (!ex.Message.StartsWith("Arrow IPC file footer", StringComparison.Ordinal))
            {
                throw new ArrowIpcFormatException("Arrow IPC file footer: " + ex.Message, ex);
            }
            _core = new IpcReaderCore(_footer.Schema, _input.Allocator);
            for (int i = 0; i < _footer.Dictionaries.Length; i++)
            {
                string context = $"Arrow IPC file, dictionary block {i}";
                (IpcMessage message, ArrowBuffer body) = await ReadBlockAsync(_footer.Dictionaries[i], useAsync, context, cancellationToken).ConfigureAwait(false);
                using (body)
                {
                    if (message.HeaderType != IpcFormat.HeaderDictionaryBatch)
                    {
                        throw new ArrowIpcFormatException($"{context} holds a {ArrowStreamReader.HeaderName(message.HeaderType)} message, not a dictionary batch.");
                    }
                    _core.ApplyDictionary(message, body, context);
                }
            }
            return this;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private async ValueTask<RecordBatch> ReadAsync(int index, bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)index >= (uint)_footer!.RecordBatches.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The file has {_footer.RecordBatches.Length} record batches.");
        }
        string context = $"Arrow IPC file, record batch {index}";
        (IpcMessage message, ArrowBuffer body) = await ReadBlockAsync(_footer.RecordBatches[index], useAsync, context, cancellationToken).ConfigureAwait(false);
        using (body)
        {
            if (message.HeaderType != IpcFormat.HeaderRecordBatch)
            {
                throw new ArrowIpcFormatException($"{context} holds a {ArrowStreamReader.HeaderName(message.HeaderType)} message, not a record batch.");
            }
            return _core!.DecodeBatch(message, body, context);
        }
    }

    private async ValueTask<(IpcMessage Message, ArrowBuffer Body)> ReadBlockAsync(IpcBlock block, bool useAsync, string context, CancellationToken cancellationToken)
    {
        _input.Seek(block.Offset);
        (IpcMessage? message, ArrowBuffer? body) = await _input.ReadMessageAsync(useAsync, context, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            throw new ArrowIpcFormatException($"{context} at byte {block.Offset} holds an end-of-stream marker instead of a message.");
        }
        if (message.BodyLength != block.BodyLength)
        {
            body!.Dispose();
            throw new ArrowIpcFormatException($"{context}: the message declares a {message.BodyLength}-byte body but the footer says {block.BodyLength}.");
        }
        return (message, body!);
    }
}
