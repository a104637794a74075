using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;
using DeltaSharp.State;

namespace DeltaSharp.Replay;

/// <summary>
/// The actions of one commit (or compaction) file recorded columnar, so that the file can be decoded on another
/// thread while earlier files are applied, without a managed object per file action: each add/remove is a
/// <see cref="Row"/> (an unmanaged struct the GC never scans) whose path, canonical key (only when percent-decoding
/// changes it) and raw escaped statistics are copied together into byte slabs, with the key's hash computed here (on
/// the decoding thread). Row arrays and slabs live on the pinned object heap, so collections never copy them. The
/// rare actions (protocol, metaData, txn, domainMetadata, commitInfo, sidecar, checkpointMetadata) are kept as objects
/// in file order. A <see cref="FileActionMap"/> then references rows by (batch, row) and flips their
/// <see cref="RowFlags.Live"/> bit as later actions shadow them. Not thread-safe: filled by one thread, then handed
/// over (a task completion) to the applying thread; afterwards only the map (one thread) changes the live bit.
/// </summary>
internal sealed class CommitFileBatch : ActionSink
{
    /// <summary>The largest slab (bigger files use several), also used when the file size is unknown.</summary>
    private const int MaxSlabSize = 1 << 20;

    private const int MinSlabSize = 4096;

    /// <summary>Lines of a commit file are rarely shorter than this: the initial row capacity is the file size / this.</summary>
    private const int TypicalLineBytes = 256;

    private readonly bool wantsStatistics;
    private readonly int slabSize;
    private readonly List<byte[]> slabs = new();
    private readonly List<object> others = new();
    private readonly List<PartitionValueMap> partitionMaps = new();
    private readonly List<FileExtras> extras = new();
    private PartitionValueMap? lastMap;
    private int currentSlab = -1;
    private int used;
    private Row[] rows;
    private int count;

    /// <param name="wantsStatistics">Keep add statistics.</param>
    /// <param name="sizeHint">The file's size in bytes as listed (0 when unknown): paths and statistics never take
    /// more than the file, so a file up to <see cref="MaxSlabSize"/> fills one slab without growing.</param>
    public CommitFileBatch(bool wantsStatistics, long sizeHint)
    {
        this.wantsStatistics = wantsStatistics;
        slabSize = sizeHint <= 0 ? MaxSlabSize : (int)Math.Clamp(sizeHint, MinSlabSize, MaxSlabSize);
        rows = NewRows((int)Math.Clamp(sizeHint / TypicalLineBytes, 16, 1 << 16));
    }

    /// <summary>State bits of a recorded file action.</summary>
    [Flags]
    public enum RowFlags : byte
    {
        None = 0,

        /// <summary>An add (else a remove).</summary>
        Add = 1,

        /// <summary>An add that is (so far) the latest action of its key: it survives unless shadowed later.</summary>
        Live = 2,

        DataChange = 4,

        HasStatistics = 8,

        /// <summary>The statistics bytes are the log's still-escaped JSON string content.</summary>
        StatisticsEscaped = 16,
    }

    /// <summary>One recorded add or remove. In slab <see cref="Slab"/> from <see cref="PathStart"/>: the path as
    /// written in the log, then the canonical key when it differs (<see cref="KeyLength"/> &gt; 0; otherwise the path is
    /// the key), then the statistics.</summary>
    public struct Row
    {
        public int Hash;
        public int Slab;
        public int PathStart;
        public int PathLength;
        public int KeyLength;
        public int StatisticsLength;
        public long Size;
        public long ModificationTime;

        /// <summary>Index in the batch's partition maps, or -1 (none).</summary>
        public int Partition;

        /// <summary>Index in the batch's extras, or -1 (none).</summary>
        public int Extra;

        public RowFlags Flags;

        public readonly int KeyStart => KeyLength > 0 ? PathStart + PathLength : PathStart;

        public readonly int StatisticsStart => PathStart + PathLength + KeyLength;

        public readonly bool IsAdd => (Flags & RowFlags.Add) != 0;

        public readonly bool IsLive => (Flags & RowFlags.Live) != 0;
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsCommitInfo => true;

    /// <summary>Number of recorded file actions.</summary>
    public int Count => count;

    /// <summary>Number of byte slabs.</summary>
    public int SlabCount => slabs.Count;

    /// <summary>The rare actions in file order (delivered with <see cref="RecordedAction.Deliver"/>).</summary>
    public IReadOnlyList<object> OtherActions => others;

    /// <summary>The recorded row <paramref name="index"/> (by reference: the map flips its live bit).</summary>
    public ref Row RowAt(int index) => ref rows[index];

    /// <summary>Slab <paramref name="index"/> (immutable once the batch is complete).</summary>
    public byte[] Slab(int index) => slabs[index];

    /// <summary>The canonical key bytes of a row.</summary>
    public ReadOnlySpan<byte> Key(in Row row) => new(slabs[row.Slab], row.KeyStart, row.KeyLength > 0 ? row.KeyLength : row.PathLength);

    /// <summary>The path of a row as written in the log (UTF-8).</summary>
    public ReadOnlySpan<byte> Path(in Row row) => new(slabs[row.Slab], row.PathStart, row.PathLength);

    /// <summary>The statistics bytes of a row (empty when absent).</summary>
    public ReadOnlySpan<byte> Statistics(in Row row) => new(slabs[row.Slab], row.StatisticsStart, row.StatisticsLength);

    /// <summary>The DV unique id of a row, or null.</summary>
    public string? DeletionVectorId(in Row row) => row.Extra < 0 ? null : extras[row.Extra].DeletionVector?.UniqueId;

    /// <summary>The partition values of a row, or null (none).</summary>
    public PartitionValueMap? PartitionValues(in Row row) => row.Partition < 0 ? null : partitionMaps[row.Partition];

    /// <summary>The rare fields of a row (default when none).</summary>
    public FileExtras Extras(in Row row) => row.Extra < 0 ? default : extras[row.Extra];

    public override void OnAddRow(in AddFileRow row)
    {
        RowFlags flags = RowFlags.Add | (row.DataChange ? RowFlags.DataChange : RowFlags.None);
        ReadOnlySpan<byte> statistics = default;
        if (row.HasStatistics)
        {
            statistics = row.Statistics;
            flags |= RowFlags.HasStatistics | (row.StatisticsEscaped ? RowFlags.StatisticsEscaped : RowFlags.None);
        }
        var extra = new FileExtras(row.DeletionVector, row.Tags, row.BaseRowId, row.DefaultRowCommitVersion);
        Append(row.Path, statistics, flags, row.PartitionValues is null ? null : ToMap(row.PartitionValues), row.Size, row.ModificationTime, extra);
    }

    public override void OnRemoveRow(in RemoveFileRow row) =>
        Append(row.Path, default, RowFlags.None, null, 0, 0, new FileExtras(row.DeletionVector, null, null, null));

    /// <summary>An add delivered as an object (not by the JSON decoder): recorded the same way, statistics as stored.</summary>
    public override void OnAdd(AddFile add)
    {
        RowFlags flags = RowFlags.Add | (add.DataChange ? RowFlags.DataChange : RowFlags.None);
        if (add.TryGetStoredStats(out ReadOnlySpan<byte> statistics, out bool escaped))
        {
            flags |= RowFlags.HasStatistics | (escaped ? RowFlags.StatisticsEscaped : RowFlags.None);
        }
        var extra = new FileExtras(add.DeletionVector, add.Tags is { Count: > 0 } ? add.Tags : null, add.BaseRowId, add.DefaultRowCommitVersion);
        Append(Encoding.UTF8.GetBytes(add.Path), statistics, flags, ToMap(add.PartitionValues), add.Size, add.ModificationTime, extra);
    }

    /// <summary>A remove delivered as an object (not by the JSON decoder).</summary>
    public override void OnRemove(RemoveFile remove) =>
        Append(Encoding.UTF8.GetBytes(remove.Path), default, RowFlags.None, null, 0, 0, new FileExtras(remove.DeletionVector, null, null, null));

    public override void OnMetadata(DeltaMetadata metadata) => others.Add(metadata);

    public override void OnProtocol(DeltaProtocol protocol) => others.Add(protocol);

    public override void OnTransaction(SetTransaction transaction) => others.Add(transaction);

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => others.Add(domainMetadata);

    public override void OnCommitInfo(CommitInfo commitInfo) => others.Add(commitInfo);

    public override void OnCheckpointMetadata(long version) => others.Add(RecordedAction.CheckpointMetadata(version));

    public override void OnSidecar(SidecarFile sidecar) => others.Add(sidecar);

    /// <summary>Gives back the unused tail of the last slab when most of it is unused (a small commit in a slab sized
    /// for its file). Call once, when the file is decoded.</summary>
    public void Complete()
    {
        if (currentSlab >= 0 && used < slabs[currentSlab].Length / 2)
        {
            byte[] trimmed = GC.AllocateUninitializedArray<byte>(used, pinned: true);
            slabs[currentSlab].AsSpan(0, used).CopyTo(trimmed);
            slabs[currentSlab] = trimmed;
        }
        currentSlab = -1;
    }

    private void Append(ReadOnlySpan<byte> path, ReadOnlySpan<byte> statistics, RowFlags flags, PartitionValueMap? partitionValues, long size, long modificationTime, in FileExtras extra)
    {
        // Room for the canonical key too when the path may have one (it is never longer than the path); the part
        // not needed is given back.
        bool mayDiffer = FileKeys.MayDiffer(path);
        int reserved = path.Length + (mayDiffer ? path.Length : 0) + statistics.Length;
        int slabIndex = Reserve(reserved, out int offset);
        Span<byte> target = slabs[slabIndex].AsSpan(offset, reserved);
        path.CopyTo(target);
        int keyLength = mayDiffer ? Math.Max(FileKeys.CanonicalPath(path, target.Slice(path.Length, path.Length)), 0) : 0;
        int total = path.Length + keyLength + statistics.Length;
        statistics.CopyTo(target.Slice(path.Length + keyLength));
        if (total < reserved && slabIndex == currentSlab)
        {
            used -= reserved - total;
        }
        if (count == rows.Length)
        {
            Row[] larger = NewRows(count * 2);
            rows.AsSpan(0, count).CopyTo(larger);
            rows = larger;
        }
        ref Row row = ref rows[count++];
        ReadOnlySpan<byte> key = keyLength == 0 ? target.Slice(0, path.Length) : target.Slice(path.Length, keyLength);
        row.Hash = FileKeys.Hash(key, extra.DeletionVector?.UniqueId);
        row.Slab = slabIndex;
        row.PathStart = offset;
        row.PathLength = path.Length;
        row.KeyLength = keyLength;
        row.StatisticsLength = statistics.Length;
        row.Size = size;
        row.ModificationTime = modificationTime;
        row.Flags = flags;
        row.Partition = PartitionIndex(partitionValues);
        if (extra.Any)
        {
            row.Extra = extras.Count;
            extras.Add(extra);
        }
        else
        {
            row.Extra = -1;
        }
    }

    private int PartitionIndex(PartitionValueMap? map)
    {
        if (map is null || map.Count == 0)
        {
            return -1;
        }
        if (!ReferenceEquals(map, lastMap))
        {
            partitionMaps.Add(map);
            lastMap = map;
        }
        return partitionMaps.Count - 1;
    }

    /// <summary>Finds room for <paramref name="length"/> bytes; returns the slab index and the offset in it.</summary>
    private int Reserve(int length, out int offset)
    {
        if (length > slabSize / 4)
        {
            // A large value gets an array of its own so that a slab never wastes more than a quarter.
            slabs.Add(GC.AllocateUninitializedArray<byte>(length, pinned: true));
            offset = 0;
            return slabs.Count - 1;
        }
        if (currentSlab < 0 || slabs[currentSlab].Length - used < length)
        {
            slabs.Add(GC.AllocateUninitializedArray<byte>(slabSize, pinned: true));
            currentSlab = slabs.Count - 1;
            used = 0;
        }
        offset = used;
        used += length;
        return currentSlab;
    }

    private static Row[] NewRows(int capacity) => GC.AllocateUninitializedArray<Row>(capacity, pinned: true);

    private static PartitionValueMap? ToMap(IReadOnlyDictionary<string, string?> map)
    {
        if (map is PartitionValueMap shared)
        {
            return shared;
        }
        if (map.Count == 0)
        {
            return null;
        }
        var keys = new string[map.Count];
        var values = new string?[map.Count];
        int i = 0;
        foreach (KeyValuePair<string, string?> kv in map)
        {
            keys[i] = kv.Key;
            values[i] = kv.Value;
            i++;
        }
        return new PartitionValueMap(keys, values);
    }
}
