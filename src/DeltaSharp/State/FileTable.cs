using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using DeltaSharp.Actions;

namespace DeltaSharp.State;

/// <summary>
/// A snapshot's active files, column by column: paths and statistics as UTF-8 bytes in large shared chunks
/// (a 64-bit reference per value: chunk number in the high half, offset in the low half), sizes, modification times
/// and flags in primitive arrays, partition values as an index into the table's distinct maps, and the rare fields
/// (deletion vector, tags, row tracking) in a side list that only files having one of them point into. A million
/// files are a few dozen arrays instead of millions of objects.
/// <para>Immutable once built (by <see cref="FileTableBuilder"/>); every member is thread-safe. The chunks are
/// never modified after the builder wrote them, so tables built from other tables share them.</para>
/// </summary>
internal sealed class FileTable
{
    /// <summary>A table without files.</summary>
    public static readonly FileTable Empty = new FileTableBuilder().Build();

    internal const byte DataChangeFlag = 1;
    internal const byte HasStatsFlag = 2;
    internal const byte StatsEscapedFlag = 4;

    private readonly byte[][] chunks;
    private readonly long[] pathRefs;
    private readonly int[] pathLengths;
    private readonly long[]? statsRefs;
    private readonly int[]? statsLengths;
    private readonly long[] sizes;
    private readonly long[] modificationTimes;
    private readonly byte[] flags;
    private readonly int[]? partitionIndex;
    private readonly IReadOnlyDictionary<string, string?>[] partitionMaps;
    private readonly int[]? extraIndex;
    private readonly FileExtras[] extras;
    private byte[]?[]? unescapedStats;
    private long totalSize = -1;

    internal FileTable(
        int count,
        byte[][] chunks,
        long[] pathRefs,
        int[] pathLengths,
        long[]? statsRefs,
        int[]? statsLengths,
        long[] sizes,
        long[] modificationTimes,
        byte[] flags,
        int[]? partitionIndex,
        IReadOnlyDictionary<string, string?>[] partitionMaps,
        int[]? extraIndex,
        FileExtras[] extras)
    {
        Count = count;
        this.chunks = chunks;
        this.pathRefs = pathRefs;
        this.pathLengths = pathLengths;
        this.statsRefs = statsRefs;
        this.statsLengths = statsLengths;
        this.sizes = sizes;
        this.modificationTimes = modificationTimes;
        this.flags = flags;
        this.partitionIndex = partitionIndex;
        this.partitionMaps = partitionMaps;
        this.extraIndex = extraIndex;
        this.extras = extras;
    }

    /// <summary>Number of files.</summary>
    public int Count { get; }

    internal byte[][] Chunks => chunks;

    internal IReadOnlyDictionary<string, string?>[] PartitionMaps => partitionMaps;

    internal FileExtras[] ExtrasList => extras;

    /// <summary>The path exactly as written in the log (percent-encoded URI), UTF-8.</summary>
    public ReadOnlySpan<byte> GetPathUtf8(int row)
    {
        long reference = pathRefs[CheckRow(row)];
        return new ReadOnlySpan<byte>(chunks[(int)(reference >> 32)], (int)reference, pathLengths[row]);
    }

    /// <summary>The path as a new string (allocates).</summary>
    public string GetPath(int row) => Encoding.UTF8.GetString(GetPathUtf8(row));

    /// <summary>File size in bytes.</summary>
    public long GetSize(int row) => sizes[CheckRow(row)];

    /// <summary>Modification time in milliseconds since the Unix epoch.</summary>
    public long GetModificationTime(int row) => modificationTimes[CheckRow(row)];

    /// <summary>Whether the add changed data.</summary>
    public bool GetDataChange(int row) => (flags[CheckRow(row)] & DataChangeFlag) != 0;

    /// <summary>The partition values (a shared instance per distinct map).</summary>
    public IReadOnlyDictionary<string, string?> GetPartitionValues(int row) => partitionMaps[GetPartitionIndex(row)];

    /// <summary>Index of the row's map in <see cref="PartitionMaps"/>.</summary>
    internal int GetPartitionIndex(int row)
    {
        CheckRow(row);
        return partitionIndex is null ? 0 : partitionIndex[row];
    }

    /// <summary>True when the file has statistics.</summary>
    public bool HasStats(int row) => (flags[CheckRow(row)] & HasStatsFlag) != 0;

    /// <summary>The statistics as stored: unescaped, or (<paramref name="escaped"/>) the JSON log's escaped string
    /// content. Empty when the file has none.</summary>
    public ReadOnlySpan<byte> GetRawStats(int row, out bool escaped)
    {
        byte flag = flags[CheckRow(row)];
        escaped = (flag & StatsEscapedFlag) != 0;
        if ((flag & HasStatsFlag) == 0)
        {
            return default;
        }
        long reference = statsRefs![row];
        return new ReadOnlySpan<byte>(chunks[(int)(reference >> 32)], (int)reference, statsLengths![row]);
    }

    /// <summary>
    /// The statistics JSON as UTF-8 (empty when absent). Statistics kept escaped are unescaped once, on first access,
    /// and the result cached for the table's lifetime (concurrent first readers may each unescape; they get equal
    /// bytes). Do not modify.
    /// </summary>
    public ReadOnlySpan<byte> GetStatsUtf8(int row)
    {
        ReadOnlySpan<byte> raw = GetRawStats(row, out bool escaped);
        if (!escaped || raw.IsEmpty)
        {
            return raw;
        }
        byte[]?[] cache = Volatile.Read(ref unescapedStats) ?? CreateUnescapedCache();
        byte[]? done = Volatile.Read(ref cache[row]);
        if (done is null)
        {
            done = Unescape(raw);
            Volatile.Write(ref cache[row], done);
        }
        return done;
    }

    private static byte[] Unescape(ReadOnlySpan<byte> raw)
    {
        byte[] buffer = new byte[raw.Length];
        int written = JsonUnescaper.Unescape(raw, buffer);
        return written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
    }

    private byte[]?[] CreateUnescapedCache()
    {
        Interlocked.CompareExchange(ref unescapedStats, new byte[]?[Count], null);
        return unescapedStats!;
    }

    /// <summary>The unescaped statistics when they were already computed (or need none), else null.</summary>
    private byte[]? CachedUnescaped(int row)
    {
        byte[]?[]? cache = Volatile.Read(ref unescapedStats);
        return cache is null ? null : Volatile.Read(ref cache[row]);
    }

    /// <summary>The rare fields of the row (all null when it has none).</summary>
    public FileExtras GetExtras(int row)
    {
        CheckRow(row);
        if (extraIndex is null)
        {
            return default;
        }
        int index = extraIndex[row];
        return index < 0 ? default : extras[index];
    }

    /// <summary>The deletion vector, or null.</summary>
    public DeletionVectorDescriptor? GetDeletionVector(int row) => GetExtras(row).DeletionVector;

    /// <summary>True when some file has a deletion vector, tags or row tracking fields.</summary>
    public bool HasExtras => extras.Length > 0;

    /// <summary>Sum of the sizes in bytes (computed once).</summary>
    public long TotalSize
    {
        get
        {
            long total = Volatile.Read(ref totalSize);
            if (total < 0)
            {
                total = 0;
                foreach (long size in sizes.AsSpan(0, Count))
                {
                    total += size;
                }
                Volatile.Write(ref totalSize, total);
            }
            return total;
        }
    }

    /// <summary>
    /// A new <see cref="AddFile"/> equal to the row (every call allocates a new instance). Statistics already
    /// unescaped by <see cref="GetStatsUtf8"/> are shared; otherwise the instance unescapes them on its first use.
    /// </summary>
    public AddFile ToAddFile(int row)
    {
        string path = GetPath(row);
        byte flag = flags[row];
        byte[]? statsBuffer = null;
        int statsOffset = 0;
        int statsLength = 0;
        bool escaped = false;
        if ((flag & HasStatsFlag) != 0)
        {
            if ((flag & StatsEscapedFlag) != 0 && CachedUnescaped(row) is byte[] unescaped)
            {
                statsBuffer = unescaped;
                statsLength = unescaped.Length;
            }
            else
            {
                long reference = statsRefs![row];
                statsBuffer = chunks[(int)(reference >> 32)];
                statsOffset = (int)reference;
                statsLength = statsLengths![row];
                escaped = (flag & StatsEscapedFlag) != 0;
            }
        }
        FileExtras extra = GetExtras(row);
        return new AddFile(
            path,
            GetPartitionValues(row),
            sizes[row],
            modificationTimes[row],
            (flag & DataChangeFlag) != 0,
            statsBuffer,
            statsOffset,
            statsLength,
            escaped,
            extra.Tags,
            extra.DeletionVector,
            extra.BaseRowId,
            extra.DefaultRowCommitVersion);
    }

    /// <summary>
    /// Compares the paths of two rows exactly as <see cref="string.CompareOrdinal(string, string)"/> compares the
    /// decoded strings (UTF-16 code unit order, which differs from UTF-8 byte order only when a supplementary
    /// character meets one in U+E000..U+FFFF), without decoding them.
    /// </summary>
    public int ComparePaths(int a, int b) => Utf16OrdinalComparer.Compare(GetPathUtf8(a), GetPathUtf8(b));

    /// <summary>The rows in path order (<see cref="ComparePaths"/>; stable for equal paths).</summary>
    public int[] RowsInPathOrder()
    {
        var rows = new int[Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }
        Array.Sort(rows, new PathOrder(this));
        return rows;
    }

    /// <summary>Row order by path (<see cref="ComparePaths"/>), then by row number.</summary>
    private sealed class PathOrder : IComparer<int>
    {
        private readonly byte[][] chunks;
        private readonly long[] refs;
        private readonly int[] lengths;

        public PathOrder(FileTable table)
        {
            chunks = table.chunks;
            refs = table.pathRefs;
            lengths = table.pathLengths;
        }

        public int Compare(int x, int y)
        {
            long a = refs[x];
            long b = refs[y];
            int c = Utf16OrdinalComparer.Compare(
                new ReadOnlySpan<byte>(chunks[(int)(a >> 32)], (int)a, lengths[x]),
                new ReadOnlySpan<byte>(chunks[(int)(b >> 32)], (int)b, lengths[y]));
            return c != 0 ? c : x.CompareTo(y);
        }
    }

    /// <summary>Bytes held by the table's arrays and chunks (managed object headers excluded): the memory figure of
    /// the snapshot state.</summary>
    public long RetainedBytes
    {
        get
        {
            long total = 0;
            foreach (byte[] chunk in chunks)
            {
                total += chunk.Length;
            }
            total += (long)pathRefs.Length * 8 + (long)pathLengths.Length * 4;
            total += (statsRefs?.LongLength ?? 0) * 8 + (statsLengths?.LongLength ?? 0) * 4;
            total += (long)sizes.Length * 8 + (long)modificationTimes.Length * 8 + flags.Length;
            total += (partitionIndex?.LongLength ?? 0) * 4 + (extraIndex?.LongLength ?? 0) * 4;
            total += (long)extras.Length * 40 + (long)chunks.Length * 8 + (long)partitionMaps.Length * 8;
            return total;
        }
    }

    internal void CopyColumns(int start, int count, Span<long> pathRefsOut, Span<int> pathLengthsOut, Span<long> sizesOut, Span<long> modificationTimesOut, Span<byte> flagsOut)
    {
        pathRefs.AsSpan(start, count).CopyTo(pathRefsOut);
        pathLengths.AsSpan(start, count).CopyTo(pathLengthsOut);
        sizes.AsSpan(start, count).CopyTo(sizesOut);
        modificationTimes.AsSpan(start, count).CopyTo(modificationTimesOut);
        flags.AsSpan(start, count).CopyTo(flagsOut);
    }

    /// <summary>The raw columns of rows <c>[start, start + length)</c> for bulk copies by the builder.</summary>
    internal RawColumns Raw(int start, int length) => new(
        pathRefs.AsSpan(start, length),
        pathLengths.AsSpan(start, length),
        statsRefs is null ? default : statsRefs.AsSpan(start, length),
        statsLengths is null ? default : statsLengths.AsSpan(start, length),
        sizes.AsSpan(start, length),
        modificationTimes.AsSpan(start, length),
        flags.AsSpan(start, length),
        partitionIndex is null ? default : partitionIndex.AsSpan(start, length),
        extraIndex is null ? default : extraIndex.AsSpan(start, length));

    /// <summary>Spans over a row range of the table's columns (empty for a column the table does not have).</summary>
    internal readonly ref struct RawColumns
    {
        public RawColumns(ReadOnlySpan<long> pathRefs, ReadOnlySpan<int> pathLengths, ReadOnlySpan<long> statsRefs, ReadOnlySpan<int> statsLengths, ReadOnlySpan<long> sizes, ReadOnlySpan<long> modificationTimes, ReadOnlySpan<byte> flags, ReadOnlySpan<int> partitionIndex, ReadOnlySpan<int> extraIndex)
        {
            PathRefs = pathRefs;
            PathLengths = pathLengths;
            StatsRefs = statsRefs;
            StatsLengths = statsLengths;
            Sizes = sizes;
            ModificationTimes = modificationTimes;
            Flags = flags;
            PartitionIndex = partitionIndex;
            ExtraIndex = extraIndex;
        }

        public ReadOnlySpan<long> PathRefs { get; }

        public ReadOnlySpan<int> PathLengths { get; }

        public ReadOnlySpan<long> StatsRefs { get; }

        public ReadOnlySpan<int> StatsLengths { get; }

        public ReadOnlySpan<long> Sizes { get; }

        public ReadOnlySpan<long> ModificationTimes { get; }

        public ReadOnlySpan<byte> Flags { get; }

        public ReadOnlySpan<int> PartitionIndex { get; }

        public ReadOnlySpan<int> ExtraIndex { get; }
    }

    internal long GetPathRef(int row) => pathRefs[row];

    internal int GetPathLength(int row) => pathLengths[row];

    internal long GetStatsRef(int row) => statsRefs is null ? 0 : statsRefs[row];

    internal int GetStatsLength(int row) => statsLengths is null ? 0 : statsLengths[row];

    internal byte GetFlags(int row) => flags[row];

    internal int GetExtraIndex(int row) => extraIndex is null ? -1 : extraIndex[row];

    private int CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {Count})");
        }
        return row;
    }
}
