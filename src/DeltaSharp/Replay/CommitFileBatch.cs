using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// The actions of one commit (or compaction) file recorded columnar, so that the file can be decoded on another
/// thread while earlier files are applied, without a managed object per file action: each add/remove is a
/// <see cref="Row"/> struct whose path, canonical key (only when percent-decoding changes it) and raw escaped
/// statistics are copied together into shared byte slabs, with the key's hash computed here (on the decoding thread).
/// The rare actions (protocol, metaData, txn, domainMetadata, commitInfo, sidecar, checkpointMetadata) are kept as
/// objects in file order. A <see cref="FileActionMap"/> then references rows by (batch, row) and flips their
/// <see cref="RowFlags.Live"/> bit as later actions shadow them. Not thread-safe: filled by one thread, then handed
/// over (a task completion) to the applying thread; rows are read-only afterwards except the live bit, which only
/// the map (one thread) changes.
/// </summary>
internal sealed class CommitFileBatch : ActionSink
{
    /// <summary>Slab size when the file size is unknown, and the largest slab (bigger files use several).</summary>
    private const int MaxSlabSize = 1 << 20;

    private const int MinSlabSize = 4096;

    private readonly bool wantsStatistics;
    private readonly int slabSize;
    private readonly List<byte[]> slabs = new();
    private readonly List<object> others = new();
    private int currentSlab = -1;
    private int used;
    private Row[] rows = new Row[16];
    private int count;

    /// <param name="wantsStatistics">Keep add statistics.</param>
    /// <param name="sizeHint">The file's size in bytes as listed (0 when unknown): paths and statistics never take
    /// more than the file, so a file up to <see cref="MaxSlabSize"/> fills one slab without growing.</param>
    public CommitFileBatch(bool wantsStatistics, long sizeHint)
    {
        this.wantsStatistics = wantsStatistics;
        slabSize = sizeHint <= 0 ? MaxSlabSize : (int)Math.Clamp(sizeHint, MinSlabSize, MaxSlabSize);
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

    /// <summary>One recorded add or remove. The path, key and statistics lie in slab <see cref="Slab"/>.</summary>
    public struct Row
    {
        public int Hash;
        public int Slab;
        public int PathStart;
        public int PathLength;
        public int KeyStart;
        public int KeyLength;
        public int StatisticsStart;
        public int StatisticsLength;
        public long Size;
        public long ModificationTime;
        public RowFlags Flags;
        public PartitionValueMap? PartitionValues;
        public FileRowExtras? Extras;
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsCommitInfo => true;

    /// <summary>Number of recorded file actions.</summary>
    public int Count => count;

    /// <summary>The rare actions in file order (delivered with <see cref="RecordedAction.Deliver"/>).</summary>
    public IReadOnlyList<object> OtherActions => others;

    /// <summary>The recorded row <paramref name="index"/> (by reference: the map flips its live bit).</summary>
    public ref Row RowAt(int index) => ref rows[index];

    /// <summary>The canonical key bytes of a row.</summary>
    public ReadOnlySpan<byte> Key(in Row row) => new(slabs[row.Slab], row.KeyStart, row.KeyLength);

    /// <summary>The path of a row as written in the log (UTF-8).</summary>
    public ReadOnlySpan<byte> Path(in Row row) => new(slabs[row.Slab], row.PathStart, row.PathLength);

    public override void OnAddRow(in AddFileRow row)
    {
        RowFlags flags = RowFlags.Add | (row.DataChange ? RowFlags.DataChange : RowFlags.None);
        ReadOnlySpan<byte> statistics = default;
        if (row.HasStatistics)
        {
            statistics = row.Statistics;
            flags |= RowFlags.HasStatistics | (row.StatisticsEscaped ? RowFlags.StatisticsEscaped : RowFlags.None);
        }
        Append(row.Path, statistics, flags, row.PartitionValues, row.Size, row.ModificationTime, FileRowExtras.Create(row.Tags, row.DeletionVector, row.BaseRowId, row.DefaultRowCommitVersion));
    }

    public override void OnRemoveRow(in RemoveFileRow row)
    {
        Append(row.Path, default, RowFlags.None, null, 0, 0, row.DeletionVector is null ? null : new FileRowExtras(null, row.DeletionVector, null, null));
    }

    /// <summary>An add delivered as an object (not by the JSON decoder): recorded the same way, statistics unescaped.</summary>
    public override void OnAdd(AddFile add)
    {
        RowFlags flags = RowFlags.Add | (add.DataChange ? RowFlags.DataChange : RowFlags.None);
        ReadOnlySpan<byte> statistics = add.StatsUtf8;
        if (!statistics.IsEmpty || add.StatsJson is not null)
        {
            flags |= RowFlags.HasStatistics;
        }
        var pv = add.PartitionValues as PartitionValueMap ?? ToMap(add.PartitionValues);
        Append(Encoding.UTF8.GetBytes(add.Path), statistics, flags, pv, add.Size, add.ModificationTime, FileRowExtras.Create(add.Tags is null ? null : ToMap(add.Tags), add.DeletionVector, add.BaseRowId, add.DefaultRowCommitVersion));
    }

    /// <summary>A remove delivered as an object (not by the JSON decoder).</summary>
    public override void OnRemove(RemoveFile remove)
    {
        Append(Encoding.UTF8.GetBytes(remove.Path), default, RowFlags.None, null, 0, 0, remove.DeletionVector is null ? null : new FileRowExtras(null, remove.DeletionVector, null, null));
    }

    public override void OnMetadata(DeltaMetadata metadata) => others.Add(metadata);

    public override void OnProtocol(DeltaProtocol protocol) => others.Add(protocol);

    public override void OnTransaction(SetTransaction transaction) => others.Add(transaction);

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => others.Add(domainMetadata);

    public override void OnCommitInfo(CommitInfo commitInfo) => others.Add(commitInfo);

    public override void OnCheckpointMetadata(long version) => others.Add(RecordedAction.CheckpointMetadata(version));

    public override void OnSidecar(SidecarFile sidecar) => others.Add(sidecar);

    /// <summary>Gives back the unused tail of the last slab when most of it is unused (a small commit in a slab sized
    /// for its file). Call once the file is decoded.</summary>
    public void Complete()
    {
        if (currentSlab >= 0 && used < slabs[currentSlab].Length / 2)
        {
            slabs[currentSlab] = slabs[currentSlab].AsSpan(0, used).ToArray();
        }
        currentSlab = -1;
    }

    /// <summary>Materialises row <paramref name="index"/> (an add) as an <see cref="AddFile"/> whose statistics are a
    /// slice of this batch's slab (kept escaped, unescaped on first use).</summary>
    public AddFile ToAddFile(int index)
    {
        ref Row row = ref rows[index];
        byte[] slab = slabs[row.Slab];
        bool hasStatistics = (row.Flags & RowFlags.HasStatistics) != 0;
        FileRowExtras? extras = row.Extras;
        return new AddFile(
            Encoding.UTF8.GetString(slab, row.PathStart, row.PathLength),
            row.PartitionValues ?? PartitionValueMap.Empty,
            row.Size,
            row.ModificationTime,
            (row.Flags & RowFlags.DataChange) != 0,
            hasStatistics ? slab : null,
            row.StatisticsStart,
            row.StatisticsLength,
            (row.Flags & RowFlags.StatisticsEscaped) != 0,
            extras?.Tags,
            extras?.DeletionVector,
            extras?.BaseRowId,
            extras?.DefaultRowCommitVersion);
    }

    private void Append(ReadOnlySpan<byte> path, ReadOnlySpan<byte> statistics, RowFlags flags, PartitionValueMap? partitionValues, long size, long modificationTime, FileRowExtras? extras)
    {
        byte[]? decoded = FileKeys.DecodedPath(path);
        int keyLength = decoded?.Length ?? path.Length;
        int total = path.Length + (decoded?.Length ?? 0) + statistics.Length;
        int slabIndex = Reserve(total, out int offset);
        Span<byte> target = slabs[slabIndex].AsSpan(offset, total);
        path.CopyTo(target);
        int keyStart = offset;
        int statisticsStart = offset + path.Length;
        if (decoded is not null)
        {
            decoded.CopyTo(target.Slice(path.Length));
            keyStart = statisticsStart;
            statisticsStart += decoded.Length;
        }
        statistics.CopyTo(target.Slice(statisticsStart - offset));
        if (count == rows.Length)
        {
            Array.Resize(ref rows, count * 2);
        }
        ref Row row = ref rows[count++];
        row.Hash = FileKeys.Hash(target.Slice(keyStart - offset, keyLength), extras?.DeletionVector?.UniqueId);
        row.Slab = slabIndex;
        row.PathStart = offset;
        row.PathLength = path.Length;
        row.KeyStart = keyStart;
        row.KeyLength = keyLength;
        row.StatisticsStart = statisticsStart;
        row.StatisticsLength = statistics.Length;
        row.Size = size;
        row.ModificationTime = modificationTime;
        row.Flags = flags;
        row.PartitionValues = partitionValues;
        row.Extras = extras;
    }

    /// <summary>Finds room for <paramref name="length"/> bytes; returns the slab index and the offset in it.</summary>
    private int Reserve(int length, out int offset)
    {
        if (length > slabSize / 4)
        {
            // A large value gets an array of its own so that a slab never wastes more than a quarter.
            slabs.Add(GC.AllocateUninitializedArray<byte>(length));
            offset = 0;
            return slabs.Count - 1;
        }
        if (currentSlab < 0 || slabs[currentSlab].Length - used < length)
        {
            slabs.Add(GC.AllocateUninitializedArray<byte>(slabSize));
            currentSlab = slabs.Count - 1;
            used = 0;
        }
        offset = used;
        used += length;
        return currentSlab;
    }

    private static PartitionValueMap ToMap(IReadOnlyDictionary<string, string?> map)
    {
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
