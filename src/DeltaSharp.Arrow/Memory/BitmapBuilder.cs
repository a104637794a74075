using System;
using System.Runtime.CompilerServices;

namespace DeltaSharp.Arrow.Memory;

/// <summary>
/// Appends bits (LSB-first) into native memory: boolean values or a validity bitmap. Counts set bits as it goes.
/// </summary>
/// <remarks>Owns its memory until <see cref="Build"/>; <see cref="Dispose"/> frees unbuilt memory. Not
/// thread-safe.</remarks>
public sealed class BitmapBuilder : IDisposable
{
    private readonly ArrowBufferBuilder _bytes;
    private int _length;
    private int _setCount;

    /// <summary>Creates an empty bitmap builder drawing from <paramref name="allocator"/> (null = default).</summary>
    public BitmapBuilder(ArrowAllocator? allocator = null) => _bytes = new ArrowBufferBuilder(allocator);

    /// <summary>Number of bits appended.</summary>
    public int Length => _length;

    /// <summary>Number of bits appended that are set.</summary>
    public int SetCount => _setCount;

    /// <summary>Number of bits appended that are clear.</summary>
    public int UnsetCount => _length - _setCount;

    /// <summary>The bytes written so far (the last byte may be partial), writable.</summary>
    public Span<byte> WrittenBytes => _bytes.WrittenSpan;

    /// <summary>Appends one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Append(bool value)
    {
        int bit = _length & 7;
        if (bit == 0)
        {
            _bytes.Append((byte)0);
        }
        if (value)
        {
            _bytes.UnsafePointer[_length >> 3] |= (byte)(1 << bit);
            _setCount++;
        }
        _length++;
    }

    /// <summary>Appends <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public void AppendRun(bool value, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }
        Grow(count);
        BitUtility.SetBits(_bytes.WrittenSpan, _length, count, value);
        _length += count;
        if (value)
        {
            _setCount += count;
        }
    }

    /// <summary>Appends <paramref name="count"/> bits copied from <paramref name="bitmap"/> starting at bit
    /// <paramref name="bitOffset"/>.</summary>
    public void AppendBits(ReadOnlySpan<byte> bitmap, int bitOffset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }
        Grow(count);
        BitUtility.CopyBits(bitmap, bitOffset, _bytes.WrittenSpan, _length, count);
        _setCount += BitUtility.CountSetBits(bitmap, bitOffset, count);
        _length += count;
    }

    /// <summary>Appends one bit per element of <paramref name="values"/> (e.g. decoded booleans).</summary>
    public void AppendRange(ReadOnlySpan<bool> values)
    {
        Grow(values.Length);
        Span<byte> bytes = _bytes.WrittenSpan;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                bytes[(_length + i) >> 3] |= (byte)(1 << ((_length + i) & 7));
                _setCount++;
            }
        }
        _length += values.Length;
    }

    /// <summary>Sets bit <paramref name="index"/> (already appended) to <paramref name="value"/>.</summary>
    public void Set(int index, bool value)
    {
        if ((uint)index >= (uint)_length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        Span<byte> bytes = _bytes.WrittenSpan;
        bool old = BitUtility.GetBit(bytes, index);
        if (old != value)
        {
            BitUtility.SetBit(bytes, index, value);
            _setCount += value ? 1 : -1;
        }
    }

    /// <summary>Forgets all bits (keeps the memory).</summary>
    public void Clear()
    {
        _bytes.Clear();
        _length = 0;
        _setCount = 0;
    }

    /// <summary>Hands the bitmap to a new buffer owned by the caller (no copy) and resets this builder.</summary>
    public ArrowBuffer Build()
    {
        ArrowBuffer buffer = _bytes.Build();
        _length = 0;
        _setCount = 0;
        return buffer;
    }

    /// <summary>Frees unbuilt memory. Idempotent.</summary>
    public void Dispose() => _bytes.Dispose();

    private void Grow(int bits)
    {
        int neededBytes = BitUtility.BytesForBits((long)_length + bits);
        int extra = neededBytes - (int)_bytes.Length;
        if (extra > 0)
        {
            _bytes.AppendZeros(extra);
        }
    }
}
