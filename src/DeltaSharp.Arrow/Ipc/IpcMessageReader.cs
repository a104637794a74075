using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Reads encapsulated IPC messages (continuation marker or legacy pre-0.15 length prefix, flatbuffer metadata,
/// body) from a <see cref="Stream"/> or from an <see cref="ArrowBuffer"/> that holds the whole input. Bodies from a
/// stream are read into buffers from the allocator; bodies from an <see cref="ArrowBuffer"/> are zero-copy slices.
/// Declared lengths are checked against what is available before allocating (seekable streams and memory), or the
/// buffer grows only as bytes actually arrive (non-seekable streams). Not thread-safe.
/// </summary>
internal sealed class IpcMessageReader : IDisposable
{
    private const int GrowthStep = 1 << 20;

    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private readonly ArrowBuffer? _memory;
    private readonly ArrowIpcReadOptions _options;
    private readonly ArrowAllocator _allocator;
    private readonly byte[] _prefix = new byte[8];
    private long _position;

    public IpcMessageReader(Stream stream, bool leaveOpen, ArrowIpcReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options;
        _allocator = ArrowAllocator.OrDefault(options.Allocator);
        _position = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>Reads from <paramref name="memory"/>; the reader takes its own reference (the caller keeps theirs).</summary>
    public IpcMessageReader(ArrowBuffer memory, ArrowIpcReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _memory = memory.Retain();
        _options = options;
        _allocator = ArrowAllocator.OrDefault(options.Allocator);
    }

    public ArrowAllocator Allocator => _allocator;

    public ArrowIpcReadOptions Options => _options;

    /// <summary>Total input length when known (memory or seekable stream), else -1.</summary>
    public long Length => _memory?.Length ?? (_stream!.CanSeek ? _stream.Length : -1);

    public long Position => _position;

    public void Seek(long position)
    {
        if (_memory is null)
        {
            _stream!.Position = position;
        }
        _position = position;
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes at the current position (for file tails).</summary>
    public async ValueTask ReadExactAsync(Memory<byte> destination, bool useAsync, string what, CancellationToken cancellationToken)
    {
        int read = await ReadAsync(destination, useAsync, cancellationToken).ConfigureAwait(false);
        if (read != destination.Length)
        {
            throw new ArrowIpcFormatException($"Arrow IPC input ends inside {what} (at byte {_position}).");
        }
    }

    /// <summary>
    /// Reads the next message. Returns (null, null) at the end-of-stream marker or at a clean end of input.
    /// The caller owns the returned body.
    /// </summary>
    public async ValueTask<(IpcMessage? Message, ArrowBuffer? Body)> ReadMessageAsync(bool useAsync, string context, CancellationToken cancellationToken)
    {
        long start = _position;
        int read = await ReadAsync(_prefix.AsMemory(0, 4), useAsync, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return (null, null);
        }
        if (read < 4)
        {
            throw new ArrowIpcFormatException($"{context}: input ends inside a message prefix at byte {start}.");
        }
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(_prefix);
        int metadataLength;
        if (first == IpcFormat.Continuation)
        {
            read = await ReadAsync(_prefix.AsMemory(4, 4), useAsync, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                // Some writers end a stream with the continuation marker alone.
                return (null, null);
            }
            if (read < 4)
            {
                throw new ArrowIpcFormatException($"{context}: input ends inside a message prefix at byte {start}.");
            }
            metadataLength = BinaryPrimitives.ReadInt32LittleEndian(_prefix.AsSpan(4));
        }
        else
        {
            // Legacy (pre-0.15) framing: the first four bytes are the metadata length.
            metadataLength = (int)first;
        }
        if (metadataLength == 0)
        {
            return (null, null);
        }
        long available = Length < 0 ? -1 : Length - _position;
        if (metadataLength < 0 || metadataLength > _options.MaxMetadataLength || (available >= 0 && metadataLength > available))
        {
            throw new ArrowIpcFormatException($"{context}: message at byte {start} declares {metadataLength} bytes of metadata, " +
                (available >= 0 ? $"but {available} bytes remain." : $"more than the limit of {_options.MaxMetadataLength}."));
        }
        byte[] metadata = await ReadMetadataAsync(metadataLength, useAsync, context, start, cancellationToken).ConfigureAwait(false);
        IpcMessage message;
        try
        {
            message = IpcMessageDecoder.Decode(metadata.AsSpan(0, metadataLength), _options.MaxNestingDepth);
        }
        catch (ArrowIpcFormatException ex)
        {
            throw new ArrowIpcFormatException($"{context} (message at byte {start}): {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(metadata);
        }
        ArrowBuffer body = await ReadBodyAsync(message.BodyLength, useAsync, context, start, cancellationToken).ConfigureAwait(false);
        return (message, body);
    }

    public void Dispose()
    {
        _memory?.Dispose();
        if (_stream is not null && !_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private async ValueTask<byte[]> ReadMetadataAsync(int length, bool useAsync, string context, long start, CancellationToken cancellationToken)
    {
        // Grow as bytes arrive so that a lying length on a pipe cannot force a large allocation up front.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(length, GrowthStep));
        int filled = 0;
        try
        {
            while (filled < length)
            {
                if (filled == buffer.Length)
                {
                    byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, (long)buffer.Length * 2));
                    buffer.AsSpan(0, filled).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }
                int want = Math.Min(length, buffer.Length) - filled;
                int read = await ReadAsync(buffer.AsMemory(filled, want), useAsync, cancellationToken).ConfigureAwait(false);
                if (read < want)
                {
                    throw new ArrowIpcFormatException($"{context}: input ends inside the metadata of the message at byte {start} ({filled + read} of {length} bytes).");
                }
                filled += read;
            }
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private async ValueTask<ArrowBuffer> ReadBodyAsync(long bodyLength, bool useAsync, string context, long start, CancellationToken cancellationToken)
    {
        long available = Length < 0 ? -1 : Length - _position;
        if (available >= 0 && bodyLength > available)
        {
            throw new ArrowIpcFormatException($"{context}: message at byte {start} declares a {bodyLength}-byte body but only {available} bytes remain.");
        }
        if (_memory is not null)
        {
            ArrowBuffer slice = _memory.SliceShared(_position, bodyLength);
            _position += bodyLength;
            return slice;
        }
        if (bodyLength > int.MaxValue)
        {
            throw new ArrowIpcFormatException($"{context}: message at byte {start} declares a {bodyLength}-byte body; bodies above 2 GiB are not supported.");
        }
        long capacity = available >= 0 ? bodyLength : Math.Min(bodyLength, GrowthStep);
        ArrowBuffer body = _allocator.Allocate(capacity);
        long filled = 0;
        try
        {
            while (filled < bodyLength)
            {
                if (filled == capacity)
                {
                    long newCapacity = Math.Min(bodyLength, capacity * 2);
                    ArrowBuffer grown = _allocator.Allocate(newCapacity);
                    body.Span.Slice(0, (int)filled).CopyTo(grown.MutableSpanUnsafe);
                    body.Dispose();
                    body = grown;
                    capacity = newCapacity;
                }
                int want = (int)(capacity - filled);
                int read = await ReadIntoAsync(body, (int)filled, want, useAsync, cancellationToken).ConfigureAwait(false);
                if (read < want)
                {
                    throw new ArrowIpcFormatException($"{context}: input ends inside the body of the message at byte {start} ({filled + read} of {bodyLength} bytes).");
                }
                filled += read;
            }
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private async ValueTask<int> ReadIntoAsync(ArrowBuffer buffer, int offset, int count, bool useAsync, CancellationToken cancellationToken)
    {
        if (!useAsync)
        {
            return ReadSync(buffer.MutableSpanUnsafe.Slice(offset, count));
        }
        Memory<byte> memory = CreateMemory(buffer, offset, count);
        return await ReadAsync(memory, true, cancellationToken).ConfigureAwait(false);
    }

    private static unsafe Memory<byte> CreateMemory(ArrowBuffer buffer, int offset, int count) =>
        new NativeMemoryManager((byte*)buffer.Address + offset, count).Memory;

    private int ReadSync(Span<byte> destination)
    {
        int total = 0;
        if (_memory is not null)
        {
            long left = _memory.Length - _position;
            total = (int)Math.Min(left, destination.Length);
            _memory.Span.Slice((int)_position, total).CopyTo(destination);
            _position += total;
            return total;
        }
        while (total < destination.Length)
        {
            int n = _stream!.Read(destination.Slice(total));
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        _position += total;
        return total;
    }

    private async ValueTask<int> ReadAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!useAsync || _memory is not null)
        {
            return ReadSync(destination.Span);
        }
        int total = 0;
        while (total < destination.Length)
        {
            int n = await _stream!.ReadAsync(destination.Slice(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        _position += total;
        return total;
    }
}
