using System;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Compression;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Compression;

public sealed class ZstdCodecTests
{
    [Fact]
    public void Decompresses_reference_frame_with_content_size()
    {
        byte[] output = new byte[CodecTestData.Text1.Length];
        ZstdCodec.DecompressExact(CodecTestData.ZstdText1, output);
        Assert.Equal(CodecTestData.Text1, output);
        Assert.Equal(900L, ZstdCodec.GetDeclaredContentSize(CodecTestData.ZstdText1));
    }

    [Fact]
    public void Decompresses_reference_frame_without_content_size()
    {
        Assert.Null(ZstdCodec.GetDeclaredContentSize(CodecTestData.ZstdText2));
        byte[] output = new byte[CodecTestData.Text2.Length + 100];
        int written = ZstdCodec.Decompress(CodecTestData.ZstdText2, output);
        Assert.Equal(CodecTestData.Text2.Length, written);
        Assert.Equal(CodecTestData.Text2, output.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Decompresses_concatenated_frames()
    {
        byte[] input = CodecTestData.Concat(CodecTestData.ZstdText1, CodecTestData.ZstdText2, CodecTestData.ZstdText1);
        byte[] expected = CodecTestData.Concat(CodecTestData.Text1, CodecTestData.Text2, CodecTestData.Text1);
        byte[] output = new byte[expected.Length];
        ZstdCodec.DecompressExact(input, output);
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(1000, 1)]
    [InlineData(100_000, -5)]
    [InlineData(1_000_000, 3)]
    [InlineData(65_537, 19)]
    public void Round_trips(int length, int level)
    {
        byte[] data = CodecTestData.Compressible(length, length + level);
        byte[] compressed = new byte[ZstdCodec.GetMaxCompressedLength(length)];
        int size = ZstdCodec.Compress(data, compressed, level);
        Assert.Equal((long)length, ZstdCodec.GetDeclaredContentSize(compressed.AsSpan(0, size)));
        byte[] output = new byte[length];
        ZstdCodec.DecompressExact(compressed.AsSpan(0, size), output);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Empty_input_decompresses_to_nothing()
    {
        Assert.Equal(0, ZstdCodec.Decompress(ReadOnlySpan<byte>.Empty, new byte[10]));
    }

    [Fact]
    public void Too_small_destination_throws()
    {
        var ex = Assert.Throws<CompressionException>(() => ZstdCodec.Decompress(CodecTestData.ZstdText1, new byte[899]));
        Assert.Equal("ZSTD", ex.Codec);
        Assert.Throws<CompressionException>(() => ZstdCodec.Decompress(CodecTestData.ZstdText2, new byte[100]));
    }

    [Fact]
    public void Exact_size_mismatch_throws()
    {
        var ex = Assert.Throws<CompressionException>(() => ZstdCodec.DecompressExact(CodecTestData.ZstdText1, new byte[901]));
        Assert.Contains("declared", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_input_throws_at_every_length()
    {
        byte[] frame = CodecTestData.ZstdText2;
        byte[] output = new byte[4096];
        for (int length = 1; length < frame.Length; length++)
        {
            Assert.Throws<CompressionException>(() => ZstdCodec.Decompress(frame.AsSpan(0, length), output));
        }
    }

    [Fact]
    public void Bit_flips_are_detected_or_harmless()
    {
        byte[] output = new byte[4096];
        int detected = 0;
        for (int bit = 0; bit < CodecTestData.ZstdText1.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])CodecTestData.ZstdText1.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                int written = ZstdCodec.Decompress(corrupt, output);
                Assert.InRange(written, 0, output.Length);
            }
            catch (CompressionException)
            {
                detected++;
            }
        }
        // The frame carries a checksum: nearly every flip must be reported.
        Assert.True(detected > CodecTestData.ZstdText1.Length * 8 * 9 / 10, $"only {detected} flips detected");
    }

    [Fact]
    public void Garbage_throws()
    {
        byte[] garbage = CodecTestData.Compressible(5000, 7);
        Assert.Throws<CompressionException>(() => ZstdCodec.Decompress(garbage, new byte[10_000]));
        Assert.Throws<CompressionException>(() => ZstdCodec.GetDeclaredContentSize(garbage));
    }

    [Fact]
    public void Level_out_of_range_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ZstdCodec.Compress(new byte[10], new byte[100], 1000));
    }

    [Fact]
    public void Too_small_compress_destination_throws()
    {
        byte[] data = CodecTestData.Compressible(10_000, 1);
        Assert.Throws<CompressionException>(() => ZstdCodec.Compress(data, new byte[10]));
    }

    [Fact]
    public void Is_thread_safe()
    {
        Parallel.For(0, 64, i =>
        {
            byte[] data = CodecTestData.Compressible(10_000 + i, i);
            byte[] compressed = new byte[ZstdCodec.GetMaxCompressedLength(data.Length)];
            int size = ZstdCodec.Compress(data, compressed);
            byte[] output = new byte[data.Length];
            ZstdCodec.DecompressExact(compressed.AsSpan(0, size), output);
            Assert.Equal(data, output);
        });
    }
}
