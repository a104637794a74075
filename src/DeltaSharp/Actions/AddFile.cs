using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace DeltaSharp.Actions;

/// <summary>
/// An active data file of a snapshot (an <c>add</c> action that survived reconciliation). Immutable and compact: the
/// partition values are shared between files with equal values, statistics are kept as raw UTF-8 JSON (and only
/// when the snapshot was loaded with statistics).
/// </summary>
public sealed class AddFile
{
    private readonly byte[]? statsBuffer;
    private readonly int statsOffset;
    private readonly int statsLength;
    private readonly long baseRowId;
    private readonly long defaultRowCommitVersion;
    private readonly Flags flags;
    private byte[]? unescapedStats;

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        DataChange = 1,
        HasBaseRowId = 2,
        HasDefaultRowCommitVersion = 4,
        StatsEscaped = 8,
    }

    /// <summary>Creates an add action.</summary>
    /// <param name="path">The file's path as written in the log: a URI, relative to the table root unless absolute,
    /// percent-encoded (see <see cref="RelativePath"/> for the decoded form).</param>
    /// <param name="partitionValues">Partition column → serialized partition value (null = null value).</param>
    /// <param name="size">File size in bytes.</param>
    /// <param name="modificationTime">Modification time in milliseconds since the Unix epoch.</param>
    /// <param name="dataChange">Whether the action changed data (false for compaction rewrites).</param>
    /// <param name="statsUtf8">The <c>stats</c> JSON as UTF-8 bytes, or null; the instance takes ownership.</param>
    /// <param name="tags">Tags, or null.</param>
    /// <param name="deletionVector">The file's deletion vector, or null.</param>
    /// <param name="baseRowId">Row tracking base row id, or null.</param>
    /// <param name="defaultRowCommitVersion">Row tracking default commit version, or null.</param>
    public AddFile(
        string path,
        IReadOnlyDictionary<string, string?> partitionValues,
        long size,
        long modificationTime,
        bool dataChange,
        byte[]? statsUtf8,
        IReadOnlyDictionary<string, string?>? tags,
        DeletionVectorDescriptor? deletionVector,
        long? baseRowId,
        long? defaultRowCommitVersion)
        : this(path, partitionValues, size, modificationTime, dataChange, statsUtf8, 0, statsUtf8?.Length ?? 0, false, tags, deletionVector, baseRowId, defaultRowCommitVersion)
    {
    }

    /// <summary>Creates an add action whose statistics are a slice of a shared buffer (the checkpoint reader copies a
    /// batch's statistics into one buffer instead of one array per file). The buffer must never be modified.</summary>
    internal AddFile(
        string path,
        IReadOnlyDictionary<string, string?> partitionValues,
        long size,
        long modificationTime,
        bool dataChange,
        byte[]? statsBuffer,
        int statsOffset,
        int statsLength,
        IReadOnlyDictionary<string, string?>? tags,
        DeletionVectorDescriptor? deletionVector,
        long? baseRowId,
        long? defaultRowCommitVersion)
        : this(path, partitionValues, size, modificationTime, dataChange, statsBuffer, statsOffset, statsLength, false, tags, deletionVector, baseRowId, defaultRowCommitVersion)
    {
    }

    /// <summary>Creates an add action whose statistics are a slice of a shared buffer that must never be modified.
    /// When <paramref name="statsEscaped"/> is true the slice holds the JSON log's still-escaped string content (the
    /// bytes between the quotes of <c>"stats":"..."</c>, validated by the decoder); it is unescaped on first use of
    /// <see cref="StatsUtf8"/> / <see cref="StatsJson"/>, so a replay that never reads statistics never unescapes them.</summary>
    internal AddFile(
        string path,
        IReadOnlyDictionary<string, string?> partitionValues,
        long size,
        long modificationTime,
        bool dataChange,
        byte[]? statsBuffer,
        int statsOffset,
        int statsLength,
        bool statsEscaped,
        IReadOnlyDictionary<string, string?>? tags,
        DeletionVectorDescriptor? deletionVector,
        long? baseRowId,
        long? defaultRowCommitVersion)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        PartitionValues = partitionValues ?? throw new ArgumentNullException(nameof(partitionValues));
        Size = size;
        ModificationTime = modificationTime;
        flags = (dataChange ? Flags.DataChange : Flags.None) |
            (baseRowId.HasValue ? Flags.HasBaseRowId : Flags.None) |
            (defaultRowCommitVersion.HasValue ? Flags.HasDefaultRowCommitVersion : Flags.None) |
            (statsEscaped && statsBuffer is not null ? Flags.StatsEscaped : Flags.None);
        this.statsBuffer = statsBuffer;
        this.statsOffset = statsOffset;
        this.statsLength = statsLength;
        Tags = tags;
        DeletionVector = deletionVector;
        this.baseRowId = baseRowId.GetValueOrDefault();
        this.defaultRowCommitVersion = defaultRowCommitVersion.GetValueOrDefault();
    }

    /// <summary>The path exactly as written in the log (a percent-encoded URI).</summary>
    public string Path { get; }

    /// <summary>The path with percent-encoding decoded: the key relative to the table root for relative paths, or the
    /// decoded absolute URI.</summary>
    public string RelativePath => FilePaths.Decode(Path);

    /// <summary>Partition column (logical name) → serialized value; a null value is a null partition value.</summary>
    public IReadOnlyDictionary<string, string?> PartitionValues { get; }

    /// <summary>File size in bytes.</summary>
    public long Size { get; }

    /// <summary>Modification time in milliseconds since the Unix epoch.</summary>
    public long ModificationTime { get; }

    /// <summary>Whether the action changed data.</summary>
    public bool DataChange => (flags & Flags.DataChange) != 0;

    /// <summary>The raw <c>stats</c> JSON, or null (absent, or the snapshot was loaded without statistics).</summary>
    public string? StatsJson => statsBuffer is null ? null : Encoding.UTF8.GetString(StatsUtf8);

    /// <summary>The raw <c>stats</c> JSON as UTF-8 bytes (empty when absent). Do not modify. Thread-safe: statistics
    /// kept escaped by the log decoder are unescaped once, on first access (concurrent first readers may each
    /// unescape; they get equal bytes).</summary>
    public ReadOnlySpan<byte> StatsUtf8
    {
        get
        {
            if (statsBuffer is null)
            {
                return default;
            }
            if ((flags & Flags.StatsEscaped) == 0)
            {
                return new ReadOnlySpan<byte>(statsBuffer, statsOffset, statsLength);
            }
            return Volatile.Read(ref unescapedStats) ?? UnescapeStatistics();
        }
    }

    private byte[] UnescapeStatistics()
    {
        ReadOnlySpan<byte> raw = new(statsBuffer, statsOffset, statsLength);
        byte[] buffer = new byte[raw.Length];
        int written = JsonUnescaper.Unescape(raw, buffer);
        byte[] result = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
        Volatile.Write(ref unescapedStats, result);
        return result;
    }

    /// <summary>The statistics as stored (false when absent): the unescaped bytes when available, else the JSON log's
    /// escaped string content (<paramref name="escaped"/>). For copying into a file table without unescaping.</summary>
    internal bool TryGetStoredStats(out ReadOnlySpan<byte> stats, out bool escaped)
    {
        escaped = false;
        if (statsBuffer is null)
        {
            stats = default;
            return false;
        }
        if ((flags & Flags.StatsEscaped) == 0)
        {
            stats = new ReadOnlySpan<byte>(statsBuffer, statsOffset, statsLength);
            return true;
        }
        if (Volatile.Read(ref unescapedStats) is byte[] done)
        {
            stats = done;
            return true;
        }
        escaped = true;
        stats = new ReadOnlySpan<byte>(statsBuffer, statsOffset, statsLength);
        return true;
    }

    /// <summary>Tags, or null.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; }

    /// <summary>The deletion vector, or null.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; }

    /// <summary>Row tracking base row id, or null.</summary>
    public long? BaseRowId => (flags & Flags.HasBaseRowId) != 0 ? baseRowId : null;

    /// <summary>Row tracking default row commit version, or null.</summary>
    public long? DefaultRowCommitVersion => (flags & Flags.HasDefaultRowCommitVersion) != 0 ? defaultRowCommitVersion : null;
}
