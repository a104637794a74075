using System;
using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.Compression;

/// <summary>Source-generated bindings to the subset of libzstd's stable API that the codecs use.</summary>
internal static unsafe partial class ZstdNative
{
    /// <summary>ZSTD_CONTENTSIZE_UNKNOWN.</summary>
    internal const ulong ContentSizeUnknown = ulong.MaxValue;

    /// <summary>ZSTD_CONTENTSIZE_ERROR.</summary>
    internal const ulong ContentSizeError = ulong.MaxValue - 1;

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_createDCtx")]
    internal static partial IntPtr CreateDCtx();

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_freeDCtx")]
    internal static partial nuint FreeDCtx(IntPtr dctx);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_decompressDCtx")]
    internal static partial nuint DecompressDCtx(IntPtr dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_createCCtx")]
    internal static partial IntPtr CreateCCtx();

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_freeCCtx")]
    internal static partial nuint FreeCCtx(IntPtr cctx);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_compressCCtx")]
    internal static partial nuint CompressCCtx(IntPtr cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int compressionLevel);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_compressBound")]
    internal static partial nuint CompressBound(nuint srcSize);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_isError")]
    internal static partial uint IsError(nuint code);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_getErrorName")]
    internal static partial IntPtr GetErrorName(nuint code);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_getFrameContentSize")]
    internal static partial ulong GetFrameContentSize(byte* src, nuint srcSize);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_minCLevel")]
    internal static partial int MinCLevel();

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_maxCLevel")]
    internal static partial int MaxCLevel();

    internal static string ErrorName(nuint code) => Marshal.PtrToStringAnsi(GetErrorName(code)) ?? "unknown error";
}
