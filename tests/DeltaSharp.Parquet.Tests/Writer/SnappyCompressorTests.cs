using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using DeltaSharp.Parquet.Compression;
using Xunit;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary>The Snappy compressor over input shapes Parquet pages have (plain int64/double, dictionary indices,
/// strings, incompressible noise, runs) and every length around the 64 KiB block edges: the output decodes to the
/// input (our decompressor, which follows the format description; DuckDB reads our snappy files in
/// DuckDbCodecAndLayoutTests), fits MaxCompressedLength, and compresses what is compressible.</summary>
public sealed class SnappyCompressorTests
{
    public static IEnumerable<object[]> Shapes()
    {
        foreach (string shape in new[] { "zeros", "noise", "int64-sequence", "doubles", "strings", "runs", "period-3" })
        {
            foreach (int length in new[] { 0, 1, 3, 4, 5, 15, 16, 17, 31, 64, 100, 4095, 65535, 65536, 65537, 65536 + 15, 131072 + 3, 1 << 20 })
            {
                yield return [shape, length];
            }
        }
    }

    private static byte[] Make(string shape, int length)
    {
        var random = new Random(length * 31 + shape.Length);
        byte[] data = new byte[length];
        switch (shape)
        {
            case "noise":
                random.NextBytes(data);
                break;
            case "int64-sequence":
                for (int i = 0; i + 8 <= length; i += 8)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i), 1_704_067_200_000_000L + (i / 8 * 1_000_000L));
                }
                break;
            case "doubles":
                for (int i = 0; i + 8 <= length; i += 8)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i), Math.Round(random.NextDouble() * 10000, 2));
                }
                break;
            case "strings":
                for (int i = 0; i < length; i++)
                {
                    string value = "customer_" + (random.Next(50_000)).ToString("D11", System.Globalization.CultureInfo.InvariantCulture);
                    for (int j = 0; j < value.Length && i < length; j++, i++)
                    {
                        data[i] = (byte)value[j];
                    }
                }
                break;
            case "runs":
                for (int i = 0; i < length; i++)
                {
                    data[i] = (byte)(i / 1000 % 2 == 0 ? 7 : random.Next(4));
                }
                break;
            case "period-3":
                for (int i = 0; i < length; i++)
                {
                    data[i] = (byte)(i % 3);
                }
                break;
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CompressedOutputDecodesToTheInput(string shape, int length)
    {
        byte[] input = Make(shape, length);
        byte[] compressed = new byte[Snappy.MaxCompressedLength(length)];
        compressed.AsSpan().Fill(0xAB);
        int n = Snappy.Compress(input, compressed);
        Assert.InRange(n, 1, compressed.Length);
        Assert.Equal(length, Snappy.GetUncompressedLength(compressed.AsSpan(0, n)));
        byte[] output = new byte[length];
        Snappy.Decompress(compressed.AsSpan(0, n), output);
        Assert.Equal(input, output);
        if (length >= 4095 && shape is "zeros" or "strings" or "runs" or "period-3")
        {
            Assert.True(n < length * 0.7, $"{shape} of {length} bytes compressed only to {n}");
        }
        if (shape == "noise")
        {
            Assert.True(n <= length + (length / 60) + 8, $"noise of {length} bytes grew to {n}");
        }
    }

    [Fact]
    public void InputAtTheEndOfALargerBufferAndOutputOfExactlyTheBound()
    {
        byte[] backing = Make("strings", 200_000);
        for (int cut = 1; cut < 40; cut++)
        {
            ReadOnlySpan<byte> input = backing.AsSpan(backing.Length - cut - 70_000);
            byte[] compressed = new byte[Snappy.MaxCompressedLength(input.Length)];
            int n = Snappy.Compress(input, compressed);
            byte[] output = new byte[input.Length];
            Snappy.Decompress(compressed.AsSpan(0, n), output);
            Assert.True(input.SequenceEqual(output));
        }
    }
}
