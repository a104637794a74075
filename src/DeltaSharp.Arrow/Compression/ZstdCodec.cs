using System;

namespace DeltaSharp.Arrow.Compression;

/// <summary>
/// Zstandard compression over spans, backed by the system <c>libzstd.so.1</c>.
/// </summary>
/// <remarks>
/// <para>Decompression accepts one or more concatenated zstd frames (and skippable frames), with or without a
/// declared content size, and writes straight into the caller's buffer: nothing is allocated from a size that the
/// input declares, so a corrupt header cannot cause a large allocation. Corrupt or truncated input, or output that
/// would not fit, throws <see cref="CompressionException"/>; the native decoder never writes outside
/// <c>destination</c>.</para>
/// <para>All members are thread-safe. Native contexts are cached per thread and released by finalization when the
/// thread ends. When the library is missing every member throws <see cref="DllNotFoundException"/> with the message
/// "libzstd.so.1 not found: install the zstd library (Debian: libzstd1)".</para>
/// </remarks>
public static class ZstdCodec
{
    private const string CodecName = "ZSTD";

    /// <summary>The compression level used when none is given (zstd's default, 3).</summary>
    public const int DefaultLevel = 3;

    [ThreadStatic]
    private static NativeContextHandle? t_decompressContext;

    [ThreadStatic]
    private static NativeContextHandle? t_compressContext;

    /// <summary>
    /// Decompresses every frame in <paramref name="source"/> into <paramref name="destination"/>.
    /// </summary>
    /// <param name="source">One or more complete zstd frames. Empty input decompresses to nothing.</param>
    /// <param name="destination">Receives the decompressed bytes; must be large enough for all of them.</param>
    /// <returns>The number of bytes written to <paramref name="destination"/>.</returns>
    /// <exception cref="CompressionException">The input is corrupt or truncated, or the output does not fit.</exception>
    public static unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        NativeCodecLibrary.EnsureZstd();
        if (source.IsEmpty)
        {
            return 0;
        }
        NativeContextHandle context = t_decompressContext ??= CreateContext(decompress: true);
        nuint result;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            result = ZstdNative.DecompressDCtx(context.DangerousGetHandle(), dst, (nuint)destination.Length, src, (nuint)source.Length);
        }
        GC.KeepAlive(context);
        if (ZstdNative.IsError(result) != 0)
        {
            throw new CompressionException(CodecName, $"cannot decompress {source.Length} bytes into a {destination.Length}-byte buffer: {ZstdNative.ErrorName(result)}");
        }
        return checked((int)result);
    }

    /// <summary>
    /// Decompresses <paramref name="source"/> and requires the output to fill <paramref name="destination"/> exactly
    /// (the usual case when a format records the uncompressed size, as Parquet pages and Arrow IPC buffers do).
    /// </summary>
    /// <exception cref="CompressionException">The input is corrupt, or decompresses to a different size.</exception>
    public static void DecompressExact(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = Decompress(source, destination);
        if (written != destination.Length)
        {
            throw new CompressionException(CodecName, $"decompressed to {written} bytes but {destination.Length} were declared");
        }
    }

    /// <summary>
    /// The content size declared in the header of the first frame of <paramref name="source"/>, or null when the
    /// frame does not declare it. Informational only: the value is untrusted input, never allocate from it unchecked.
    /// </summary>
    /// <exception cref="CompressionException">The input does not start with a valid zstd frame header.</exception>
    public static unsafe long? GetDeclaredContentSize(ReadOnlySpan<byte> source)
    {
        NativeCodecLibrary.EnsureZstd();
        ulong size;
        fixed (byte* src = source)
        {
            size = ZstdNative.GetFrameContentSize(src, (nuint)source.Length);
        }
        if (size == ZstdNative.ContentSizeUnknown)
        {
            return null;
        }
        if (size == ZstdNative.ContentSizeError || size > long.MaxValue)
        {
            throw new CompressionException(CodecName, "input does not start with a valid zstd frame header");
        }
        return (long)size;
    }

    /// <summary>The largest size that compressing <paramref name="sourceLength"/> bytes can produce.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bound does not fit in an <see cref="int"/>.</exception>
    public static int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        NativeCodecLibrary.EnsureZstd();
        nuint bound = ZstdNative.CompressBound((nuint)sourceLength);
        if (ZstdNative.IsError(bound) != 0 || bound > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceLength), "input is too large for one zstd frame in a span");
        }
        return (int)bound;
    }

    /// <summary>
    /// Compresses <paramref name="source"/> as one zstd frame (with its content size declared) into
    /// <paramref name="destination"/>.
    /// </summary>
    /// <param name="source">Bytes to compress.</param>
    /// <param name="destination">Receives the frame; <see cref="GetMaxCompressedLength"/> bytes always suffice.</param>
    /// <param name="level">Compression level, from zstd's minimum (negative, fastest) to its maximum (22).</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside zstd's range.</exception>
    /// <exception cref="CompressionException"><paramref name="destination"/> is too small.</exception>
    public static unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level = DefaultLevel)
    {
        NativeCodecLibrary.EnsureZstd();
        if (level < ZstdNative.MinCLevel() || level > ZstdNative.MaxCLevel())
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"zstd levels run from {ZstdNative.MinCLevel()} to {ZstdNative.MaxCLevel()}");
        }
        NativeContextHandle context = t_compressContext ??= CreateContext(decompress: false);
        nuint result;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            result = ZstdNative.CompressCCtx(context.DangerousGetHandle(), dst, (nuint)destination.Length, src, (nuint)source.Length, level);
        }
        GC.KeepAlive(context);
        if (ZstdNative.IsError(result) != 0)
        {
            throw new CompressionException(CodecName, $"cannot compress {source.Length} bytes into a {destination.Length}-byte buffer: {ZstdNative.ErrorName(result)}");
        }
        return checked((int)result);
    }

    private static NativeContextHandle CreateContext(bool decompress)
    {
        IntPtr raw = decompress ? ZstdNative.CreateDCtx() : ZstdNative.CreateCCtx();
        if (raw == IntPtr.Zero)
        {
            throw new InvalidOperationException("libzstd could not allocate a " + (decompress ? "decompression" : "compression") + " context");
        }
        return new NativeContextHandle(raw, decompress ? NativeContextHandle.Kind.ZstdDecompress : NativeContextHandle.Kind.ZstdCompress);
    }
}
