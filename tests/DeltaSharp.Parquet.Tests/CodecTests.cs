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
