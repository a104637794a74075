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
    /// Allocates; the hot paths use <see cref="CanonicalPath(ReadOnlySpan{byte}, Span{byte})"/>.
    /// </summary>
    public static byte[]? DecodedPath(ReadOnlySpan<byte> logPath)
    {
        if (!MayDiffer(logPath))
        {
            return null;
        }
        byte[] canonical = new byte[logPath.Length];
        int length = CanonicalPath(logPath, canonical);
        return length < 0 ? null : canonical.AsSpan(0, length).ToArray();
    }

    /// <summary>False when <paramref name="logPath"/> is certainly its own canonical path (no <c>%</c>, no local
    /// <c>file:</c> scheme): the cheap test before <see cref="CanonicalPath(ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    public static bool MayDiffer(ReadOnlySpan<byte> logPath) =>
        logPath.IndexOf((byte)'%') >= 0 || WithoutLocalFileScheme(logPath).Length != logPath.Length;

    /// <summary>
    /// Writes the canonical path of <paramref name="logPath"/> (see <see cref="DecodedPath"/>) to
    /// <paramref name="destination"/> and returns its length, or returns -1 (writing nothing) when the canonical path
    /// is <paramref name="logPath"/> itself. <paramref name="destination"/> must hold at least
    /// <c>logPath.Length</c> bytes: canonicalisation never lengthens a path (the scheme is dropped, an escape of three
    /// bytes becomes one byte, an escape that is invalid or not valid UTF-8 stays as written). Escapes of ASCII
    /// characters (the usual ones: spaces, colons of timestamp partitions) are decoded byte by byte without
    /// allocating; a path with an escaped non-ASCII byte goes through <see cref="FilePaths.Decode"/>.
    /// </summary>
    public static int CanonicalPath(ReadOnlySpan<byte> logPath, Span<byte> destination)
    {
        if (destination.Length < logPath.Length)
        {
            throw new ArgumentException("The destination is shorter than the path.", nameof(destination));
        }
        ReadOnlySpan<byte> path = WithoutLocalFileScheme(logPath);
        bool changed = path.Length != logPath.Length;
        int written = 0;
        int i = 0;
        while (i < path.Length)
        {
            int percent = path.Slice(i).IndexOf((byte)'%');
            if (percent < 0)
            {
                path.Slice(i).CopyTo(destination.Slice(written));
                written += path.Length - i;
                break;
            }
            path.Slice(i, percent).CopyTo(destination.Slice(written));
            written += percent;
            i += percent;
            int high = i + 2 < path.Length ? HexValue(path[i + 1]) : -1;
            int low = high >= 0 ? HexValue(path[i + 2]) : -1;
            if (low < 0)
            {
                // Not an escape: the '%' stays literal (as Uri.UnescapeDataString keeps it).
                destination[written++] = (byte)'%';
                i++;
                continue;
            }
            int value = (high << 4) | low;
            if (value >= 0x80)
            {
                return CanonicalPathThroughStrings(path, changed, destination);
            }
            destination[written++] = (byte)value;
            changed = true;
            i += 3;
        }
        return changed ? written : -1;
    }

    /// <summary>The general case of <see cref="CanonicalPath(ReadOnlySpan{byte}, Span{byte})"/> (escaped non-ASCII
    /// bytes, which decode only when they form valid UTF-8).</summary>
    private static int CanonicalPathThroughStrings(ReadOnlySpan<byte> path, bool stripped, Span<byte> destination)
    {
        string written = Encoding.UTF8.GetString(path);
        string decoded = FilePaths.Decode(written);
        if (!stripped && string.Equals(written, decoded, StringComparison.Ordinal))
        {
            return -1;
        }
        return Encoding.UTF8.GetBytes(decoded, destination);
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>The canonical path of a path string (the string form of <see cref="DecodedPath"/>: a local
    /// <c>file:</c> URI reduced to its absolute path, then percent-decoded).</summary>
    public static string CanonicalPath(string logPath)
    {
        string path = logPath;
        if (path.Length >= 6 && path[4] == ':' && path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (path.StartsWith("file:///", StringComparison.OrdinalIgnoreCase))
            {
                path = path.Substring(7);
            }
            else if (path[5] == '/' && (path.Length == 6 || path[6] != '/'))
            {
                path = path.Substring(5);
            }
        }
        return FilePaths.Decode(path);
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
