using System;
using System.Threading;

namespace DeltaSharp.Arrow.Memory;

/// <summary>
/// Source of the native memory behind every <see cref="ArrowBuffer"/>. Every block is aligned to
/// <see cref="Alignment"/> bytes. The allocator counts live bytes and live allocations so that tests and hosts can
/// prove that every buffer was released.
/// </summary>
/// <remarks>
/// <para>Implementations override <see cref="AllocateCore"/>, <see cref="FreeCore"/> and optionally
/// <see cref="ReallocateCore"/>; the counters are maintained by this base class. All members are thread-safe:
/// memory may be allocated on one thread and released on another.</para>
/// <para>APIs that allocate take an optional allocator; <see langword="null"/> means <see cref="Default"/>, a shared
/// <see cref="NativeArrowAllocator"/> with no mutable configuration.</para>
/// </remarks>
public abstract unsafe class ArrowAllocator
{
    /// <summary>Alignment in bytes of every block handed out (Arrow recommends 64).</summary>
    public const int Alignment = 64;

    private long _liveBytes;
    private long _liveAllocations;
    private long _totalAllocations;

    /// <summary>The shared default allocator (native, aligned, counting). Immutable configuration.</summary>
    public static ArrowAllocator Default => NativeArrowAllocator.Shared;

    /// <summary>Bytes currently allocated and not yet freed (capacity, including padding to 64 bytes).</summary>
    public long LiveBytes => Volatile.Read(ref _liveBytes);

    /// <summary>Number of blocks currently allocated and not yet freed.</summary>
    public long LiveAllocations => Volatile.Read(ref _liveAllocations);

    /// <summary>Number of blocks allocated since this allocator was created.</summary>
    public long TotalAllocations => Volatile.Read(ref _totalAllocations);

    /// <summary>Returns <paramref name="allocator"/>, or <see cref="Default"/> when it is <see langword="null"/>.</summary>
    public static ArrowAllocator OrDefault(ArrowAllocator? allocator) => allocator ?? NativeArrowAllocator.Shared;

    /// <summary>
    /// Allocates a zero-filled buffer of <paramref name="byteLength"/> bytes. The caller owns the returned buffer
    /// and must dispose it once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteLength"/> is negative.</exception>
    /// <exception cref="OutOfMemoryException">The allocator could not provide the memory.</exception>
    public ArrowBuffer Allocate(long byteLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        nuint capacity = RoundCapacity(byteLength);
        byte* pointer = AllocateRaw(capacity);
        new Span<byte>(pointer, checked((int)Math.Min(capacity, int.MaxValue))).Clear();
        if (capacity > int.MaxValue)
        {
            NativeMemoryClear(pointer + int.MaxValue, capacity - int.MaxValue);
        }
        return new ArrowBuffer(new MemoryBlock(this, pointer, capacity), 0, byteLength);
    }

    /// <summary>Allocates <paramref name="byteLength"/> bytes aligned to <see cref="Alignment"/>. Contents are
    /// unspecified. Must return a non-null pointer or throw <see cref="OutOfMemoryException"/>.</summary>
    protected abstract void* AllocateCore(nuint byteLength);

    /// <summary>Frees a block previously returned by <see cref="AllocateCore"/> or <see cref="ReallocateCore"/>
    /// with the same <paramref name="byteLength"/>. Called exactly once per block, from any thread.</summary>
    protected abstract void FreeCore(void* pointer, nuint byteLength);

    /// <summary>Grows or shrinks a block, preserving its first <c>min(old, new)</c> bytes; the result must stay
    /// aligned. The default implementation allocates, copies and frees.</summary>
    protected virtual void* ReallocateCore(void* pointer, nuint oldByteLength, nuint newByteLength)
    {
        void* next = AllocateCore(newByteLength);
        Buffer.MemoryCopy(pointer, next, newByteLength, Math.Min(oldByteLength, newByteLength));
        FreeCore(pointer, oldByteLength);
        return next;
    }

    internal static nuint RoundCapacity(long byteLength)
    {
        long rounded = byteLength <= 0 ? Alignment : checked((byteLength + Alignment - 1) & ~(long)(Alignment - 1));
        return (nuint)rounded;
    }

    internal byte* AllocateRaw(nuint capacity)
    {
        void* pointer = AllocateCore(capacity);
        if (pointer == null)
        {
            throw new InsufficientMemoryException($"Allocator returned null for {capacity} bytes.");
        }
        if (((nuint)pointer & (Alignment - 1)) != 0)
        {
            throw new InvalidOperationException($"Allocator {GetType().Name} returned a block that is not {Alignment}-byte aligned.");
        }
        Interlocked.Add(ref _liveBytes, (long)capacity);
        Interlocked.Increment(ref _liveAllocations);
        Interlocked.Increment(ref _totalAllocations);
        return (byte*)pointer;
    }

    internal byte* ReallocateRaw(byte* pointer, nuint oldCapacity, nuint newCapacity)
    {
        void* next = ReallocateCore(pointer, oldCapacity, newCapacity);
        if (next == null)
        {
            throw new InsufficientMemoryException($"Allocator returned null when growing to {newCapacity} bytes.");
        }
        Interlocked.Add(ref _liveBytes, (long)newCapacity - (long)oldCapacity);
        return (byte*)next;
    }

    internal void FreeRaw(byte* pointer, nuint capacity)
    {
        Interlocked.Add(ref _liveBytes, -(long)capacity);
        Interlocked.Decrement(ref _liveAllocations);
        FreeCore(pointer, capacity);
    }

    private static void NativeMemoryClear(byte* pointer, nuint length) => System.Runtime.InteropServices.NativeMemory.Clear(pointer, length);
}
