using System;
using System.Runtime.CompilerServices;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds an Arrow offsets buffer (int32, or int64 when large): <c>Count + 1</c> non-decreasing offsets starting
/// at 0. Used by binary, list and map builders, and by decoders that produce offsets in bulk.
/// </summary>
/// <remarks>Owns its memory until <see cref="Build"/>; not thread-safe.</remarks>
public sealed class OffsetsBuilder : IDisposable
{
    private readonly ArrowBufferBuilder _buffer;
    private readonly bool _large;
    private long _last;
    private int _count;

    /// <summary>Creates an offsets builder holding the initial offset 0.</summary>
    public OffsetsBuilder(bool large, ArrowAllocator? allocator = null)
    {
        _large = large;
        _buffer = new ArrowBufferBuilder(allocator);
        WriteOffset(0);
    }

    /// <summary>True for int64 offsets.</summary>
    public bool IsLarge => _large;

    /// <summary>Number of slots (offsets written minus one).</summary>
    public int Count => _count;

    /// <summary>The last offset written (the end of the last slot).</summary>
    public long Last => _last;

    /// <summary>Appends a slot that ends at <paramref name="end"/> (must be ≥ <see cref="Last"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendEnd(long end)
    {
        if (end < _last || (!_large && end > int.MaxValue))
        {
            ThrowBadEnd(end);
        }
        WriteOffset(end);
        _count++;
    }

    /// <summary>Appends one slot of <paramref name="length"/> items.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendLength(long length) => AppendEnd(_last + length);

    /// <summary>Appends one slot per element of <paramref name="lengths"/> (cumulative sum).</summary>
    public void AppendLengths(ReadOnlySpan<int> lengths)
    {
        long end = _last;
        if (_large)
        {
            Span<long> span = _buffer.AppendSpan<long>(lengths.Length);
            for (int i = 0; i < lengths.Length; i++)
            {
                CheckLength(lengths[i]);
                end += lengths[i];
                span[i] = end;
            }
        }
        else
        {
            Span<int> span = _buffer.AppendSpan<int>(lengths.Length);
            for (int i = 0; i < lengths.Length; i++)
            {
                CheckLength(lengths[i]);
                end += lengths[i];
                if (end > int.MaxValue)
                {
                    _buffer.Truncate(_buffer.Length - ((long)(lengths.Length - i) * 4));
                    ThrowBadEnd(end);
                }
                span[i] = (int)end;
            }
        }
        _last = end;
        _count += lengths.Length;
    }

    /// <summary>Hands the offsets to a buffer owned by the caller and resets to the single offset 0.</summary>
    public ArrowBuffer Build()
    {
        ArrowBuffer buffer = _buffer.Build();
        _count = 0;
        _last = 0;
        WriteOffset(0);
        return buffer;
    }

    /// <summary>Resets to the single offset 0.</summary>
    public void Clear()
    {
        _buffer.Clear();
        _count = 0;
        _last = 0;
        WriteOffset(0);
    }

    /// <summary>Frees unbuilt memory. Idempotent.</summary>
    public void Dispose() => _buffer.Dispose();

    private static void CheckLength(int length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Negative length {length}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteOffset(long value)
    {
        if (_large)
        {
            _buffer.Append(value);
        }
        else
        {
            _buffer.Append((int)value);
        }
        _last = value;
    }

    private void ThrowBadEnd(long end) =>
        throw new OverflowException(end < _last
            ? $"Offset {end} is before the previous offset {_last}."
            : $"Offset {end} exceeds the int32 range; use a large type.");
}
