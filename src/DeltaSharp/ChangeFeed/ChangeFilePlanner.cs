using System;
using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.ChangeFeed;

/// <summary>
/// Decides which files of one commit hold its change rows (PROTOCOL.md "Change Data Files"; Spark's CDCReader; Delta
/// Kernel's table_changes). Pure: a function of the commit's actions.
/// <list type="bullet">
/// <item>A commit with <c>cdc</c> actions: exactly its change data files; its add/remove actions are ignored.</item>
/// <item>Otherwise every <c>add</c> with <c>dataChange=true</c> gives inserts and every <c>remove</c> with
/// <c>dataChange=true</c> gives deletes (the rows of the removed file that were live). Actions with
/// <c>dataChange=false</c> (OPTIMIZE, compaction) give nothing.</item>
/// <item>An add and a remove of the same path (a deletion vector update) give only the rows whose deletion status
/// changed: a <see cref="ChangeFileKind.DeletionVectorUpdate"/>; when both vectors are the same, nothing.</item>
/// </list>
/// Files are returned in path order (deletes before inserts for equal paths).
/// </summary>
internal static class ChangeFilePlanner
{
    public static List<ChangeFile> Plan(CommitChanges commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var result = new List<ChangeFile>();
        if (commit.ChangeDataFiles.Count > 0)
        {
            foreach (AddCdcFile cdc in commit.ChangeDataFiles)
            {
                result.Add(new ChangeFile(ChangeFileKind.ChangeData, cdc.Path, cdc.PartitionValues, cdc.Size, null, null));
            }
            Sort(result);
            return result;
        }
        var adds = new Dictionary<string, AddFile>(StringComparer.Ordinal);
        foreach (AddFile add in commit.Adds)
        {
            if (add.DataChange)
            {
                adds[FilePaths.Decode(add.Path)] = add;
            }
        }
        var paired = new Dictionary<string, RemoveFile>(StringComparer.Ordinal);
        foreach (RemoveFile remove in commit.Removes)
        {
            if (!remove.DataChange)
            {
                continue;
            }
            string key = FilePaths.Decode(remove.Path);
            if (adds.ContainsKey(key))
            {
                paired[key] = remove;
                continue;
            }
            result.Add(new ChangeFile(ChangeFileKind.Delete, remove.Path, remove.PartitionValues, remove.Size, remove.DeletionVector, null));
        }
        foreach (KeyValuePair<string, AddFile> entry in adds)
        {
            AddFile add = entry.Value;
            if (!paired.TryGetValue(entry.Key, out RemoveFile? remove))
            {
                result.Add(new ChangeFile(ChangeFileKind.Insert, add.Path, add.PartitionValues, add.Size, add.DeletionVector, null));
                continue;
            }
            if (string.Equals(add.DeletionVector?.UniqueId, remove.DeletionVector?.UniqueId, StringComparison.Ordinal))
            {
                // Re-added unchanged: no row changed its status.
                continue;
            }
            result.Add(new ChangeFile(ChangeFileKind.DeletionVectorUpdate, add.Path, add.PartitionValues, add.Size, add.DeletionVector, remove.DeletionVector));
        }
        Sort(result);
        return result;
    }

    /// <summary>
    /// Resolves a deletion vector update (rows are file row indexes, ascending, distinct): rows deleted before and not
    /// after are <paramref name="inserted"/> (restored); rows deleted after and not before are
    /// <paramref name="deleted"/>. Both outputs ascending.
    /// </summary>
    public static void ResolveDeletionVectorUpdate(ReadOnlySpan<long> deletedBefore, ReadOnlySpan<long> deletedAfter, List<long> inserted, List<long> deleted)
    {
        int i = 0;
        int j = 0;
        while (i < deletedBefore.Length || j < deletedAfter.Length)
        {
            if (j >= deletedAfter.Length || (i < deletedBefore.Length && deletedBefore[i] < deletedAfter[j]))
            {
                inserted.Add(deletedBefore[i++]);
            }
            else if (i >= deletedBefore.Length || deletedAfter[j] < deletedBefore[i])
            {
                deleted.Add(deletedAfter[j++]);
            }
            else
            {
                i++;
                j++;
            }
        }
    }

    private static void Sort(List<ChangeFile> files) => files.Sort(static (a, b) =>
    {
        int byPath = string.CompareOrdinal(a.Path, b.Path);
        return byPath != 0 ? byPath : ((int)b.Kind == (int)ChangeFileKind.Delete ? 1 : 0) - ((int)a.Kind == (int)ChangeFileKind.Delete ? 1 : 0);
    });
}
