using System;

namespace DeltaSharp.Arrow.Compression;

/// <summary>
/// The LZ4 frame format (magic <c>04 22 4D 18</c>; Arrow IPC's <c>LZ4_FRAME</c> body compression) over spans,
/// backed by the system <c>liblz4.so.1</c>.
/// </summary>
/// <remarks>
/// <para>Decompression accepts one or more concatenated frames, with or without a declared content size, and
/// verifies checksums the frames carry. It writes only into the caller's buffer; corrupt or truncated input, or
/// output that does not fit, throws <see cref="CompressionException"/>.</para>
/// <para>All members are thread-safe; the native decompression context is cached per thread. When the library is
/// missing every member throws <see cref="DllNotFoundException"/> ("liblz4.so.1 not found: install the LZ4 library
/// (Debian: liblz4-1)").</para>
/// </remarks>
public static class Lz4FrameCodec
{
    private const string CodecName = "LZ4_FRAME";

    [ThreadStatic]
    private static NativeContextHandle? t_decompressContext;

    /// <summary>Decompresses every frame in <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">One or more complete LZ4 frames. Empty input decompresses to nothing.</param>
    /// <param name="destination">Receives the decompressed bytes; must be large enough for all of them.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="CompressionException">The input is corrupt or truncated, or the output does not fit.</exception>
    public static unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        NativeCodecLibrary.EnsureLz4();
        if (source.IsEmpty)
        {
            return 0;
        }
        NativeContextHandle context = t_decompressContext ??= CreateDecompressionContext();
        IntPtr dctx = context.DangerousGetHandle();
        // A previous call on this thread may have failed mid-frame.
        Lz4Native.ResetDecompressionContext(dctx);
        int consumed = 0;
        int written = 0;
        nuint hint = 1;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            while (consumed < source.Length)
            {
                nuint srcSize = (nuint)(source.Length - consumed);
                nuint dstSize = (nuint)(destination.Length - written);
                hint = Lz4Native.FrameDecompress(dctx, dst + written, &dstSize, src + consumed, &srcSize, IntPtr.Zero);
                if (Lz4Native.FrameIsError(hint) != 0)
                {
                    Lz4Native.ResetDecompressionContext(dctx);
                    throw new CompressionException(CodecName, $"corrupt input at byte {consumed} of {source.Length}: {Lz4Native.FrameErrorName(hint)}");
                }
                consumed += (int)srcSize;
                written += (int)dstSize;
                if (srcSize == 0 && dstSize == 0)
                {
                    // No progress: the decoder holds output that has nowhere to go.
                    Lz4Native.ResetDecompressionContext(dctx);
                    throw new CompressionException(CodecName, $"decompressed output exceeds the {destination.Length}-byte buffer");
                }
            }
            if (hint != 0)
            {
                // Input is used up; the frame may still hold buffered output, or it is truncated.
                nuint srcSize = 0;
                nuint dstSize = (nuint)(destination.Length - written);
                hint = Lz4Native.FrameDecompress(dctx, dst + written, &dstSize, src + consumed, &srcSize, IntPtr.Zero);
                if (Lz4Native.FrameIsError(hint) == 0)
                {
                    written += (int)dstSize;
                }
            }
        }
        GC.KeepAlive(context);
        if (hint != 0)
        {
            Lz4Native.ResetDecompressionContext(dctx);
            if (Lz4Native.FrameIsError(hint) == 0 && written == destination.Length)
            {
                throw new CompressionException(CodecName, $"decompressed output exceeds the {destination.Length}-byte buffer, or the last frame is truncated");
            }
            throw new CompressionException(CodecName, $"input ends inside a frame ({source.Length} bytes read)");
        }
        return written;
    }

    /// <summary>Decompresses and requires the output to fill <paramref name="destination"/> exactly.</summary>
    /// <exception cref="CompressionException">The input is corrupt, or decompresses to a different size.</exception>
    public static void DecompressExact(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = Decompress(source, destination);
        if (written != destination.Length)
        {
            throw new CompressionException(CodecName, $"decompressed to {written} bytes but {destination.Length} were declared");
        }
    }

    /// <summary>The largest frame that compressing <paramref name="sourceLength"/> bytes can produce.</summary>
    public static int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        NativeCodecLibrary.EnsureLz4();
        nuint bound = Lz4Native.CompressFrameBound((nuint)sourceLength, IntPtr.Zero);
        if (Lz4Native.FrameIsError(bound) != 0 || bound > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceLength), "input is too large for one LZ4 frame in a span");
        }
        return (int)bound;
    }

    /// <summary>Compresses <paramref name="source"/> as one LZ4 frame with default preferences.</summary>
    /// <param name="source">Bytes to compress.</param>
    /// <param name="destination">Receives the frame; <see cref="GetMaxCompressedLength"/> bytes always suffice.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="CompressionException"><paramref name="destination"/> is too small.</exception>
    public static unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        NativeCodecLibrary.EnsureLz4();
        nuint result;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            result = Lz4Native.CompressFrame(dst, (nuint)destination.Length, src, (nuint)source.Length, IntPtr.Zero);
        }
        if (Lz4Native.FrameIsError(result) != 0)
        {
            throw new CompressionException(CodecName, $"cannot compress {source.Length} bytes into a {destination.Length}-byte buffer: {Lz4Native.FrameErrorName(result)}");
        }
        return checked((int)result);
    }

    private static unsafe NativeContextHandle CreateDecompressionContext()
    {
        IntPtr raw;
        nuint code = Lz4Native.CreateDecompressionContext(&raw, Lz4Native.FrameVersion);
        if (Lz4Native.FrameIsError(code) != 0 || raw == IntPtr.Zero)
        {
            throw new InvalidOperationException("liblz4 could not create a frame decompression context: " + Lz4Native.FrameErrorName(code));
        }
        return new NativeContextHandle(raw, NativeContextHandle.Kind.Lz4FrameDecompress);
    }
}
