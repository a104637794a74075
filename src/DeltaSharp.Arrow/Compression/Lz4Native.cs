using System;
using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.Compression;

/// <summary>Source-generated bindings to liblz4's block API and frame (LZ4F) API.</summary>
internal static unsafe partial class Lz4Native
{
    /// <summary>LZ4F_VERSION: the frame API version the context is created for.</summary>
    internal const uint FrameVersion = 100;

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4_decompress_safe")]
    internal static partial int DecompressSafe(byte* src, byte* dst, int compressedSize, int dstCapacity);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4_compress_default")]
    internal static partial int CompressDefault(byte* src, byte* dst, int srcSize, int dstCapacity);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4_compressBound")]
    internal static partial int CompressBound(int inputSize);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_createDecompressionContext")]
    internal static partial nuint CreateDecompressionContext(IntPtr* dctx, uint version);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_freeDecompressionContext")]
    internal static partial nuint FreeDecompressionContext(IntPtr dctx);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_resetDecompressionContext")]
    internal static partial void ResetDecompressionContext(IntPtr dctx);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_decompress")]
    internal static partial nuint FrameDecompress(IntPtr dctx, byte* dst, nuint* dstSize, byte* src, nuint* srcSize, IntPtr options);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_compressFrameBound")]
    internal static partial nuint CompressFrameBound(nuint srcSize, IntPtr preferences);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_compressFrame")]
    internal static partial nuint CompressFrame(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, IntPtr preferences);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_isError")]
    internal static partial uint FrameIsError(nuint code);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4F_getErrorName")]
    internal static partial IntPtr FrameGetErrorName(nuint code);

    internal static string FrameErrorName(nuint code) => Marshal.PtrToStringAnsi(FrameGetErrorName(code)) ?? "unknown error";
}
