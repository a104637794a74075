using System;
using System.Text;
using DeltaSharp.Actions;

namespace DeltaSharp.State;

/// <summary>Helpers over <see cref="IDecidedFileKeys"/>.</summary>
internal static class DecidedFileKeysExtensions
{
    /// <summary>True when <paramref name="keys"/> decides the key of <paramref name="add"/>.</summary>
    public static bool Decides(this IDecidedFileKeys keys, AddFile add)
    {
        int max = Encoding.UTF8.GetMaxByteCount(add.Path.Length);
        byte[]? rented = max > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> path = rented ?? stackalloc byte[512];
            int length = Encoding.UTF8.GetBytes(add.Path, path);
            return keys.Decides(path[..length], add.DeletionVector?.UniqueId);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
