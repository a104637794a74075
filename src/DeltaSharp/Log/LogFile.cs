using System;
using DeltaSharp.Storage;

namespace DeltaSharp.Log;

/// <summary>
/// One recognised file of the Delta log, parsed from its name. <see cref="Path"/> is the store key
/// (e.g. <c>_delta_log/00000000000000000003.json</c>).
/// </summary>
/// <param name="Path">Store key of the file.</param>
/// <param name="Kind">What the file is.</param>
/// <param name="Version">The table version the file describes (for compactions: the first version covered).</param>
/// <param name="EndVersion">For compactions the last version covered; otherwise equal to <see cref="Version"/>.</param>
/// <param name="Part">For multi-part checkpoints the 1-based part number; otherwise 1.</param>
/// <param name="Parts">For multi-part checkpoints the number of parts; otherwise 1.</param>
/// <param name="IsJson">True for JSON files (commits, compactions, JSON UUID checkpoints, checksums).</param>
/// <param name="Size">Size in bytes as listed.</param>
/// <param name="LastModified">Modification time as listed.</param>
internal readonly record struct LogFile(
    string Path,
    LogFileKind Kind,
    long Version,
    long EndVersion,
    int Part,
    int Parts,
    bool IsJson,
    long Size,
    DateTimeOffset LastModified)
{
    /// <summary>The log directory prefix, relative to the table root.</summary>
    public const string LogDirectory = "_delta_log/";

    /// <summary>True for every checkpoint kind.</summary>
    public bool IsCheckpoint => Kind is LogFileKind.ClassicCheckpoint or LogFileKind.MultiPartCheckpoint or LogFileKind.UuidCheckpoint;

    /// <summary>Store key of the commit file for <paramref name="version"/>.</summary>
    public static string CommitPath(long version) => $"{LogDirectory}{version:D20}.json";

    /// <summary>
    /// The store key of a V2 checkpoint's sidecar from its (percent-decoded) <c>sidecar.path</c>. Sidecars "must always
    /// reside in the table's own _delta_log/_sidecars directory" (PROTOCOL.md "Sidecar File Information"), and writers
    /// may store a bare file name, a relative path or a full URI: only the file name is used.
    /// </summary>
    public static string SidecarPath(string decodedPath)
    {
        ArgumentNullException.ThrowIfNull(decodedPath);
        int slash = decodedPath.LastIndexOf('/');
        return LogDirectory + "_sidecars/" + (slash < 0 ? decodedPath : decodedPath.Substring(slash + 1));
    }

    /// <summary>
    /// Parses a listed object. Returns false for anything that is not a recognised log file directly inside
    /// <c>_delta_log/</c> (sub-directories such as <c>_staged_commits/</c> and <c>_sidecars/</c>, temporary files,
    /// <c>_last_checkpoint</c>, hidden <c>.crc</c> side files of Hadoop, names with wrong digit counts).
    /// </summary>
    public static bool TryParse(ObjectMeta meta, out LogFile file)
    {
        file = default;
        string path = meta.Path;
        int slash = path.LastIndexOf('/');
        string name = slash < 0 ? path : path.Substring(slash + 1);
        string directory = slash < 0 ? string.Empty : path.Substring(0, slash + 1);
        if (!directory.EndsWith(LogDirectory, StringComparison.Ordinal) ||
            (directory.Length > LogDirectory.Length && directory[directory.Length - LogDirectory.Length - 1] != '/'))
        {
            return false;
        }
        if (!TryParseName(name, out LogFileKind kind, out long version, out long endVersion, out int part, out int parts, out bool isJson))
        {
            return false;
        }
        file = new LogFile(path, kind, version, endVersion, part, parts, isJson, meta.Size, meta.LastModified);
        return true;
    }

    /// <summary>Parses a bare file name (no directory). Pure; see <see cref="TryParse"/>.</summary>
    public static bool TryParseName(string name, out LogFileKind kind, out long version, out long endVersion, out int part, out int parts, out bool isJson)
    {
        kind = default;
        version = 0;
        endVersion = 0;
        part = 1;
        parts = 1;
        isJson = false;
        ReadOnlySpan<char> span = name.AsSpan();
        if (span.Length < 21 || span[20] != '.' || !TryParseDigits(span.Slice(0, 20), out version))
        {
            return false;
        }
        ReadOnlySpan<char> rest = span.Slice(21);
        endVersion = version;
        if (rest.SequenceEqual("json"))
        {
            kind = LogFileKind.Commit;
            isJson = true;
            return true;
        }
        if (rest.SequenceEqual("crc"))
        {
            kind = LogFileKind.Checksum;
            isJson = true;
            return true;
        }
        if (rest.SequenceEqual("checkpoint.parquet"))
        {
            kind = LogFileKind.ClassicCheckpoint;
            return true;
        }
        if (rest.Length == 20 + ".compacted.json".Length && rest.EndsWith(".compacted.json") && TryParseDigits(rest.Slice(0, 20), out endVersion))
        {
            if (endVersion <= version)
            {
                return false;
            }
            kind = LogFileKind.Compaction;
            isJson = true;
            return true;
        }
        if (!rest.StartsWith("checkpoint."))
        {
            return false;
        }
        ReadOnlySpan<char> tail = rest.Slice("checkpoint.".Length);
        // Multi-part: {part:D10}.{parts:D10}.parquet
        if (tail.Length == 10 + 1 + 10 + ".parquet".Length && tail[10] == '.' && tail.EndsWith(".parquet") &&
            TryParseDigits(tail.Slice(0, 10), out long partValue) && TryParseDigits(tail.Slice(11, 10), out long partsValue))
        {
            if (partsValue < 1 || partValue < 1 || partValue > partsValue || partsValue > int.MaxValue)
            {
                return false;
            }
            kind = LogFileKind.MultiPartCheckpoint;
            part = (int)partValue;
            parts = (int)partsValue;
            return true;
        }
        // UUID-named V2 checkpoint: {uuid}.json | {uuid}.parquet
        ReadOnlySpan<char> uuid;
        if (tail.EndsWith(".json"))
        {
            uuid = tail.Slice(0, tail.Length - ".json".Length);
            isJson = true;
        }
        else if (tail.EndsWith(".parquet"))
        {
            uuid = tail.Slice(0, tail.Length - ".parquet".Length);
        }
        else
        {
            return false;
        }
        if (!Guid.TryParseExact(uuid, "D", out _))
        {
            return false;
        }
        kind = LogFileKind.UuidCheckpoint;
        return true;
    }

    private static bool TryParseDigits(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        foreach (char c in digits)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
            if (value > (long.MaxValue - 9) / 10)
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return digits.Length > 0;
    }
}
