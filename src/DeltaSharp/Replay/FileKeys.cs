using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// The byte form of a reconciliation key (PROTOCOL.md "Action Reconciliation": the canonical, percent-decoded path
/// plus the deletion vector's unique id), shared by the commit batches that compute it on decoding threads and the
/// <see cref="FileActionMap"/> that compares it. The canonical path is exactly the UTF-8 encoding of
/// <see cref="FilePaths.Decode"/> of the path string, so byte equality here is string equality of
/// <see cref="FileActionKey"/>. Thread-safe (stateless).
/// </summary>
internal static class FileKeys
{
    /// <summary>The canonical path of <paramref name="logPath"/> (the path as written in the log, UTF-8) when it
    /// differs from it (a percent-escape that decodes), else null: the log path itself is the key.</summary>
    public static byte[]? DecodedPath(ReadOnlySpan<byte> logPath)
    {
        if (logPath.IndexOf((byte)'%') < 0)
        {
            return null;
        }
        string written = Encoding.UTF8.GetString(logPath);
        string decoded = FilePaths.Decode(written);
        return string.Equals(written, decoded, StringComparison.Ordinal) ? null : Encoding.UTF8.GetBytes(decoded);
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
