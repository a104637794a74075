using System;
using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.Compression;

/// <summary>
/// Owns one native codec context (a zstd DCtx/CCtx or an LZ4F decompression context) and frees it when disposed
/// or finalized. The codecs keep one per thread, so a context is never used by two threads at once.
/// </summary>
internal sealed class NativeContextHandle : SafeHandle
{
    private readonly Kind _kind;

    internal enum Kind
    {
        ZstdDecompress,
        ZstdCompress,
        Lz4FrameDecompress,
    }

    internal NativeContextHandle(IntPtr handle, Kind kind)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _kind = kind;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        switch (_kind)
        {
            case Kind.ZstdDecompress:
                _ = ZstdNative.FreeDCtx(handle);
                break;
            case Kind.ZstdCompress:
                _ = ZstdNative.FreeCCtx(handle);
                break;
            case Kind.Lz4FrameDecompress:
                _ = Lz4Native.FreeDecompressionContext(handle);
                break;
        }
        return true;
    }
}
