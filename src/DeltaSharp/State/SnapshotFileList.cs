using System;
using System.Collections;
using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.State;

/// <summary>
/// <see cref="DeltaSnapshot.Files"/>: a read-only list over the snapshot's <see cref="FileTable"/> that materialises
/// an <see cref="AddFile"/> on each access (a new, equal, immutable instance every time; O(1) indexer; enumeration in
/// table order). Thread-safe.
/// </summary>
internal sealed class SnapshotFileList : IReadOnlyList<AddFile>
{
    private readonly FileTable table;

    public SnapshotFileList(FileTable table)
    {
        this.table = table;
    }

    public AddFile this[int index] => (uint)index < (uint)table.Count
        ? table.ToAddFile(index)
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [0, {table.Count})");

    public int Count => table.Count;

    public IEnumerator<AddFile> GetEnumerator()
    {
        for (int i = 0; i < table.Count; i++)
        {
            yield return table.ToAddFile(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
