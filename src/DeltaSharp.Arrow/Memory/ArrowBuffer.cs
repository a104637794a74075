using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.Arrow.Memory;

/// <summary>
/// An immutable view of <see cref="Length"/> bytes of native, 64-byte aligned memory (the block start is aligned;
/// a slice starts wherever it was sliced).
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> Each <see cref="ArrowBuffer"/> object is a handle with exactly one owner, who must call
/// <see cref="Dispose"/> once. Disposing again is harmless. Any other member called after dispose throws
/// <see cref="ObjectDisposedException"/>. Sharing is explicit: <see cref="Retain"/> and <see cref="SliceShared"/>
/// return a NEW handle (owned by the caller) over the same memory and raise an atomic reference count; the memory
/// is released when the last handle is disposed. Once released, memory can never be revived: retaining through a
/// handle whose memory is gone throws <see cref="ObjectDisposedException"/>.</para>
/// <para><b>Threads.</b> A handle may be disposed on any thread. Reading is thread-safe while the handle is alive;
/// disposing a handle while another thread reads through that same handle is a caller bug.</para>
/// </remarks>
public sealed unsafe class ArrowBuffer : IDisposable
{
    private readonly MemoryBlock _block;
    private readonly long _offset;
    private int _disposed;

    internal ArrowBuffer(MemoryBlock block, long offset, long length)
    {
        _block = block;
        _offset = offset;
        Length = length;
    }

    /// <summary>Number of bytes in this view.</summary>
    public long Length { get; }

    /// <summary>True once this handle has been disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Address of the first byte (for zero-copy export, e.g. the C Data Interface). Valid while this handle (or
    /// another handle on the same memory) is alive.
    /// </summary>
    public nint Address
    {
        get
        {
            ThrowIfDisposed();
            return (nint)(_block.Pointer + _offset);
        }
    }

    /// <summary>True when the first byte is 64-byte aligned.</summary>
    public bool IsAligned => (Address & (ArrowAllocator.Alignment - 1)) == 0;

    /// <summary>The allocator that owns the memory, or <see langword="null"/> for wrapped external memory.</summary>
    public ArrowAllocator? Allocator => _block.Allocator;

    /// <summary>The bytes of this view. Throws when disposed or when longer than <see cref="int.MaxValue"/>.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ThrowIfDisposed();
            return new ReadOnlySpan<byte>(_block.Pointer + _offset, checked((int)Length));
        }
    }

    /// <summary>The bytes reinterpreted as <typeparamref name="T"/> values (trailing partial value dropped).</summary>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged
    {
        ThrowIfDisposed();
        long count = Length / sizeof(T);
        return new ReadOnlySpan<T>(_block.Pointer + _offset, checked((int)count));
    }

    /// <summary>Reads the <typeparamref name="T"/> at element <paramref name="index"/> (bounds-checked).</summary>
    public T Read<T>(long index)
        where T : unmanaged
    {
        ThrowIfDisposed();
        if ((ulong)index >= (ulong)(Length / sizeof(T)))
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        return Unsafe.ReadUnaligned<T>(_block.Pointer + _offset + (index * sizeof(T)));
    }

    /// <summary>
    /// Returns a new handle over the same bytes, sharing the memory. The caller owns the returned handle.
    /// </summary>
    /// <exception cref="ObjectDisposedException">This handle, or the memory, is already released.</exception>
    public ArrowBuffer Retain() => SliceShared(0, Length);

    /// <summary>
    /// Returns a new handle over bytes <c>[offset, offset + length)</c> of this view without copying. The caller
    /// owns the returned handle; the memory lives until every handle is disposed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside this view.</exception>
    /// <exception cref="ObjectDisposedException">This handle, or the memory, is already released.</exception>
    public ArrowBuffer SliceShared(long offset, long length)
    {
        ThrowIfDisposed();
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Slice [{offset}, +{length}) is outside a buffer of {Length} bytes.");
        }
        _block.Retain();
        return new ArrowBuffer(_block, _offset + offset, length);
    }

    /// <summary>Releases this handle. The memory is freed when the last handle on it is released. Idempotent;
    /// may be called from any thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _block.Release();
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into a new buffer from <paramref name="allocator"/> (null = default).
    /// The caller owns the result.
    /// </summary>
    public static ArrowBuffer CopyFrom(ReadOnlySpan<byte> source, ArrowAllocator? allocator = null)
    {
        ArrowBuffer buffer = ArrowAllocator.OrDefault(allocator).Allocate(source.Length);
        source.CopyTo(new Span<byte>(buffer._block.Pointer, source.Length));
        return buffer;
    }

    /// <summary>Copies <paramref name="values"/> into a new buffer. The caller owns the result.</summary>
    public static ArrowBuffer CopyFrom<T>(ReadOnlySpan<T> values, ArrowAllocator? allocator = null)
        where T : unmanaged => CopyFrom(MemoryMarshal.AsBytes(values), allocator);

    /// <summary>
    /// Wraps memory that DeltaSharp did not allocate (e.g. imported through the C Data Interface, or a memory map).
    /// When the last handle is released, <paramref name="releaser"/> is disposed exactly once (from whichever thread
    /// releases last). The wrapped memory must stay valid and unchanged until then.
    /// </summary>
    /// <param name="pointer">First byte; may be null only when <paramref name="byteLength"/> is 0.</param>
    /// <param name="byteLength">Number of bytes.</param>
    /// <param name="releaser">Called when the memory is no longer referenced; may be null.</param>
    public static ArrowBuffer WrapExternal(void* pointer, long byteLength, IDisposable? releaser)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        if (pointer == null && byteLength != 0)
        {
            throw new ArgumentNullException(nameof(pointer));
        }
        return new ArrowBuffer(new MemoryBlock((byte*)pointer, (nuint)byteLength, releaser), 0, byteLength);
    }

    internal byte* Pointer
    {
        get
        {
            ThrowIfDisposed();
            return _block.Pointer + _offset;
        }
    }

    internal Span<byte> MutableSpanUnsafe => new(Pointer, checked((int)Length));

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 || _block.IsReleased, this);
    }
}
