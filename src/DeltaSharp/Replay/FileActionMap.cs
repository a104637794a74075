using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.Intrinsics.X86;
using DeltaSharp.Actions;
using DeltaSharp.State;

namespace DeltaSharp.Replay;

/// <summary>
/// Reconciliation of the file actions of a sequence of commits (PROTOCOL.md "Action Reconciliation"), keyed by bytes:
/// for every (canonical path, DV unique id) the latest action wins; a remove is a tombstone that stays in the map so
/// that it shadows the base's (checkpoint's or prior snapshot's) entry for the same key. Open addressing (linear
/// probing) over slots that reference rows of the applied <see cref="CommitFileBatch"/>es: no string and no object per
/// key. The winning add of a key carries the <see cref="CommitFileBatch.RowFlags.Live"/> bit; everything else is dead.
/// Writes (<see cref="Apply"/>) from one thread; once the commits are applied, <see cref="Decides(ReadOnlySpan{byte}, string)"/> may be called from several threads at once.
/// </summary>
internal sealed class FileActionMap : IDecidedFileKeys
{
    /// <summary>Bytes per file action assumed when sizing the map from the size of the log (an add with statistics
    /// takes 300-500 bytes, a remove about 170): a log of lighter lines grows the map once or twice.</summary>
    private const int EstimatedBytesPerAction = 400;

    private const int MinSlots = 256;

    /// <summary>The largest table allocated up front (the map still grows beyond it when needed).</summary>
    private const int MaxInitialSlots = 1 << 24;

    private readonly List<CommitFileBatch> batches = new();
    private Slot[] slots;
    private int count;

    /// <param name="replayBytes">The total size of the files whose batches will be applied (0 when unknown): the table
    /// starts with room for about <c>replayBytes / 400</c> keys at most half full, so a large replay does not rehash
    /// the whole table repeatedly.</param>
    public FileActionMap(long replayBytes = 0)
    {
        long expectedKeys = Math.Max(replayBytes, 0) / EstimatedBytesPerAction;
        long wanted = Math.Clamp(expectedKeys * 2, MinSlots, MaxInitialSlots);
        slots = new Slot[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)wanted)];
    }

    /// <summary>One key: its hash and the row that decided it last (<see cref="Batch"/> is the batch index + 1; 0 is
    /// an empty slot).</summary>
    private struct Slot
    {
        public int Hash;
        public int Batch;
        public int Row;
    }

    /// <summary>Number of keys decided (adds and tombstones).</summary>
    public int Count => count;

    /// <summary>Number of keys whose latest action is an add (the files the commits contribute).</summary>
    public int SurvivorCount { get; private set; }

    /// <summary>Applies a batch's file actions in file order. The map keeps the batch (its rows are referenced).</summary>
    public void Apply(CommitFileBatch batch)
    {
        int rows = batch.Count;
        if (rows == 0)
        {
            return;
        }
        batches.Add(batch);
        // Room for every row of the batch up front (at most half full), so the table does not move during the loop.
        while ((long)(count + rows) * 2 > slots.Length)
        {
            Grow();
        }
        ApplyRows(batch, batches.Count);
    }

    /// <summary>How many rows ahead the slot of a row is prefetched: a large table misses the cache on almost every
    /// probe, and the hashes are known in advance (computed while decoding).</summary>
    private const int PrefetchDistance = 8;

    private unsafe void ApplyRows(CommitFileBatch batch, int batchNumber)
    {
        int rows = batch.Count;
        Slot[] table = slots;
        int mask = table.Length - 1;
        fixed (Slot* first = table)
        {
            for (int r = 0; r < rows; r++)
            {
                if (Sse.IsSupported && r + PrefetchDistance < rows)
                {
                    Sse.Prefetch0(first + (batch.RowAt(r + PrefetchDistance).Hash & mask));
                }
                ref CommitFileBatch.Row row = ref batch.RowAt(r);
                int i = row.Hash & mask;
                while (true)
                {
                    ref Slot slot = ref table[i];
                    if (slot.Batch == 0)
                    {
                        slot.Hash = row.Hash;
                        slot.Batch = batchNumber;
                        slot.Row = r;
                        count++;
                        break;
                    }
                    if (slot.Hash == row.Hash && SameKey(batches[slot.Batch - 1], slot.Row, batch, r))
                    {
                        ref CommitFileBatch.Row previous = ref batches[slot.Batch - 1].RowAt(slot.Row);
                        if ((previous.Flags & CommitFileBatch.RowFlags.Live) != 0)
                        {
                            previous.Flags &= ~CommitFileBatch.RowFlags.Live;
                            SurvivorCount--;
                        }
                        slot.Batch = batchNumber;
                        slot.Row = r;
                        break;
                    }
                    i = (i + 1) & mask;
                }
                if ((row.Flags & CommitFileBatch.RowFlags.Add) != 0)
                {
                    row.Flags |= CommitFileBatch.RowFlags.Live;
                    SurvivorCount++;
                }
            }
        }
    }

    /// <summary>True when a commit decided the key (<paramref name="logPathUtf8"/> as written in the log: JSON-unescaped,
    /// percent-encoded; <paramref name="deletionVectorId"/> the DV's unique id or null).</summary>
    public bool Decides(ReadOnlySpan<byte> logPathUtf8, string? deletionVectorId)
    {
        if (count == 0)
        {
            return false;
        }
        if (!FileKeys.MayDiffer(logPathUtf8))
        {
            return Find(logPathUtf8, deletionVectorId);
        }
        byte[]? rented = logPathUtf8.Length > 512 ? ArrayPool<byte>.Shared.Rent(logPathUtf8.Length) : null;
        try
        {
            Span<byte> canonical = rented ?? stackalloc byte[512];
            int length = FileKeys.CanonicalPath(logPathUtf8, canonical);
            return Find(length < 0 ? logPathUtf8 : canonical[..length], deletionVectorId);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Appends the surviving adds (the latest action of their key is an add) to <paramref name="files"/> in log order
    /// of the winning add, without an object per file: a batch slab that is mostly live is adopted by the builder as
    /// is (rows reference its bytes), the live rows of a mostly dead slab are copied so the snapshot does not keep the
    /// dead bytes alive.
    /// </summary>
    public void AppendSurvivors(FileTableBuilder files)
    {
        var scratch = new SurvivorScratch();
        foreach (CommitFileBatch batch in batches)
        {
            // One call per batch (rather than one long loop over all of them): the per-batch method is called often
            // enough to be tiered up normally instead of running the whole first load in on-stack-replaced code.
            AppendSurvivors(batch, files, ref scratch);
        }
    }

    /// <summary>Per-slab scratch arrays reused across the batches of one <see cref="AppendSurvivors(FileTableBuilder)"/>.</summary>
    private struct SurvivorScratch
    {
        public long[]? LiveBytesOfSlab;
        public int[]? ChunkOfSlab;
    }

    private static void AppendSurvivors(CommitFileBatch batch, FileTableBuilder files, ref SurvivorScratch scratch)
    {
        int slabCount = batch.SlabCount;
        if (scratch.LiveBytesOfSlab is null || slabCount > scratch.LiveBytesOfSlab.Length)
        {
            scratch.LiveBytesOfSlab = new long[Math.Max(slabCount, 8)];
            scratch.ChunkOfSlab = new int[Math.Max(slabCount, 8)];
        }
        Span<long> liveBytes = scratch.LiveBytesOfSlab.AsSpan(0, slabCount);
        liveBytes.Clear();
        for (int r = 0; r < batch.Count; r++)
        {
            ref CommitFileBatch.Row row = ref batch.RowAt(r);
            if (row.IsLive)
            {
                liveBytes[row.Slab] += row.PathLength + row.StatisticsLength;
            }
        }
        Span<int> chunkOfSlab = scratch.ChunkOfSlab.AsSpan(0, slabCount);
        for (int s = 0; s < slabCount; s++)
        {
            // -1: not adopted yet; -2: copy the live rows of this slab.
            chunkOfSlab[s] = liveBytes[s] * 2 >= batch.Slab(s).Length ? -1 : -2;
        }
        for (int r = 0; r < batch.Count; r++)
        {
            ref CommitFileBatch.Row row = ref batch.RowAt(r);
            if (!row.IsLive)
            {
                continue;
            }
            bool hasStatistics = (row.Flags & CommitFileBatch.RowFlags.HasStatistics) != 0;
            bool escaped = (row.Flags & CommitFileBatch.RowFlags.StatisticsEscaped) != 0;
            bool dataChange = (row.Flags & CommitFileBatch.RowFlags.DataChange) != 0;
            FileExtras extra = batch.Extras(in row);
            if (chunkOfSlab[row.Slab] == -2)
            {
                files.Append(new AddFileRow
                {
                    Path = batch.Path(in row),
                    PartitionValues = batch.PartitionValues(in row),
                    Size = row.Size,
                    ModificationTime = row.ModificationTime,
                    DataChange = dataChange,
                    HasStatistics = hasStatistics,
                    Statistics = batch.Statistics(in row),
                    StatisticsEscaped = escaped,
                    Tags = extra.Tags,
                    DeletionVector = extra.DeletionVector,
                    BaseRowId = extra.BaseRowId,
                    DefaultRowCommitVersion = extra.DefaultRowCommitVersion,
                });
                continue;
            }
            if (chunkOfSlab[row.Slab] == -1)
            {
                chunkOfSlab[row.Slab] = files.AdoptChunk(batch.Slab(row.Slab));
            }
            int chunk = chunkOfSlab[row.Slab];
            files.AppendRaw(
                FileTableBuilder.Reference(chunk, row.PathStart),
                row.PathLength,
                hasStatistics,
                hasStatistics ? FileTableBuilder.Reference(chunk, row.StatisticsStart) : 0,
                row.StatisticsLength,
                hasStatistics && escaped,
                files.PartitionIndexOf(batch.PartitionValues(in row)),
                row.Size,
                row.ModificationTime,
                dataChange,
                in extra);
        }
    }

    private bool Find(ReadOnlySpan<byte> key, string? deletionVectorId)
    {
        int hash = FileKeys.Hash(key, deletionVectorId);
        Slot[] table = slots;
        int mask = table.Length - 1;
        int i = hash & mask;
        while (true)
        {
            Slot slot = table[i];
            if (slot.Batch == 0)
            {
                return false;
            }
            if (slot.Hash == hash)
            {
                CommitFileBatch batch = batches[slot.Batch - 1];
                ref CommitFileBatch.Row row = ref batch.RowAt(slot.Row);
                if (batch.Key(in row).SequenceEqual(key) && string.Equals(batch.DeletionVectorId(in row), deletionVectorId, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            i = (i + 1) & mask;
        }
    }

    private static bool SameKey(CommitFileBatch a, int rowA, CommitFileBatch b, int rowB)
    {
        ref CommitFileBatch.Row x = ref a.RowAt(rowA);
        ref CommitFileBatch.Row y = ref b.RowAt(rowB);
        return a.Key(in x).SequenceEqual(b.Key(in y)) &&
            string.Equals(a.DeletionVectorId(in x), b.DeletionVectorId(in y), StringComparison.Ordinal);
    }

    private void Grow()
    {
        var larger = new Slot[slots.Length * 2];
        int mask = larger.Length - 1;
        foreach (Slot slot in slots)
        {
            if (slot.Batch == 0)
            {
                continue;
            }
            int i = slot.Hash & mask;
            while (larger[i].Batch != 0)
            {
                i = (i + 1) & mask;
            }
            larger[i] = slot;
        }
        slots = larger;
    }
}
