using System;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Encodes unsigned values with the RLE/bit-packed hybrid of the Parquet spec (Encodings.md): runs of 8 or more
/// equal values become RLE runs, everything else is bit-packed in groups of 8 (at most 63 groups per run header,
/// the last group zero-padded). Stateless; pure.
/// </summary>
internal static class RleBitPackedEncoder
{
    private const int MaxGroupsPerRun = 63;

    /// <summary>Number of bits needed for values up to <paramref name="maxValue"/> (0 for 0).</summary>
    public static int BitWidth(int maxValue) => maxValue == 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    /// <summary>Appends the encoded <paramref name="values"/> (each below 2^<paramref name="bitWidth"/>).</summary>
    public static void Encode(ReadOnlySpan<short> values, int bitWidth, PooledByteBuffer output)
    {
        int[] widened = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(1, values.Length));
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                widened[i] = values[i];
            }
            Encode(widened.AsSpan(0, values.Length), bitWidth, output);
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(widened);
        }
    }

    /// <summary>Appends the encoded <paramref name="values"/> (each below 2^<paramref name="bitWidth"/>).</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, PooledByteBuffer output)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(bitWidth));
        }
        int n = values.Length;
        int literalStart = 0; // start of pending values not yet emitted (always bit-packed)
        int i = 0;
        while (i < n)
        {
            int v = values[i];
            int runEnd = i + 1;
            while (runEnd < n && values[runEnd] == v)
            {
                runEnd++;
            }
            int run = runEnd - i;
            if (run >= 8)
            {
                // Pad the pending literals to a multiple of 8 with values taken from the run.
                int pending = i - literalStart;
                int pad = (8 - (pending & 7)) & 7;
                if (run - pad >= 8)
                {
                    if (pending + pad > 0)
                    {
                        EmitBitPacked(values.Slice(literalStart, pending + pad), bitWidth, output);
                    }
                    EmitRle(v, run - pad, bitWidth, output);
                    literalStart = runEnd;
                }
            }
            i = runEnd;
        }
        if (literalStart < n)
        {
            EmitBitPacked(values[literalStart..], bitWidth, output);
        }
    }

    private static void EmitRle(int value, int count, int bitWidth, PooledByteBuffer output)
    {
        output.WriteUnsignedVarInt((ulong)count << 1);
        int bytes = (bitWidth + 7) / 8;
        for (int b = 0; b < bytes; b++)
        {
            output.WriteByte((byte)(value >> (8 * b)));
        }
    }

    private static void EmitBitPacked(ReadOnlySpan<int> values, int bitWidth, PooledByteBuffer output)
    {
        int offset = 0;
        while (offset < values.Length)
        {
            int groups = Math.Min(MaxGroupsPerRun, (values.Length - offset + 7) / 8);
            int count = Math.Min(groups * 8, values.Length - offset);
            output.WriteUnsignedVarInt(((ulong)groups << 1) | 1);
            int byteCount = groups * bitWidth; // groups * 8 values * bitWidth bits / 8
            Span<byte> dest = output.GetSpan(byteCount)[..byteCount];
            dest.Clear();
            PackBits(values.Slice(offset, count), bitWidth, dest);
            output.Advance(byteCount);
            offset += count;
        }
    }

    /// <summary>Packs values LSB-first into <paramref name="dest"/> (which must be zeroed).</summary>
    public static void PackBits(ReadOnlySpan<int> values, int bitWidth, Span<byte> dest)
    {
        if (bitWidth == 0)
        {
            return;
        }
        ulong buffer = 0;
        int bits = 0;
        int o = 0;
        ulong mask = bitWidth == 32 ? uint.MaxValue : (1UL << bitWidth) - 1;
        for (int k = 0; k < values.Length; k++)
        {
            buffer |= ((ulong)(uint)values[k] & mask) << bits;
            bits += bitWidth;
            while (bits >= 8)
            {
                dest[o++] = (byte)buffer;
                buffer >>= 8;
                bits -= 8;
            }
        }
        if (bits > 0)
        {
            dest[o] = (byte)buffer;
        }
    }
}
