using System;
using System.Text;
using DeltaSharp.Parquet.Compression;
using DeltaSharp.Parquet.Metadata;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Snappy_decodes_a_hand_built_stream()
    {
        // length 12; literal "abc" (tag (3-1)<<2); copy-1 of length 9 at offset 3 (tag 1 | (9-4)<<2)
        byte[] stream = [0x0C, 0x08, (byte)'a', (byte)'b', (byte)'c', 0x15, 0x03];
        byte[] output = new byte[Snappy.GetUncompressedLength(stream)];
        Snappy.Decompress(stream, output);
        Assert.Equal("abcabcabcabc", Encoding.ASCII.GetString(output));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(70000)]
    [InlineData(300000)]
    public void Snappy_round_trips(int length)
    {
        Random random = new(length);
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++)
        {
            // mix of runs, repeats and noise
            input[i] = (i / 50 % 3) switch { 0 => (byte)random.Next(256), 1 => (byte)(i % 7), _ => input[Math.Max(0, i - 13)] };
        }
        byte[] compressed = new byte[Snappy.MaxCompressedLength(length)];
        int n = Snappy.Compress(input, compressed);
        byte[] output = new byte[length];
        Snappy.Decompress(compressed.AsSpan(0, n), output);
        Assert.Equal(input, output);
        if (length >= 1000)
        {
            Assert.True(n < length, "repetitive input should compress");
        }
    }

    /// <summary>Builds a Snappy stream by hand from random literals and copies of every tag kind (offsets 1..70 and
    /// far ones, lengths 1..64, long literals with 1- and 2-byte length trailers), and the expected output by the
    /// format's definition (byte-by-byte copies), so the fast loop's wide and overlapping copies are checked against
    /// the spec rather than against our compressor.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Snappy_fast_path_matches_byte_by_byte_semantics(int seed)
    {
        Random random = new(seed);
        System.Collections.Generic.List<byte> expected = [];
        System.Collections.Generic.List<byte> body = [];
        while (expected.Count < 200_000)
        {
            int choice = random.Next(10);
            if (choice < 3 || expected.Count < 70)
            {
                int length = choice == 0 ? random.Next(61, 3000) : random.Next(1, 61);
                int n = length - 1;
                if (n < 60)
                {
                    body.Add((byte)(n << 2));
                }
                else if (n < 256)
                {
                    body.Add(60 << 2);
                    body.Add((byte)n);
                }
                else
                {
                    body.Add(61 << 2);
                    body.Add((byte)n);
                    body.Add((byte)(n >> 8));
                }
                for (int i = 0; i < length; i++)
                {
                    byte b = (byte)random.Next(256);
                    body.Add(b);
                    expected.Add(b);
                }
                continue;
            }
            int offset = random.Next(4) == 0 ? random.Next(1, expected.Count + 1) : random.Next(1, Math.Min(70, expected.Count) + 1);
            int copyLength;
            int kind = random.Next(3);
            if (kind == 0 && offset < 2048)
            {
                copyLength = random.Next(4, 12);
                body.Add((byte)(1 | ((copyLength - 4) << 2) | ((offset >> 8) << 5)));
                body.Add((byte)offset);
            }
            else if (kind == 1 && offset < 65536)
            {
                copyLength = random.Next(1, 65);
                body.Add((byte)(2 | ((copyLength - 1) << 2)));
                body.Add((byte)offset);
                body.Add((byte)(offset >> 8));
            }
            else
            {
                copyLength = random.Next(1, 65);
                body.Add((byte)(3 | ((copyLength - 1) << 2)));
                body.Add((byte)offset);
                body.Add((byte)(offset >> 8));
                body.Add((byte)(offset >> 16));
                body.Add((byte)(offset >> 24));
            }
            int start = expected.Count - offset;
            for (int i = 0; i < copyLength; i++)
            {
                expected.Add(expected[start + i]);
            }
        }
        System.Collections.Generic.List<byte> stream = [];
        uint total = (uint)expected.Count;
        while (total >= 0x80)
        {
            stream.Add((byte)(total | 0x80));
            total >>= 7;
        }
        stream.Add((byte)total);
        stream.AddRange(body);
        byte[] output = new byte[expected.Count];
        Snappy.Decompress(stream.ToArray(), output);
        Assert.Equal(expected.ToArray(), output);
    }

    /// <summary>Bit flips in a valid stream either decode or throw <see cref="ParquetFormatException"/>, and never
    /// write outside the output span (guard bytes on both sides of it stay untouched).</summary>
    [Fact]
    public void Snappy_corrupt_streams_never_write_outside_the_output()
    {
        Random random = new(7);
        byte[] input = new byte[20_000];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (i / 64 % 3) switch { 0 => (byte)random.Next(256), 1 => (byte)(i % 5), _ => input[i - 3] };
        }
        byte[] compressed = new byte[Snappy.MaxCompressedLength(input.Length)];
        int n = Snappy.Compress(input, compressed);
        const int Guard = 256;
        byte[] target = new byte[input.Length + (2 * Guard)];
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] corrupt = compressed.AsSpan(0, n).ToArray();
            int flips = random.Next(1, 5);
            for (int f = 0; f < flips; f++)
            {
                int bit = random.Next(2, n * 8);
                corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            Array.Fill(target, (byte)0xA5);
            try
            {
                Snappy.Decompress(corrupt, target.AsSpan(Guard, input.Length));
            }
            catch (ParquetFormatException)
            {
            }
            for (int i = 0; i < Guard; i++)
            {
                Assert.Equal(0xA5, target[i]);
                Assert.Equal(0xA5, target[target.Length - 1 - i]);
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x0C, 0x08, (byte)'a', (byte)'b', (byte)'c', 0x15, 0x00 })] // offset 0
    [InlineData(new byte[] { 0x0C, 0x08, (byte)'a', (byte)'b', (byte)'c', 0x15, 0x04 })] // offset before start
    [InlineData(new byte[] { 0x0C, 0x08, (byte)'a', (byte)'b' })]                         // truncated literal
    [InlineData(new byte[] { 0x0D, 0x08, (byte)'a', (byte)'b', (byte)'c', 0x15, 0x03 })] // short output
    [InlineData(new byte[] { 0x0B, 0x08, (byte)'a', (byte)'b', (byte)'c', 0x15, 0x03 })] // copy past end
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]                       // bad preamble
    public void Snappy_rejects_corrupt_streams(byte[] stream)
    {
        Assert.Throws<ParquetFormatException>(() =>
        {
            int length = Snappy.GetUncompressedLength(stream);
            Snappy.Decompress(stream, new byte[length]);
        });
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Gzip_accepts_concatenated_members()
    {
        byte[] a = Gzip("hello "u8.ToArray());
        byte[] b = Gzip("world"u8.ToArray());
        byte[] both = [.. a, .. b];
        byte[] output = new byte[11];
        PageDecompressor.Decompress(ParquetCompressionCodec.Gzip, both, output);
        Assert.Equal("hello world", Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Hadoop_lz4_framing_is_decoded()
    {
        byte[] payload = Encoding.ASCII.GetBytes(new string('x', 300) + "tail");
        byte[] block = new byte[DeltaSharp.Arrow.Compression.Lz4BlockCodec.GetMaxCompressedLength(payload.Length)];
        int n = DeltaSharp.Arrow.Compression.Lz4BlockCodec.Compress(payload, block);
        byte[] framed = new byte[8 + n];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed, payload.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(4), n);
        block.AsSpan(0, n).CopyTo(framed.AsSpan(8));
        byte[] output = new byte[payload.Length];
        PageDecompressor.Decompress(ParquetCompressionCodec.Lz4, framed, output);
        Assert.Equal(payload, output);
        // the same codec id also accepts a bare block (older parquet-cpp)
        Array.Clear(output);
        PageDecompressor.Decompress(ParquetCompressionCodec.Lz4, block.AsSpan(0, n), output);
        Assert.Equal(payload, output);
    }

    private static byte[] Gzip(byte[] data)
    {
        using System.IO.MemoryStream ms = new();
        using (System.IO.Compression.GZipStream gz = new(ms, System.IO.Compression.CompressionLevel.Optimal))
        {
            gz.Write(data);
        }
        return ms.ToArray();
    }
}
