using System;

namespace DeltaSharp.Arrow.Compression;

/// <summary>
/// The LZ4 block format (raw LZ4, no frame header: Parquet's <c>LZ4_RAW</c>, and the blocks inside Hadoop's LZ4
/// framing) over spans, backed by the system <c>liblz4.so.1</c>.
/// </summary>
/// <remarks>
/// <para>A block does not record its decompressed size, so the caller supplies a destination of the known size.
/// Decoding uses <c>LZ4_decompress_safe</c>: it never reads past <c>source</c> or writes past <c>destination</c>,
/// and corrupt input throws <see cref="CompressionException"/>.</para>
/// <para>All members are thread-safe and allocate nothing. When the library is missing every member throws
/// <see cref="DllNotFoundException"/> ("liblz4.so.1 not found: install the LZ4 library (Debian: liblz4-1)").</para>
/// </remarks>
public static class Lz4BlockCodec
{
    private const string CodecName = "LZ4_BLOCK";

    /// <summary>Decompresses one LZ4 block.</summary>
    /// <param name="source">The compressed block. Empty input decompresses to nothing.</param>
    /// <param name="destination">Receives the decompressed bytes; its length is the most that may be produced.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="CompressionException">The block is corrupt, or its output does not fit.</exception>
    public static unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        NativeCodecLibrary.EnsureLz4();
        if (source.IsEmpty)
        {
            return 0;
        }
        int result;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            result = Lz4Native.DecompressSafe(src, dst, source.Length, destination.Length);
        }
        if (result < 0)
        {
            throw new CompressionException(CodecName, $"corrupt block, or its output exceeds {destination.Length} bytes (input {source.Length} bytes, error at offset {-result - 1})");
        }
        return result;
    }

    /// <summary>Decompresses one block and requires the output to fill <paramref name="destination"/> exactly.</summary>
    /// <exception cref="CompressionException">The block is corrupt, or decompresses to a different size.</exception>
    public static void DecompressExact(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = Decompress(source, destination);
        if (written != destination.Length)
        {
            throw new CompressionException(CodecName, $"decompressed to {written} bytes but {destination.Length} were declared");
        }
    }

    /// <summary>The largest block that compressing <paramref name="sourceLength"/> bytes can produce.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The input is larger than LZ4's block limit (about 2 GB).</exception>
    public static int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        NativeCodecLibrary.EnsureLz4();
        int bound = Lz4Native.CompressBound(sourceLength);
        if (bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceLength), "input is larger than the LZ4 block format allows");
        }
        return bound;
    }

    /// <summary>Compresses <paramref name="source"/> as one LZ4 block (default acceleration).</summary>
    /// <param name="source">Bytes to compress.</param>
    /// <param name="destination">Receives the block; <see cref="GetMaxCompressedLength"/> bytes always suffice.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="CompressionException"><paramref name="destination"/> is too small.</exception>
    public static unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        NativeCodecLibrary.EnsureLz4();
        int result;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            result = Lz4Native.CompressDefault(src, dst, source.Length, destination.Length);
        }
        if (result <= 0)
        {
            throw new CompressionException(CodecName, $"cannot compress {source.Length} bytes into a {destination.Length}-byte buffer");
        }
        return result;
    }
}
