using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DeltaSharp.Parquet.Encodings;

/// <summary>Unpacks little-endian, LSB-first bit-packed integers (Parquet's bit-packing order for the RLE hybrid
/// and DELTA_BINARY_PACKED).</summary>
internal static class BitUnpacker
{
    /// <summary>Unpacks <paramref name="destination"/>.Length values of <paramref name="bitWidth"/> (0..32) bits
    /// starting at bit 0 of <paramref name="source"/>. The caller guarantees the source holds enough bits.</summary>
    public static void Unpack32(ReadOnlySpan<byte> source, int bitWidth, Span<int> destination) =>
        Unpack32(source, 0, bitWidth, destination);

    /// <summary>Unpacks values starting at bit <paramref name="startBit"/> of <paramref name="source"/>.</summary>
    public static void Unpack32(ReadOnlySpan<byte> source, long startBit, int bitWidth, Span<int> destination)
    {
        int count = destination.Length;
        if (bitWidth == 0)
        {
            destination.Clear();
            return;
        }
        if (bitWidth == 8 && (startBit & 7) == 0)
        {
            source = source[(int)(startBit >> 3)..];
            for (int i = 0; i < count; i++)
            {
                destination[i] = source[i];
            }
            return;
        }
        ulong mask = (1UL << bitWidth) - 1;
        int i2 = 0;
        long bit = startBit;
        // Fast path while 8 bytes can be read at the current byte position.
        long fastLimitBytes = source.Length - 8;
        for (; i2 < count; i2++, bit += bitWidth)
        {
            long bytePos = bit >> 3;
            if (bytePos > fastLimitBytes)
            {
                break;
            }
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(source.Slice((int)bytePos, 8));
            destination[i2] = (int)((word >> (int)(bit & 7)) & mask);
        }
        for (; i2 < count; i2++, bit += bitWidth)
        {
            destination[i2] = (int)ReadBitsSlow(source, bit, bitWidth);
        }
    }

    /// <summary>Unpacks values of up to 64 bits.</summary>
    public static void Unpack64(ReadOnlySpan<byte> source, int bitWidth, Span<long> destination)
    {
        int count = destination.Length;
        if (bitWidth == 0)
        {
            destination.Clear();
            return;
        }
        long bit = 0;
        if (bitWidth <= 56)
        {
            ulong mask = (1UL << bitWidth) - 1;
            long fastLimitBytes = source.Length - 8;
            int i = 0;
            for (; i < count; i++, bit += bitWidth)
            {
                long bytePos = bit >> 3;
                if (bytePos > fastLimitBytes)
                {
                    break;
                }
                ulong word = BinaryPrimitives.ReadUInt64LittleEndian(source.Slice((int)bytePos, 8));
                destination[i] = (long)((word >> (int)(bit & 7)) & mask);
            }
            for (; i < count; i++, bit += bitWidth)
            {
                destination[i] = (long)ReadBitsSlow(source, bit, bitWidth);
            }
            return;
        }
        for (int i = 0; i < count; i++, bit += bitWidth)
        {
            destination[i] = (long)ReadBitsSlow(source, bit, bitWidth);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong ReadBitsSlow(ReadOnlySpan<byte> source, long bit, int width)
    {
        ulong result = 0;
        int produced = 0;
        while (produced < width)
        {
            long bytePos = bit >> 3;
            int shift = (int)(bit & 7);
            int take = Math.Min(8 - shift, width - produced);
            ulong b = (ulong)((source[(int)bytePos] >> shift) & ((1 << take) - 1));
            result |= b << produced;
            produced += take;
            bit += take;
        }
        return result;
    }
}
