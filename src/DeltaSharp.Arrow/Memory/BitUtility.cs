using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.Memory;

/// <summary>Helpers for Arrow bitmaps (validity and boolean values): LSB-first bit order within each byte.</summary>
public static class BitUtility
{
    /// <summary>Bytes needed for <paramref name="bitCount"/> bits.</summary>
    public static int BytesForBits(long bitCount) => checked((int)((bitCount + 7) >> 3));

    /// <summary>Reads bit <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool GetBit(ReadOnlySpan<byte> bitmap, int index) => (bitmap[index >> 3] & (1 << (index & 7))) != 0;

    /// <summary>Sets bit <paramref name="index"/> to <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetBit(Span<byte> bitmap, int index, bool value)
    {
        ref byte b = ref bitmap[index >> 3];
        byte mask = (byte)(1 << (index & 7));
        b = value ? (byte)(b | mask) : (byte)(b & ~mask);
    }

    /// <summary>Sets bits <c>[offset, offset + count)</c> to <paramref name="value"/>.</summary>
    public static void SetBits(Span<byte> bitmap, int offset, int count, bool value)
    {
        int end = offset + count;
        int i = offset;
        while (i < end && (i & 7) != 0)
        {
            SetBit(bitmap, i++, value);
        }
        int wholeBytes = (end - i) >> 3;
        if (wholeBytes > 0)
        {
            bitmap.Slice(i >> 3, wholeBytes).Fill(value ? (byte)0xFF : (byte)0);
            i += wholeBytes << 3;
        }
        while (i < end)
        {
            SetBit(bitmap, i++, value);
        }
    }

    /// <summary>Counts set bits in <c>[offset, offset + count)</c>.</summary>
    public static int CountSetBits(ReadOnlySpan<byte> bitmap, int offset, int count)
    {
        int total = 0;
        int end = offset + count;
        int i = offset;
        while (i < end && (i & 7) != 0)
        {
            if (GetBit(bitmap, i))
            {
                total++;
            }
            i++;
        }
        int wholeBytes = (end - i) >> 3;
        if (wholeBytes > 0)
        {
            ReadOnlySpan<byte> bytes = bitmap.Slice(i >> 3, wholeBytes);
            int words = bytes.Length >> 3;
            ReadOnlySpan<ulong> longs = MemoryMarshal.Cast<byte, ulong>(bytes[..(words << 3)]);
            for (int w = 0; w < longs.Length; w++)
            {
                total += BitOperations.PopCount(longs[w]);
            }
            for (int b = words << 3; b < bytes.Length; b++)
            {
                total += BitOperations.PopCount(bytes[b]);
            }
            i += wholeBytes << 3;
        }
        while (i < end)
        {
            if (GetBit(bitmap, i))
            {
                total++;
            }
            i++;
        }
        return total;
    }

    /// <summary>Copies <paramref name="count"/> bits from <paramref name="source"/> at <paramref name="sourceOffset"/>
    /// to <paramref name="destination"/> at <paramref name="destinationOffset"/>.</summary>
    public static void CopyBits(ReadOnlySpan<byte> source, int sourceOffset, Span<byte> destination, int destinationOffset, int count)
    {
        if ((sourceOffset & 7) == 0 && (destinationOffset & 7) == 0)
        {
            int whole = count >> 3;
            source.Slice(sourceOffset >> 3, whole).CopyTo(destination.Slice(destinationOffset >> 3, whole));
            for (int i = whole << 3; i < count; i++)
            {
                SetBit(destination, destinationOffset + i, GetBit(source, sourceOffset + i));
            }
            return;
        }
        for (int i = 0; i < count; i++)
        {
            SetBit(destination, destinationOffset + i, GetBit(source, sourceOffset + i));
        }
    }
}
