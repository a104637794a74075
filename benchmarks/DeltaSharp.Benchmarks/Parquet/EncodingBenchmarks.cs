using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Parquet.Encodings;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Benchmarks.Parquet;

/// <summary>Decoding 1M values per encoding straight into a reused <c>ColumnValues</c> buffer.</summary>
[MemoryDiagnoser]
public class EncodingBenchmarks : IDisposable
{
    private const int Count = 1 << 20;
    private byte[] _plainInt32 = [];
    private byte[] _plainStrings = [];
    private byte[] _rleLevels = [];
    private byte[] _dictIndices = [];
    private byte[] _deltaInt64 = [];
    private byte[] _deltaLength = [];
    private byte[] _deltaByteArray = [];
    private byte[] _bssDouble = [];
    private ColumnValues _dictionary = null!;
    private int[] _levels = [];

    [GlobalSetup]
    public void Setup()
    {
        Random random = new(7);
        _plainInt32 = new byte[Count * 4];
        random.NextBytes(_plainInt32);

        List<byte> strings = new(Count * 12);
        List<long> lengths = new(Count);
        List<byte> stringBytes = new(Count * 8);
        for (int i = 0; i < Count; i++)
        {
            string s = "value-" + (i % 5000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            byte[] b = System.Text.Encoding.ASCII.GetBytes(s);
            byte[] len = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(len, b.Length);
            strings.AddRange(len);
            strings.AddRange(b);
            lengths.Add(b.Length);
            stringBytes.AddRange(b);
        }
        _plainStrings = [.. strings];

        // Levels: alternating RLE runs of 1s and 0s (typical nullable column).
        List<byte> rle = [];
        for (int produced = 0; produced < Count; produced += 200)
        {
            rle.Add((byte)(100 << 1 & 0x7F | 0x80));
            rle.Add((byte)((100 << 1) >> 7));
            rle.Add(1);
            rle.Add((byte)(100 << 1 & 0x7F | 0x80));
            rle.Add((byte)((100 << 1) >> 7));
            rle.Add(0);
        }
        _rleLevels = [.. rle];
        _levels = new int[Count];

        // Dictionary indices: bit width 10, bit-packed.
        int groups = Count / 8;
        List<byte> dict = [10];
        WriteVarint(dict, ((ulong)groups << 1) | 1);
        byte[] packed = new byte[groups * 10];
        random.NextBytes(packed);
        dict.AddRange(packed);
        _dictIndices = [.. dict];
        _dictionary = new ColumnValues(false, 8);
        byte[] dictValues = new byte[1024 * 8];
        random.NextBytes(dictValues);
        ValueDecoder.Decode(ParquetEncoding.Plain, dictValues, 1024, ParquetPhysicalType.Int64, null, _dictionary);

        _deltaInt64 = EncodeDelta(Sorted(random));
        _deltaLength = [.. EncodeDelta(lengths.ToArray()), .. stringBytes];
        long[] prefixes = new long[Count];
        for (int i = 1; i < Count; i++)
        {
            prefixes[i] = Math.Min(6, lengths[i - 1]);
        }
        List<byte> suffixBytes = new(Count * 4);
        long[] suffixLengths = new long[Count];
        int pos = 0;
        for (int i = 0; i < Count; i++)
        {
            int l = (int)lengths[i];
            suffixLengths[i] = l - prefixes[i];
            for (int k = (int)prefixes[i]; k < l; k++)
            {
                suffixBytes.Add(stringBytes[pos + k]);
            }
            pos += l;
        }
        _deltaByteArray = [.. EncodeDelta(prefixes), .. EncodeDelta(suffixLengths), .. suffixBytes];
        _bssDouble = new byte[Count * 8];
        random.NextBytes(_bssDouble);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _dictionary?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static long[] Sorted(Random random)
    {
        long[] values = new long[Count];
        long v = 1_000_000;
        for (int i = 0; i < Count; i++)
        {
            v += random.Next(1000);
            values[i] = v;
        }
        return values;
    }

    /// <summary>A straightforward DELTA_BINARY_PACKED encoder (block 128, 4 miniblocks) for the benchmark inputs.</summary>
    private static byte[] EncodeDelta(long[] values)
    {
        List<byte> output = [];
        WriteVarint(output, 128);
        WriteVarint(output, 4);
        WriteVarint(output, (ulong)values.Length);
        WriteVarint(output, ZigZag(values.Length > 0 ? values[0] : 0));
        for (int start = 1; start < values.Length; start += 128)
        {
            int n = Math.Min(128, values.Length - start);
            long[] deltas = new long[128];
            long min = long.MaxValue;
            for (int i = 0; i < n; i++)
            {
                deltas[i] = values[start + i] - values[start + i - 1];
                min = Math.Min(min, deltas[i]);
            }
            WriteVarint(output, ZigZag(min));
            byte[] widths = new byte[4];
            for (int m = 0; m < 4; m++)
            {
                ulong max = 0;
                for (int i = m * 32; i < Math.Min(n, (m + 1) * 32); i++)
                {
                    max = Math.Max(max, (ulong)(deltas[i] - min));
                }
                widths[m] = (byte)(64 - System.Numerics.BitOperations.LeadingZeroCount(max));
            }
            output.AddRange(widths);
            for (int m = 0; m < 4 && m * 32 < n; m++)
            {
                int w = widths[m];
                byte[] packed = new byte[32 * w / 8];
                for (int i = 0; i < 32; i++)
                {
                    int idx = m * 32 + i;
                    ulong value = idx < n ? (ulong)(deltas[idx] - min) : 0;
                    for (int b = 0; b < w; b++)
                    {
                        if (((value >> b) & 1) != 0)
                        {
                            int bit = i * w + b;
                            packed[bit >> 3] |= (byte)(1 << (bit & 7));
                        }
                    }
                }
                output.AddRange(packed);
            }
        }
        return [.. output];
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private static void WriteVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }

    private static int Run(ParquetEncoding encoding, byte[] data, ParquetPhysicalType type, int width, ColumnValues? dictionary = null)
    {
        using ColumnValues output = new(type == ParquetPhysicalType.ByteArray, width);
        ValueDecoder.Decode(encoding, data, Count, type, dictionary, output);
        return output.Count;
    }

    [Benchmark]
    public int PlainInt32() => Run(ParquetEncoding.Plain, _plainInt32, ParquetPhysicalType.Int32, 4);

    [Benchmark]
    public int PlainByteArray() => Run(ParquetEncoding.Plain, _plainStrings, ParquetPhysicalType.ByteArray, 0);

    [Benchmark]
    public int RleLevels()
    {
        new RleBitPackedDecoder(_rleLevels, 1).ReadExactly(_levels);
        return _levels[^1];
    }

    [Benchmark]
    public int RleDictionaryInt64() => Run(ParquetEncoding.RleDictionary, _dictIndices, ParquetPhysicalType.Int64, 8, _dictionary);

    [Benchmark]
    public int DeltaBinaryPackedInt64() => Run(ParquetEncoding.DeltaBinaryPacked, _deltaInt64, ParquetPhysicalType.Int64, 8);

    [Benchmark]
    public int DeltaLengthByteArray() => Run(ParquetEncoding.DeltaLengthByteArray, _deltaLength, ParquetPhysicalType.ByteArray, 0);

    [Benchmark]
    public int DeltaByteArray() => Run(ParquetEncoding.DeltaByteArray, _deltaByteArray, ParquetPhysicalType.ByteArray, 0);

    [Benchmark]
    public int ByteStreamSplitDouble() => Run(ParquetEncoding.ByteStreamSplit, _bssDouble, ParquetPhysicalType.Double, 8);
}
