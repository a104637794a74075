using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace DeltaSharp.DeletionVectors;

/// <summary>
/// The deleted row indexes of one data file, decoded from Delta's "RoaringBitmapArray" portable serialization
/// (PROTOCOL.md "Deletion Vector Format"): magic 1681511377, a count of 32-bit Roaring bitmaps, then each bitmap's
/// high 32-bit key and its portable Roaring serialization (the older "native" array format is read too). Stored as a sorted array of row indexes.
/// </summary>
internal sealed class DeletionVectorBitmap
{
    private const int Magic = 1681511377;
    private const int NativeMagic = 1681511376;
    private const int SerialCookieNoRunContainer = 12346;
    private const int SerialCookie = 12347;
    private const int NoOffsetThreshold = 4;

    private readonly long[] rows;

    private DeletionVectorBitmap(long[] rows)
    {
        this.rows = rows;
    }

    /// <summary>Deleted row indexes, ascending, without duplicates.</summary>
    public ReadOnlySpan<long> Rows => rows;

    public int Count => rows.Length;

    /// <summary>Parses a serialized RoaringBitmapArray. <paramref name="maxRows"/> bounds the cardinality (corrupt input
    /// cannot make it allocate more).</summary>
    /// <remarks>
    /// The portable format (magic 1681511377, little-endian) is what the spec defines and writers produce. The
    /// "native" array format (magic 1681511376: a 4-byte bitmap count, then per bitmap its 4-byte size and the 32-bit
    /// Roaring bitmap whose high key is its index) is read too, both little-endian (Delta Spark's native format) and
    /// with a big-endian header, which is how PROTOCOL.md's own inline example ("JSON Example 3 — Inline") is encoded.
    /// </remarks>
    /// <exception cref="FormatException">The bytes are not a valid serialization.</exception>
    public static DeletionVectorBitmap Parse(ReadOnlySpan<byte> data, long maxRows)
    {
        var reader = new SpanReader(data);
        int magic = reader.Int32();
        var result = new List<long>();
        if (magic == Magic)
        {
            ReadPortable(ref reader, data.Length, result, maxRows);
        }
        else if (magic == NativeMagic || BinaryPrimitives.ReverseEndianness(magic) == NativeMagic)
        {
            ReadNative(ref reader, bigEndianHeader: magic != NativeMagic, result, maxRows);
        }
        else
        {
            throw new FormatException("deletion vector bitmap has a wrong magic number");
        }
        long[] rows = result.ToArray();
        for (int i = 1; i < rows.Length; i++)
        {
            if (rows[i] <= rows[i - 1])
            {
                throw new FormatException("deletion vector bitmap values are not ascending");
            }
        }
        return new DeletionVectorBitmap(rows);
    }

    private static void ReadPortable(ref SpanReader reader, int length, List<long> result, long maxRows)
    {
        long bitmapCount = reader.Int64();
        if (bitmapCount < 0 || bitmapCount > length)
        {
            throw new FormatException($"deletion vector bitmap count {bitmapCount} is invalid");
        }
        long previousKey = -1;
        for (long b = 0; b < bitmapCount; b++)
        {
            uint key = (uint)reader.Int32();
            if (key > int.MaxValue)
            {
                // PROTOCOL.md "Deletion Vector Format": every key must have 0 as its most significant bit.
                throw new FormatException($"deletion vector bitmap key {key} has its most significant bit set");
            }
            if (key <= previousKey)
            {
                throw new FormatException("deletion vector bitmap keys are not ascending");
            }
            previousKey = key;
            ReadRoaring32(ref reader, (long)key << 32, result, maxRows);
        }
    }

    private static void ReadNative(ref SpanReader reader, bool bigEndianHeader, List<long> result, long maxRows)
    {
        int bitmapCount = bigEndianHeader ? reader.Int32BigEndian() : reader.Int32();
        if (bitmapCount < 0 || bitmapCount > reader.Remaining)
        {
            throw new FormatException($"deletion vector bitmap count {bitmapCount} is invalid");
        }
        for (int b = 0; b < bitmapCount; b++)
        {
            int size = bigEndianHeader ? reader.Int32BigEndian() : reader.Int32();
            if (size < 0 || size > reader.Remaining)
            {
                throw new FormatException($"deletion vector bitmap {b} has an invalid size {size}");
            }
            var bitmapReader = new SpanReader(reader.Bytes(size));
            ReadRoaring32(ref bitmapReader, (long)b << 32, result, maxRows);
        }
    }

    private static void ReadRoaring32(ref SpanReader reader, long high, List<long> output, long maxRows)
    {
        int cookie = reader.Int32();
        int size;
        ReadOnlySpan<byte> runFlags = default;
        bool hasRuns;
        if ((cookie & 0xFFFF) == SerialCookie)
        {
            hasRuns = true;
            size = (int)((uint)cookie >> 16) + 1;
            runFlags = reader.Bytes((size + 7) / 8);
        }
        else if (cookie == SerialCookieNoRunContainer)
        {
            hasRuns = false;
            size = reader.Int32();
        }
        else
        {
            throw new FormatException($"unknown Roaring cookie {cookie}");
        }
        if (size < 0 || size > 65536)
        {
            throw new FormatException($"Roaring container count {size} is invalid");
        }
        var keys = new ushort[size];
        var cardinalities = new int[size];
        for (int i = 0; i < size; i++)
        {
            keys[i] = reader.UInt16();
            cardinalities[i] = reader.UInt16() + 1;
        }
        if (!hasRuns || size >= NoOffsetThreshold)
        {
            reader.Bytes(4 * size);
        }
        for (int i = 0; i < size; i++)
        {
            long baseValue = high | ((long)keys[i] << 16);
            bool isRun = hasRuns && (runFlags[i / 8] & (1 << (i % 8))) != 0;
            if (output.Count + (long)cardinalities[i] > maxRows)
            {
                throw new FormatException($"deletion vector deletes more rows than the file has ({maxRows})");
            }
            if (isRun)
            {
                int runs = reader.UInt16();
                for (int r = 0; r < runs; r++)
                {
                    int start = reader.UInt16();
                    int length = reader.UInt16() + 1;
                    if (start + length > 65536 || output.Count + (long)length > maxRows)
                    {
                        throw new FormatException("Roaring run container is invalid");
                    }
                    for (int v = 0; v < length; v++)
                    {
                        output.Add(baseValue + start + v);
                    }
                }
            }
            else if (cardinalities[i] <= 4096)
            {
                for (int v = 0; v < cardinalities[i]; v++)
                {
                    output.Add(baseValue + reader.UInt16());
                }
            }
            else
            {
                ReadOnlySpan<byte> bitmap = reader.Bytes(8192);
                for (int word = 0; word < 1024; word++)
                {
                    ulong bits = BinaryPrimitives.ReadUInt64LittleEndian(bitmap.Slice(word * 8, 8));
                    while (bits != 0)
                    {
                        int bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                        output.Add(baseValue + (word * 64) + bit);
                        bits &= bits - 1;
                    }
                }
            }
        }
    }

    private ref struct SpanReader
    {
        private readonly ReadOnlySpan<byte> data;
        private int position;

        public SpanReader(ReadOnlySpan<byte> data)
        {
            this.data = data;
            position = 0;
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || position + count > data.Length)
            {
                throw new FormatException("deletion vector bitmap is truncated");
            }
            ReadOnlySpan<byte> slice = data.Slice(position, count);
            position += count;
            return slice;
        }

        public readonly int Remaining => data.Length - position;

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public int Int32BigEndian() => BinaryPrimitives.ReadInt32BigEndian(Bytes(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));
    }
}
