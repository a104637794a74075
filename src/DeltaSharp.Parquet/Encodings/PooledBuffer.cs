using System;
using System.Buffers;

namespace DeltaSharp.Parquet.Encodings;

/// <summary>A growable buffer of unmanaged values rented from <see cref="ArrayPool{T}"/>. Not thread-safe; dispose
/// to return the array. Growth is capped at <see cref="Array.MaxLength"/> elements.</summary>
internal sealed class PooledBuffer<T> : IDisposable
    where T : unmanaged
{
    private T[] _array;

    public PooledBuffer(int initialCapacity = 0)
    {
        _array = initialCapacity > 0 ? ArrayPool<T>.Shared.Rent(initialCapacity) : [];
    }

    public int Length { get; private set; }

    public Span<T> Span => _array.AsSpan(0, Length);

    public ReadOnlySpan<T> ReadOnlySpan => _array.AsSpan(0, Length);

    /// <summary>Appends <paramref name="count"/> uninitialized elements and returns them.</summary>
    public Span<T> Append(int count)
    {
        EnsureCapacity(count);
        Span<T> span = _array.AsSpan(Length, count);
        Length += count;
        return span;
    }

    /// <summary>Appends <paramref name="count"/> uninitialized elements and returns them followed by
    /// <paramref name="slack"/> more writable elements past the new end (scratch room for wide over-writes; the
    /// length grows by <paramref name="count"/> only).</summary>
    public Span<T> AppendWithSlack(int count, int slack)
    {
        EnsureCapacity(count + slack);
        Span<T> span = _array.AsSpan(Length, count + slack);
        Length += count;
        return span;
    }

    public void Add(T value)
    {
        if (Length == _array.Length)
        {
            EnsureCapacity(1);
        }
        _array[Length++] = value;
    }

    /// <summary>Shrinks the logical length (after a speculative <see cref="Append"/>).</summary>
    public void Truncate(int length)
    {
        if ((uint)length > (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }
        Length = length;
    }

    public void Clear() => Length = 0;

    /// <summary>Gives up the backing array (rented from <see cref="ArrayPool{T}.Shared"/>; the caller now owns it and
    /// must return it) and leaves this buffer empty. The first <see cref="Length"/> elements are the content.</summary>
    public T[] Detach()
    {
        T[] array = _array;
        _array = [];
        Length = 0;
        return array;
    }

    /// <summary>Drops the first <paramref name="count"/> elements, moving the rest to the front.</summary>
    public void RemoveFront(int count)
    {
        if ((uint)count > (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        if (count == 0)
        {
            return;
        }
        _array.AsSpan(count, Length - count).CopyTo(_array);
        Length -= count;
    }

    public void EnsureCapacity(int additional)
    {
        long needed = (long)Length + additional;
        if (needed <= _array.Length)
        {
            return;
        }
        if (needed > Array.MaxLength)
        {
            throw new ParquetFormatException($"decoded data exceeds {Array.MaxLength} elements");
        }
        long newSize = Math.Max(needed, Math.Min((long)_array.Length * 2, Array.MaxLength));
        newSize = Math.Max(newSize, 64);
        T[] next = ArrayPool<T>.Shared.Rent((int)newSize);
        _array.AsSpan(0, Length).CopyTo(next);
        Return();
        _array = next;
    }

    public void Dispose()
    {
        Return();
        _array = [];
        Length = 0;
    }

    private void Return()
    {
        if (_array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_array);
        }
    }
}
