using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.Memory;

/// <summary>
/// A growable native byte buffer that decoders write into directly, then turn into an <see cref="ArrowBuffer"/>
/// without copying (<see cref="Build"/>).
/// </summary>
/// <remarks>
/// <para>Bulk writes: <see cref="AppendSpan{T}(int)"/> reserves N values and returns the span to fill, e.g.
/// <c>decoder.Decode(builder.AppendSpan&lt;long&gt;(n))</c>. It also implements <see cref="IBufferWriter{T}"/>.</para>
/// <para>Ownership: the builder owns its memory until <see cref="Build"/> hands it to the returned buffer; it is
/// then empty and reusable. <see cref="Dispose"/> frees unbuilt memory. Spans returned earlier are invalid after
/// any later append (the memory may move) and after <see cref="Build"/>. Not thread-safe.</para>
/// </remarks>
public sealed unsafe class ArrowBufferBuilder : IBufferWriter<byte>, IDisposable
{
    private readonly ArrowAllocator _allocator;
    private byte* _pointer;
    private nuint _capacity;
    private long _length;
    private bool _disposed;

    /// <summary>Creates an empty builder drawing memory from <paramref name="allocator"/> (null = default).</summary>
    public ArrowBufferBuilder(ArrowAllocator? allocator = null, long initialCapacity = 0)
    {
        _allocator = ArrowAllocator.OrDefault(allocator);
        if (initialCapacity > 0)
        {
            EnsureCapacity(initialCapacity);
        }
    }

    /// <summary>The allocator this builder draws from.</summary>
    public ArrowAllocator Allocator => _allocator;

    /// <summary>Bytes written so far.</summary>
    public long Length => _length;

    /// <summary>Bytes that can be written before the memory grows.</summary>
    public long Capacity => (long)_capacity;

    /// <summary>All bytes written so far, writable (e.g. to patch values). Invalidated by later appends.</summary>
    public Span<byte> WrittenSpan
    {
        get
        {
            ThrowIfDisposed();
            return _pointer == null ? Span<byte>.Empty : new Span<byte>(_pointer, checked((int)_length));
        }
    }

    /// <summary>All whole <typeparamref name="T"/> values written so far, writable.</summary>
    public Span<T> WrittenAs<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(WrittenSpan);

    /// <summary>Makes room for at least <paramref name="totalBytes"/> bytes in total.</summary>
    public void EnsureCapacity(long totalBytes)
    {
        ThrowIfDisposed();
        if ((ulong)totalBytes > _capacity)
        {
            Grow(totalBytes);
        }
    }

    /// <summary>Appends <paramref name="byteCount"/> bytes and returns them for the caller to fill. Contents are
    /// unspecified (not zeroed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> AppendSpan(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        long end = _length + byteCount;
        if ((ulong)end > _capacity)
        {
            Grow(end);
        }
        Span<byte> span = new(_pointer + _length, byteCount);
        _length += byteCount;
        return span;
    }

    /// <summary>Appends <paramref name="count"/> values of <typeparamref name="T"/> and returns them for the caller to
    /// fill (contents unspecified). The write position must be a multiple of <c>sizeof(T)</c> for the values to
    /// line up with <see cref="WrittenAs{T}"/>.</summary>
    public Span<T> AppendSpan<T>(int count)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int bytes = checked(count * sizeof(T));
        if ((ulong)(_length + bytes) > _capacity)
        {
            Grow(_length + bytes);
        }
        Span<T> span = new(_pointer + _length, count);
        _length += bytes;
        return span;
    }

    /// <summary>Appends one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append<T>(T value)
        where T : unmanaged
    {
        long end = _length + sizeof(T);
        if ((ulong)end > _capacity)
        {
            Grow(end);
        }
        Unsafe.WriteUnaligned(_pointer + _length, value);
        _length = end;
    }

    /// <summary>Appends a copy of <paramref name="bytes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> bytes)
    {
        long end = _length + bytes.Length;
        if ((ulong)end > _capacity)
        {
            Grow(end);
        }
        bytes.CopyTo(new Span<byte>(_pointer + _length, bytes.Length));
        _length = end;
    }

    /// <summary>Appends a copy of <paramref name="values"/>.</summary>
    public void AppendRange<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.AsBytes(values).CopyTo(AppendSpan(checked(values.Length * sizeof(T))));

    /// <summary>Appends <paramref name="byteCount"/> zero bytes.</summary>
    public void AppendZeros(int byteCount) => AppendSpan(byteCount).Clear();

    /// <summary>Drops bytes after <paramref name="length"/> (keeps the memory).</summary>
    public void Truncate(long length)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    /// <summary>Forgets everything written (keeps the memory for reuse).</summary>
    public void Clear() => Truncate(0);

    /// <summary>
    /// Hands the written bytes to a new <see cref="ArrowBuffer"/> (no copy) owned by the caller, and leaves this
    /// builder empty and reusable. Padding up to the next multiple of 64 bytes is zeroed.
    /// </summary>
    public ArrowBuffer Build()
    {
        ThrowIfDisposed();
        if (_pointer == null)
        {
            EnsureCapacity(ArrowAllocator.Alignment);
        }
        long padded = (long)ArrowAllocator.RoundCapacity(_length);
        if (padded > _length)
        {
            new Span<byte>(_pointer + _length, (int)(padded - _length)).Clear();
        }
        ArrowBuffer buffer = new(new MemoryBlock(_allocator, _pointer, _capacity), 0, _length);
        _pointer = null;
        _capacity = 0;
        _length = 0;
        return buffer;
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ThrowIfDisposed();
        if (count < 0 || (ulong)(_length + count) > _capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        _length += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) =>
        throw new NotSupportedException("ArrowBufferBuilder holds native memory; use GetSpan.");

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(_length + Math.Max(sizeHint, 1));
        return new Span<byte>(_pointer + _length, checked((int)((long)_capacity - _length)));
    }

    /// <summary>Start of the written bytes (no checks; null before the first append). Invalidated by appends.</summary>
    internal byte* UnsafePointer => _pointer;

    /// <summary>Frees unbuilt memory. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_pointer != null)
        {
            _allocator.FreeRaw(_pointer, _capacity);
            _pointer = null;
            _capacity = 0;
        }
    }

    /// <summary>Grows to hold at least <paramref name="totalBytes"/> (doubling); throws when disposed. A disposed
    /// builder has zero capacity, so every fast path lands here and throws.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(long totalBytes)
    {
        ThrowIfDisposed();
        if ((ulong)totalBytes <= _capacity)
        {
            return;
        }
        long target = Math.Max(totalBytes, Math.Max(ArrowAllocator.Alignment, (long)_capacity * 2));
        nuint newCapacity = ArrowAllocator.RoundCapacity(target);
        _pointer = _pointer == null ? _allocator.AllocateRaw(newCapacity) : _allocator.ReallocateRaw(_pointer, _capacity, newCapacity);
        _capacity = newCapacity;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
