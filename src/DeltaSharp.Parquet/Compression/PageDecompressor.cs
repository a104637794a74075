using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using DeltaSharp.Arrow.Compression;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Compression;

/// <summary>Decompresses page bodies for every Parquet codec except LZO. The output span is exactly the declared
/// uncompressed size; any mismatch or codec error becomes <see cref="ParquetFormatException"/>.</summary>
internal static class PageDecompressor
{
    public static void Decompress(ParquetCompressionCodec codec, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.IsEmpty && (input.IsEmpty || codec == ParquetCompressionCodec.Uncompressed))
        {
            if (!input.IsEmpty)
            {
                throw new ParquetFormatException($"page of {input.Length} bytes declares an uncompressed size of 0");
            }
            return;
        }
        try
        {
            switch (codec)
            {
                case ParquetCompressionCodec.Uncompressed:
                    if (input.Length != output.Length)
                    {
                        throw new ParquetFormatException($"uncompressed page holds {input.Length} bytes but declares {output.Length}");
                    }
                    input.CopyTo(output);
                    return;
                case ParquetCompressionCodec.Snappy:
                    Snappy.Decompress(input, output);
                    return;
                case ParquetCompressionCodec.Gzip:
                    DecompressGzip(input, output);
                    return;
                case ParquetCompressionCodec.Brotli:
                    if (!BrotliDecoder.TryDecompress(input, output, out int written) || written != output.Length)
                    {
                        throw new ParquetFormatException("BROTLI data is corrupt or does not match the declared size");
                    }
                    return;
                case ParquetCompressionCodec.Zstd:
                    Exact(ZstdCodec.Decompress(input, output), output.Length, "ZSTD");
                    return;
                case ParquetCompressionCodec.Lz4Raw:
                    Lz4BlockCodec.DecompressExact(input, output);
                    return;
                case ParquetCompressionCodec.Lz4:
                    DecompressLegacyLz4(input, output);
                    return;
                case ParquetCompressionCodec.Lzo:
                    throw new ParquetUnsupportedException("the LZO compression codec is not supported");
                default:
                    throw new ParquetUnsupportedException($"unknown compression codec {(int)codec}");
            }
        }
        catch (CompressionException e)
        {
            throw new ParquetFormatException($"{codec} data is corrupt: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new ParquetFormatException($"{codec} data is corrupt: {e.Message}", e);
        }
    }

    private static void Exact(int written, int expected, string codec)
    {
        if (written != expected)
        {
            throw new ParquetFormatException($"{codec} data decompressed to {written} bytes but {expected} were declared");
        }
    }

    private static unsafe void DecompressGzip(ReadOnlySpan<byte> input, Span<byte> output)
    {
        fixed (byte* p = input)
        {
            using UnmanagedMemoryStream raw = new(p, input.Length);
            bool isGzip = input.Length >= 2 && input[0] == 0x1F && input[1] == 0x8B;
            using Stream inflater = isGzip ? new GZipStream(raw, CompressionMode.Decompress) : new ZLibStream(raw, CompressionMode.Decompress);
            int total = 0;
            while (total < output.Length)
            {
                int n = inflater.Read(output[total..]);
                if (n == 0)
                {
                    break;
                }
                total += n;
            }
            Span<byte> probe = stackalloc byte[1];
            if (total != output.Length || inflater.Read(probe) != 0)
            {
                throw new ParquetFormatException($"GZIP data does not decompress to the declared {output.Length} bytes");
            }
        }
    }

    /// <summary>The deprecated LZ4 codec id: Hadoop framing (big-endian sizes around raw blocks) in parquet-mr
    /// files, a bare LZ4 block in some older parquet-cpp files, an LZ4 frame in others. Tried in that order.</summary>
    private static void DecompressLegacyLz4(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (TryHadoopLz4(input, output))
        {
            return;
        }
        if (input.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(input) == 0x184D2204u)
        {
            Lz4FrameCodec.DecompressExact(input, output);
            return;
        }
        Lz4BlockCodec.DecompressExact(input, output);
    }

    private static bool TryHadoopLz4(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int inPos = 0, outPos = 0;
        while (inPos < input.Length)
        {
            if (input.Length - inPos < 8)
            {
                return false;
            }
            uint blockDecompressed = BinaryPrimitives.ReadUInt32BigEndian(input[inPos..]);
            inPos += 4;
            if (blockDecompressed > (uint)(output.Length - outPos))
            {
                return false;
            }
            int blockEnd = outPos + (int)blockDecompressed;
            while (outPos < blockEnd)
            {
                if (input.Length - inPos < 4)
                {
                    return false;
                }
                uint compressed = BinaryPrimitives.ReadUInt32BigEndian(input[inPos..]);
                inPos += 4;
                if (compressed > (uint)(input.Length - inPos) || compressed == 0)
                {
                    return false;
                }
                int n;
                try
                {
                    n = Lz4BlockCodec.Decompress(input.Slice(inPos, (int)compressed), output[outPos..blockEnd]);
                }
                catch (CompressionException)
                {
                    return false;
                }
                inPos += (int)compressed;
                outPos += n;
                if (n == 0)
                {
                    return false;
                }
            }
        }
        return outPos == output.Length;
    }
}
