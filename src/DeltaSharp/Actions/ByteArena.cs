using System;

namespace DeltaSharp.Actions;

/// <summary>
/// Hands out immutable copies of small byte strings (file statistics) as slices of shared slabs, so a replay of a
/// million actions allocates a few hundred slabs instead of a million arrays (each array costs a 24-byte header and
/// GC work). Slices are never modified after <see cref="Copy"/> returns. Not thread-safe: one replay uses one arena.
/// </summary>
internal sealed class ByteArena
{
    /// <summary>Values at least this long get an array of their own (a slab never wastes more than this).</summary>
    private const int LargeValue = 16 * 1024;

    private readonly int slabSize;
    private byte[] slab = Array.Empty<byte>();
    private int used;

    public ByteArena(int slabSize = 256 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slabSize, LargeValue);
        this.slabSize = slabSize;
    }

    /// <summary>Copies <paramref name="value"/> and returns where the copy lives.</summary>
    public (byte[] Buffer, int Offset) Copy(ReadOnlySpan<byte> value)
    {
        if (value.Length >= LargeValue)
        {
            return (value.ToArray(), 0);
        }
        if (slab.Length - used < value.Length)
        {
            slab = GC.AllocateUninitializedArray<byte>(slabSize);
            used = 0;
        }
        int offset = used;
        value.CopyTo(slab.AsSpan(offset));
        used += value.Length;
        return (slab, offset);
    }
}
