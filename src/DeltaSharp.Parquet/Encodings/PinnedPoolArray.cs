using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Parquet.Encodings;

/// <summary>
/// Hands a decoded array rented from <see cref="ArrayPool{T}.Shared"/> to Arrow without copying it: the array is
/// pinned for as long as the Arrow buffer lives and returned to the pool when the buffer's last handle is released
/// (from whichever thread releases it; exactly once).
/// </summary>
internal sealed class PinnedPoolArray : IDisposable
{
    private byte[]? array;
    private GCHandle handle;

    private PinnedPoolArray(byte[] array)
    {
        this.array = array;
        handle = GCHandle.Alloc(array, GCHandleType.Pinned);
    }

    /// <summary>Wraps the first <paramref name="length"/> bytes of <paramref name="pooled"/> (which the caller gives
    /// up: it must come from <see cref="ArrayPool{T}.Shared"/> and must not be used or returned by the caller again)
    /// as an Arrow buffer owned by the caller.</summary>
    public static unsafe ArrowBuffer Wrap(byte[] pooled, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)pooled.Length, nameof(length));
        var owner = new PinnedPoolArray(pooled);
        try
        {
            return ArrowBuffer.WrapExternal((void*)owner.handle.AddrOfPinnedObject(), length, owner);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        byte[]? released = Interlocked.Exchange(ref array, null);
        if (released is not null)
        {
            handle.Free();
            ArrayPool<byte>.Shared.Return(released);
        }
    }
}
