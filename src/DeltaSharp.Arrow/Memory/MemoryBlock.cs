using System;
using System.Threading;

namespace DeltaSharp.Arrow.Memory;

/// <summary>
/// One native block shared by one or more <see cref="ArrowBuffer"/> handles. Atomic reference count; the memory is
/// released exactly once when the count reaches zero, and the count can never be raised from zero again.
/// </summary>
internal sealed unsafe class MemoryBlock
{
    private readonly ArrowAllocator? _allocator;
    private readonly IDisposable? _externalOwner;
    private int _refCount = 1;

    public MemoryBlock(ArrowAllocator allocator, byte* pointer, nuint capacity)
    {
        _allocator = allocator;
        Pointer = pointer;
        Capacity = capacity;
    }

    public MemoryBlock(byte* pointer, nuint capacity, IDisposable? externalOwner)
    {
        _externalOwner = externalOwner;
        Pointer = pointer;
        Capacity = capacity;
    }

    public byte* Pointer { get; }

    public nuint Capacity { get; }

    public ArrowAllocator? Allocator => _allocator;

    public bool IsReleased => Volatile.Read(ref _refCount) <= 0;

    public int RefCount => Volatile.Read(ref _refCount);

    /// <summary>Adds a reference. Throws when the block has already been released (no revival).</summary>
    public void Retain()
    {
        int current = Volatile.Read(ref _refCount);
        while (true)
        {
            if (current <= 0)
            {
                throw new ObjectDisposedException(nameof(ArrowBuffer), "The buffer's memory has already been released.");
            }
            int seen = Interlocked.CompareExchange(ref _refCount, current + 1, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    /// <summary>Drops a reference; frees the memory when it was the last one.</summary>
    public void Release()
    {
        int remaining = Interlocked.Decrement(ref _refCount);
        if (remaining == 0)
        {
            if (_allocator is not null)
            {
                _allocator.FreeRaw(Pointer, Capacity);
            }
            else
            {
                _externalOwner?.Dispose();
            }
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("Arrow memory block released more times than it was retained.");
        }
    }
}
