using System;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Compression;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Compression;

public sealed class Lz4CodecTests
{
    [Fact]
    public void Frame_decompresses_reference_frame()
    {
        byte[] output = new byte[CodecTestData.Text1.Length];
        Lz4FrameCodec.DecompressExact(CodecTestData.Lz4FrameText1, output);
        Assert.Equal(CodecTestData.Text1, output);
    }

    [Fact]
    public void Frame_decompresses_concatenated_frames()
    {
        byte[] input = CodecTestData.Concat(CodecTestData.Lz4FrameText1, CodecTestData.Lz4FrameText1);
        byte[] expected = CodecTestData.Concat(CodecTestData.Text1, CodecTestData.Text1);
        byte[] output = new byte[expected.Length + 10];
        int written = Lz4FrameCodec.Decompress(input, output);
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, output.AsSpan(0, written).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(70_000)]
    [InlineData(5_000_000)]
    public void Frame_round_trips(int length)
    {
        byte[] data = CodecTestData.Compressible(length, length);
        byte[] compressed = new byte[Lz4FrameCodec.GetMaxCompressedLength(length)];
        int size = Lz4FrameCodec.Compress(data, compressed);
        byte[] output = new byte[length];
        Lz4FrameCodec.DecompressExact(compressed.AsSpan(0, size), output);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Frame_too_small_destination_throws()
    {
        var ex = Assert.Throws<CompressionException>(() => Lz4FrameCodec.Decompress(CodecTestData.Lz4FrameText1, new byte[899]));
        Assert.Equal("LZ4_FRAME", ex.Codec);
        byte[] data = CodecTestData.Compressible(200_000, 3);
        byte[] compressed = new byte[Lz4FrameCodec.GetMaxCompressedLength(data.Length)];
        int size = Lz4FrameCodec.Compress(data, compressed);
        Assert.Throws<CompressionException>(() => Lz4FrameCodec.Decompress(compressed.AsSpan(0, size), new byte[100_000]));
        // The per-thread context is reset after a failure and decodes the next input correctly.
        byte[] output = new byte[900];
        Lz4FrameCodec.DecompressExact(CodecTestData.Lz4FrameText1, output);
        Assert.Equal(CodecTestData.Text1, output);
    }

    [Fact]
    public void Frame_truncated_input_throws_at_every_length()
    {
        byte[] frame = CodecTestData.Lz4FrameText1;
        byte[] output = new byte[4096];
        for (int length = 1; length < frame.Length; length++)
        {
            Assert.Throws<CompressionException>(() => Lz4FrameCodec.Decompress(frame.AsSpan(0, length), output));
        }
    }

    [Fact]
    public void Frame_bit_flips_are_detected_or_harmless()
    {
        byte[] output = new byte[4096];
        int detected = 0;
        for (int bit = 0; bit < CodecTestData.Lz4FrameText1.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])CodecTestData.Lz4FrameText1.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                int written = Lz4FrameCodec.Decompress(corrupt, output);
                Assert.InRange(written, 0, output.Length);
            }
            catch (CompressionException)
            {
                detected++;
            }
        }
        Assert.True(detected > CodecTestData.Lz4FrameText1.Length * 8 * 8 / 10, $"only {detected} flips detected");
    }

    [Fact]
    public void Block_decompresses_reference_block()
    {
        byte[] output = new byte[CodecTestData.Text1.Length];
        Lz4BlockCodec.DecompressExact(CodecTestData.Lz4BlockText1, output);
        Assert.Equal(CodecTestData.Text1, output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(3_000_000)]
    public void Block_round_trips(int length)
    {
        byte[] data = CodecTestData.Compressible(length, length + 1);
        byte[] compressed = new byte[Lz4BlockCodec.GetMaxCompressedLength(length)];
        int size = Lz4BlockCodec.Compress(data, compressed);
        byte[] output = new byte[length];
        Lz4BlockCodec.DecompressExact(compressed.AsSpan(0, size), output);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Block_too_small_destination_throws()
    {
        var ex = Assert.Throws<CompressionException>(() => Lz4BlockCodec.Decompress(CodecTestData.Lz4BlockText1, new byte[899]));
        Assert.Equal("LZ4_BLOCK", ex.Codec);
        Assert.Throws<CompressionException>(() => Lz4BlockCodec.DecompressExact(CodecTestData.Lz4BlockText1, new byte[901]));
    }

    [Fact]
    public void Block_truncated_and_flipped_inputs_never_escape_the_buffers()
    {
        byte[] block = CodecTestData.Lz4BlockText1;
        byte[] output = new byte[900];
        for (int length = 1; length < block.Length; length++)
        {
            Assert.Throws<CompressionException>(() => Lz4BlockCodec.DecompressExact(block.AsSpan(0, length), output));
        }
        for (int bit = 0; bit < block.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])block.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                int written = Lz4BlockCodec.Decompress(corrupt, output);
                Assert.InRange(written, 0, output.Length);
            }
            catch (CompressionException)
            {
            }
        }
    }

    [Fact]
    public void Are_thread_safe()
    {
        Parallel.For(0, 64, i =>
        {
            byte[] data = CodecTestData.Compressible(10_000 + i, i);
            byte[] frame = new byte[Lz4FrameCodec.GetMaxCompressedLength(data.Length)];
            int frameSize = Lz4FrameCodec.Compress(data, frame);
            byte[] block = new byte[Lz4BlockCodec.GetMaxCompressedLength(data.Length)];
            int blockSize = Lz4BlockCodec.Compress(data, block);
            byte[] output = new byte[data.Length];
            Lz4FrameCodec.DecompressExact(frame.AsSpan(0, frameSize), output);
            Assert.Equal(data, output);
            Array.Clear(output);
            Lz4BlockCodec.DecompressExact(block.AsSpan(0, blockSize), output);
            Assert.Equal(data, output);
        });
    }
}
