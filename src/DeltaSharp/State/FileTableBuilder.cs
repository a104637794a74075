using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;

namespace DeltaSharp.State;

/// <summary>
/// Builds a <see cref="FileTable"/>: rows appended from span views (<see cref="Append(in AddFileRow)"/>, the JSON log
/// decoder), from <see cref="AddFile"/> objects (the adapter for rare paths), from other tables (whole tables sharing
/// their byte chunks: checkpoint parts, row groups, a refreshed snapshot's prior state) or column-wise from checkpoint
/// batches (<see cref="AdoptChunk"/> + <see cref="AppendRaw"/>). Row order is append order. Not thread-safe; <see cref="Build"/> ends the
/// builder's use.
/// </summary>
internal sealed class FileTableBuilder
{
    /// <summary>Size of the byte chunks values are copied into.</summary>
    internal const int ChunkSize = 1 << 20;

    /// <summary>Values at least this long get a chunk of their own.</summary>
    private const int LargeValue = ChunkSize / 4;

    private readonly List<byte[]> chunks = new();
    private readonly List<IReadOnlyDictionary<string, string?>> partitionMaps = new() { PartitionValueMap.Empty };
    private readonly Dictionary<PartitionValueMap, int> partitionMapIndex = new();
    private readonly List<FileExtras> extras = new();
    private int currentChunk = -1;
    private int used;
    private int count;
    private long[] pathRefs;
    private int[] pathLengths;
    private long[]? statsRefs;
    private int[]? statsLengths;
    private long[] sizes;
    private long[] modificationTimes;
    private byte[] flags;
    private int[]? partitionIndex;
    private int[]? extraIndex;
    private object? lastMap;
    private int lastMapIndex;
    private bool built;

    /// <param name="capacity">Expected number of rows (grows as needed).</param>
    public FileTableBuilder(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        pathRefs = new long[capacity];
        pathLengths = new int[capacity];
        sizes = new long[capacity];
        modificationTimes = new long[capacity];
        flags = new byte[capacity];
    }

    /// <summary>Rows appended so far.</summary>
    public int Count => count;

    /// <summary>Appends one file given as spans (copied before returning).</summary>
    public void Append(in AddFileRow row)
    {
        long pathRef = CopyBytes(row.Path);
        long statsRef = row.HasStatistics ? CopyBytes(row.Statistics) : 0;
        var extra = new FileExtras(row.DeletionVector, row.Tags is { Count: > 0 } ? row.Tags : null, row.BaseRowId, row.DefaultRowCommitVersion);
        AppendRaw(
            pathRef,
            row.Path.Length,
            row.HasStatistics,
            statsRef,
            row.Statistics.Length,
            row.HasStatistics && row.StatisticsEscaped,
            PartitionIndexOf(row.PartitionValues),
            row.Size,
            row.ModificationTime,
            row.DataChange,
            extra);
    }

    /// <summary>Appends an <see cref="AddFile"/> (its path is encoded to UTF-8, its statistics copied as stored).</summary>
    public void Append(AddFile add)
    {
        ArgumentNullException.ThrowIfNull(add);
        int max = Encoding.UTF8.GetMaxByteCount(add.Path.Length);
        byte[]? rented = max > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> path = rented ?? stackalloc byte[512];
            int length = Encoding.UTF8.GetBytes(add.Path, path);
            bool hasStats = add.TryGetStoredStats(out ReadOnlySpan<byte> stats, out bool escaped);
            Append(new AddFileRow
            {
                Path = path[..length],
                PartitionValues = add.PartitionValues,
                Size = add.Size,
                ModificationTime = add.ModificationTime,
                DataChange = add.DataChange,
                HasStatistics = hasStats,
                Statistics = stats,
                StatisticsEscaped = escaped,
                Tags = add.Tags,
                DeletionVector = add.DeletionVector,
                BaseRowId = add.BaseRowId,
                DefaultRowCommitVersion = add.DefaultRowCommitVersion,
            });
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Appends a copy of row <paramref name="row"/> of <paramref name="source"/> (bytes copied).</summary>
    public void AppendRow(FileTable source, int row)
    {
        ArgumentNullException.ThrowIfNull(source);
        ReadOnlySpan<byte> path = source.GetPathUtf8(row);
        ReadOnlySpan<byte> stats = source.GetRawStats(row, out bool escaped);
        bool hasStats = source.HasStats(row);
        AppendRaw(
            CopyBytes(path),
            path.Length,
            hasStats,
            hasStats ? CopyBytes(stats) : 0,
            stats.Length,
            escaped,
            PartitionIndexOf(source.GetPartitionValues(row)),
            source.GetSize(row),
            source.GetModificationTime(row),
            source.GetDataChange(row),
            source.GetExtras(row));
    }

    /// <summary>
    /// Appends rows <c>[start, start + length)</c> of <paramref name="source"/>, except those whose key
    /// <paramref name="decided"/> decides, sharing the source's byte chunks (no value is copied; the chunks are
    /// immutable). The source stays valid.
    /// </summary>
    public void AppendTable(FileTable source, IDecidedFileKeys? decided = null) => AppendTable(source, 0, source.Count, decided);

    /// <inheritdoc cref="AppendTable(FileTable, IDecidedFileKeys?)"/>
    public void AppendTable(FileTable source, int start, int length, IDecidedFileKeys? decided = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, source.Count - start);
        if (length == 0)
        {
            return;
        }
        ThrowIfBuilt();
        if (decided is { Count: 0 })
        {
            decided = null;
        }
        long chunkBase = (long)chunks.Count << 32;
        chunks.AddRange(source.Chunks);
        IReadOnlyDictionary<string, string?>[] sourceMaps = source.PartitionMaps;
        var mapRemap = new int[sourceMaps.Length];
        for (int i = 0; i < sourceMaps.Length; i++)
        {
            mapRemap[i] = PartitionIndexOf(sourceMaps[i]);
        }
        EnsureCapacity(count + length);
        if (decided is null)
        {
            AppendAll(source, start, length, chunkBase, mapRemap);
            return;
        }
        int end = start + length;
        for (int row = start; row < end; row++)
        {
            if (decided is not null && decided.Decides(source.GetPathUtf8(row), source.GetExtras(row).DeletionVector?.UniqueId))
            {
                continue;
            }
            byte flag = source.GetFlags(row);
            pathRefs[count] = source.GetPathRef(row) + chunkBase;
            pathLengths[count] = source.GetPathLength(row);
            sizes[count] = source.GetSize(row);
            modificationTimes[count] = source.GetModificationTime(row);
            flags[count] = flag;
            if ((flag & FileTable.HasStatsFlag) != 0)
            {
                EnsureStats();
                statsRefs![count] = source.GetStatsRef(row) + chunkBase;
                statsLengths![count] = source.GetStatsLength(row);
            }
            SetPartitionIndex(mapRemap[source.GetPartitionIndex(row)]);
            int extra = source.GetExtraIndex(row);
            SetExtras(extra < 0 ? default : source.ExtrasList[extra]);
            count++;
        }
    }

    /// <summary>Appends every row of the range with span copies (the references rebased by <paramref name="chunkBase"/>,
    /// partition indexes and extras remapped).</summary>
    private void AppendAll(FileTable source, int start, int length, long chunkBase, int[] mapRemap)
    {
        FileTable.RawColumns raw = source.Raw(start, length);
        Span<long> refs = pathRefs.AsSpan(count, length);
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = raw.PathRefs[i] + chunkBase;
        }
        raw.PathLengths.CopyTo(pathLengths.AsSpan(count));
        raw.Sizes.CopyTo(sizes.AsSpan(count));
        raw.ModificationTimes.CopyTo(modificationTimes.AsSpan(count));
        raw.Flags.CopyTo(flags.AsSpan(count));
        if (!raw.StatsRefs.IsEmpty)
        {
            EnsureStats();
            Span<long> stats = statsRefs.AsSpan(count, length);
            for (int i = 0; i < stats.Length; i++)
            {
                stats[i] = raw.StatsRefs[i] + chunkBase;
            }
            raw.StatsLengths.CopyTo(statsLengths.AsSpan(count));
        }
        if (!raw.PartitionIndex.IsEmpty)
        {
            for (int i = 0; i < length; i++)
            {
                SetPartitionIndex(count + i, mapRemap[raw.PartitionIndex[i]]);
            }
        }
        else if (partitionIndex is not null)
        {
            partitionIndex.AsSpan(count, length).Fill(mapRemap[0]);
        }
        if (!raw.ExtraIndex.IsEmpty || extraIndex is not null)
        {
            for (int i = 0; i < length; i++)
            {
                int extra = raw.ExtraIndex.IsEmpty ? -1 : raw.ExtraIndex[i];
                SetExtras(count + i, extra < 0 ? default : source.ExtrasList[extra]);
            }
        }
        count += length;
    }

    /// <summary>Adds a chunk of immutable bytes that later <see cref="AppendRaw"/> calls reference (for a
    /// column-wise copy of a batch's values); returns its number.</summary>
    internal int AdoptChunk(byte[] chunk)
    {
        ThrowIfBuilt();
        chunks.Add(chunk);
        return chunks.Count - 1;
    }

    /// <summary>The reference of <paramref name="offset"/> in chunk <paramref name="chunk"/>.</summary>
    internal static long Reference(int chunk, int offset) => ((long)chunk << 32) | (uint)offset;

    /// <summary>The index of the partition map in this table (interned maps equal in content share one entry).</summary>
    internal int PartitionIndexOf(IReadOnlyDictionary<string, string?>? map)
    {
        if (map is null || map.Count == 0)
        {
            return 0;
        }
        if (ReferenceEquals(map, lastMap))
        {
            return lastMapIndex;
        }
        int index;
        if (map is PartitionValueMap shared)
        {
            if (!partitionMapIndex.TryGetValue(shared, out index))
            {
                index = partitionMaps.Count;
                partitionMaps.Add(shared);
                partitionMapIndex.Add(shared, index);
            }
        }
        else
        {
            index = partitionMaps.Count;
            partitionMaps.Add(map);
        }
        lastMap = map;
        lastMapIndex = index;
        return index;
    }

    /// <summary>Appends one row whose bytes are already in this builder's chunks.</summary>
    internal void AppendRaw(long pathRef, int pathLength, bool hasStats, long statsRef, int statsLength, bool statsEscaped, int partition, long size, long modificationTime, bool dataChange, in FileExtras extra)
    {
        EnsureCapacity(count + 1);
        pathRefs[count] = pathRef;
        pathLengths[count] = pathLength;
        sizes[count] = size;
        modificationTimes[count] = modificationTime;
        byte flag = dataChange ? FileTable.DataChangeFlag : (byte)0;
        if (hasStats)
        {
            flag |= FileTable.HasStatsFlag;
            if (statsEscaped)
            {
                flag |= FileTable.StatsEscapedFlag;
            }
            EnsureStats();
            statsRefs![count] = statsRef;
            statsLengths![count] = statsLength;
        }
        flags[count] = flag;
        SetPartitionIndex(partition);
        SetExtras(extra);
        count++;
    }

    /// <summary>Ends the builder and returns the table (arrays trimmed when much larger than needed).</summary>
    public FileTable Build()
    {
        ThrowIfBuilt();
        built = true;
        if (pathRefs.Length > count + (count >> 3))
        {
            Resize(count);
        }
        return new FileTable(
            count,
            chunks.ToArray(),
            pathRefs,
            pathLengths,
            statsRefs,
            statsLengths,
            sizes,
            modificationTimes,
            flags,
            partitionIndex,
            partitionMaps.ToArray(),
            extraIndex,
            extras.ToArray());
    }

    private void SetPartitionIndex(int partition) => SetPartitionIndex(count, partition);

    private void SetPartitionIndex(int row, int partition)
    {
        if (partition != 0 && partitionIndex is null)
        {
            partitionIndex = new int[pathRefs.Length];
        }
        if (partitionIndex is not null)
        {
            partitionIndex[row] = partition;
        }
    }

    private void SetExtras(in FileExtras extra) => SetExtras(count, extra);

    private void SetExtras(int row, in FileExtras extra)
    {
        if (extra.Any)
        {
            if (extraIndex is null)
            {
                extraIndex = new int[pathRefs.Length];
                extraIndex.AsSpan(0, row).Fill(-1);
            }
            extraIndex[row] = extras.Count;
            extras.Add(extra);
        }
        else if (extraIndex is not null)
        {
            extraIndex[row] = -1;
        }
    }

    private void EnsureStats()
    {
        if (statsRefs is null)
        {
            statsRefs = new long[pathRefs.Length];
            statsLengths = new int[pathRefs.Length];
        }
    }

    /// <summary>Copies a value into the builder's chunks and returns its reference.</summary>
    internal long CopyBytes(ReadOnlySpan<byte> value)
    {
        ThrowIfBuilt();
        if (value.Length >= LargeValue)
        {
            chunks.Add(value.ToArray());
            return Reference(chunks.Count - 1, 0);
        }
        if (currentChunk < 0 || ChunkSize - used < value.Length)
        {
            chunks.Add(GC.AllocateUninitializedArray<byte>(ChunkSize));
            currentChunk = chunks.Count - 1;
            used = 0;
        }
        value.CopyTo(chunks[currentChunk].AsSpan(used));
        long reference = Reference(currentChunk, used);
        used += value.Length;
        return reference;
    }

    /// <summary>Makes room for <paramref name="needed"/> rows in total.</summary>
    internal void EnsureCapacity(int needed)
    {
        if (needed > pathRefs.Length)
        {
            Resize(Math.Max(needed, Math.Max(16, (int)Math.Min(Array.MaxLength, pathRefs.Length * 2L))));
        }
    }

    /// <summary>Makes room for <paramref name="needed"/> rows exactly (no doubling).</summary>
    internal void Reserve(int needed)
    {
        if (needed > pathRefs.Length)
        {
            Resize(needed);
        }
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref pathRefs, capacity);
        Array.Resize(ref pathLengths, capacity);
        Array.Resize(ref sizes, capacity);
        Array.Resize(ref modificationTimes, capacity);
        Array.Resize(ref flags, capacity);
        if (statsRefs is not null)
        {
            Array.Resize(ref statsRefs, capacity);
            Array.Resize(ref statsLengths!, capacity);
        }
        if (partitionIndex is not null)
        {
            Array.Resize(ref partitionIndex, capacity);
        }
        if (extraIndex is not null)
        {
            Array.Resize(ref extraIndex, capacity);
        }
    }

    private void ThrowIfBuilt()
    {
        if (built)
        {
            throw new InvalidOperationException("The file table was already built.");
        }
    }
}
