using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// The byte form of a reconciliation key (PROTOCOL.md "Action Reconciliation": the canonical, percent-decoded path
/// plus the deletion vector's unique id), shared by the commit batches that compute it on decoding threads and the
/// <see cref="FileActionMap"/> that compares it. The canonical path is the UTF-8 encoding of
/// <see cref="FilePaths.Decode"/> of the path string after a local <c>file:</c> scheme is dropped (see
/// <see cref="DecodedPath"/>). Thread-safe (stateless).
/// </summary>
internal static class FileKeys
{
    /// <summary>
    /// The canonical path of <paramref name="logPath"/> (the path as written in the log, UTF-8) when it differs from
    /// it, else null (the log path itself is the key). Canonical means, as Delta canonicalises paths in
    /// reconciliation: a local-file URI <c>file:/x</c> or <c>file:///x</c> (scheme case-insensitive) is the absolute
    /// path <c>/x</c>, and percent-escapes are decoded (<see cref="FilePaths.Decode"/>; an invalid escape stays
    /// literal). <c>file://host/x</c> and every other form keep their spelling apart from percent-decoding.
    /// </summary>
    public static byte[]? DecodedPath(ReadOnlySpan<byte> logPath)
    {
        ReadOnlySpan<byte> path = WithoutLocalFileScheme(logPath);
        bool stripped = path.Length != logPath.Length;
        if (path.IndexOf((byte)'%') < 0)
        {
            return stripped ? path.ToArray() : null;
        }
        string written = Encoding.UTF8.GetString(path);
        string decoded = FilePaths.Decode(written);
        if (!stripped && string.Equals(written, decoded, StringComparison.Ordinal))
        {
            return null;
        }
        return Encoding.UTF8.GetBytes(decoded);
    }

    /// <summary><c>file:/x</c> and <c>file:///x</c> → <c>/x</c>; anything else unchanged.</summary>
    private static ReadOnlySpan<byte> WithoutLocalFileScheme(ReadOnlySpan<byte> path)
    {
        if (path.Length < 6 || path[4] != (byte)':' || (path[0] | 0x20) != 'f' || (path[1] | 0x20) != 'i' || (path[2] | 0x20) != 'l' || (path[3] | 0x20) != 'e')
        {
            return path;
        }
        ReadOnlySpan<byte> rest = path.Slice(5);
        if (rest.StartsWith("///"u8))
        {
            return rest.Slice(2);
        }
        return rest[0] == (byte)'/' && (rest.Length == 1 || rest[1] != (byte)'/') ? rest : path;
    }

    /// <summary>The hash of a key: canonical path bytes and DV unique id (null when the action has no DV). Stable
    /// within the process (the DV id's string hash is randomised per process), not across processes.</summary>
    public static int Hash(ReadOnlySpan<byte> canonicalPath, string? deletionVectorId)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15UL;
        ulong h = ((ulong)canonicalPath.Length + 1) * Multiplier;
        int i = 0;
        for (; canonicalPath.Length - i >= 8; i += 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(canonicalPath.Slice(i))) * Multiplier, 29);
        }
        if (i < canonicalPath.Length)
        {
            ulong tail = 0;
            for (int j = canonicalPath.Length - 1; j >= i; j--)
            {
                tail = (tail << 8) | canonicalPath[j];
            }
            h = BitOperations.RotateLeft((h ^ tail) * Multiplier, 29);
        }
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        int hash = (int)h ^ (int)(h >> 32);
        return deletionVectorId is null ? hash : HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(deletionVectorId));
    }
}
