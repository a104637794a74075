using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// Reconciliation of the file actions of a sequence of commits (PROTOCOL.md "Action Reconciliation"), keyed by bytes:
/// for every (canonical path, DV unique id) the latest action wins; a remove is a tombstone that stays in the map so
/// that it shadows the base's (checkpoint's or prior snapshot's) entry for the same key. Open addressing (linear
/// probing) over slots that reference rows of the applied <see cref="CommitFileBatch"/>es: no string and no object per
/// key. The winning add of a key carries the <see cref="CommitFileBatch.RowFlags.Live"/> bit; everything else is dead.
/// Writes (<see cref="Apply"/>) from one thread; once the commits are applied, <see cref="Decides(AddFile)"/> and
/// <see cref="Decides(ReadOnlySpan{byte}, string)"/> may be called from several threads at once.
/// </summary>
internal sealed class FileActionMap
{
    private readonly List<CommitFileBatch> batches = new();
    private Slot[] slots = new Slot[256];
    private int count;

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
        if (batch.Count == 0)
        {
            return;
        }
        batches.Add(batch);
        int batchNumber = batches.Count;
        for (int r = 0; r < batch.Count; r++)
        {
            if ((count + 1) * 2 > slots.Length)
            {
                Grow();
            }
            ref CommitFileBatch.Row row = ref batch.RowAt(r);
            bool isAdd = (row.Flags & CommitFileBatch.RowFlags.Add) != 0;
            int mask = slots.Length - 1;
            int i = row.Hash & mask;
            while (true)
            {
                ref Slot slot = ref slots[i];
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
            if (isAdd)
            {
                row.Flags |= CommitFileBatch.RowFlags.Live;
                SurvivorCount++;
            }
        }
    }

    /// <summary>True when a commit decided the key of <paramref name="add"/> (a base file): the base entry is shadowed.</summary>
    public bool Decides(AddFile add)
    {
        if (count == 0)
        {
            return false;
        }
        string decoded = FilePaths.Decode(add.Path);
        string? dvId = add.DeletionVector?.UniqueId;
        int max = Encoding.UTF8.GetMaxByteCount(decoded.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int written = Encoding.UTF8.GetBytes(decoded, buffer);
            return Find(buffer[..written], dvId);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
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
        byte[]? decoded = FileKeys.DecodedPath(logPathUtf8);
        return Find(decoded ?? logPathUtf8, deletionVectorId);
    }

    /// <summary>Appends the surviving adds (the latest action of their key is an add) in log order.</summary>
    public void AppendSurvivors(List<AddFile> files)
    {
        foreach (CommitFileBatch batch in batches)
        {
            for (int r = 0; r < batch.Count; r++)
            {
                if ((batch.RowAt(r).Flags & CommitFileBatch.RowFlags.Live) != 0)
                {
                    files.Add(batch.ToAddFile(r));
                }
            }
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
                if (batch.Key(in row).SequenceEqual(key) && string.Equals(row.Extras?.DeletionVector?.UniqueId, deletionVectorId, StringComparison.Ordinal))
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
            string.Equals(x.Extras?.DeletionVector?.UniqueId, y.Extras?.DeletionVector?.UniqueId, StringComparison.Ordinal);
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
