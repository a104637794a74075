using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Sources;

namespace DeltaSharp.Parquet.Pages;

/// <summary>
/// Applies a row-group filter at page granularity using the page index (see
/// <see cref="ParquetReaderOptions.UsePageIndex"/>): the row group is cut at the page boundaries of the columns
/// the filter looked at, each range is offered to the filter with those pages' statistics, and the rejected ranges
/// are dropped.
/// </summary>
internal static class PageIndexSelector
{
    /// <summary>Largest ColumnIndex/OffsetIndex read; a larger declared length is ignored (not allocated).</summary>
    private const int MaxIndexBytes = 64 << 20;

    /// <summary>Returns the kept ranges of row group <paramref name="rowGroupIndex"/>, or null when the page index
    /// prunes nothing (no page index on the filter's columns, or every range kept).</summary>
    public static async ValueTask<RowGroupSelection?> SelectAsync(
        IParquetSource source, ParquetFileMetaData metadata, ParquetSchema schema, int rowGroupIndex,
        Func<ParquetRowGroupInfo, bool> filter, IReadOnlyCollection<int> filterLeaves, IReadOnlyList<int> projectedLeaves,
        CancellationToken cancellationToken)
    {
        ParquetRowGroup rowGroup = metadata.RowGroups[rowGroupIndex];
        long rows = rowGroup.NumRows;
        if (filterLeaves.Count == 0 || rows <= 0)
        {
            return null;
        }
        Dictionary<int, PageIndex> indexes = await ReadIndexesAsync(source, schema, rowGroupIndex, rowGroup, filterLeaves, projectedLeaves, cancellationToken).ConfigureAwait(false);
        List<int> statLeaves = [];
        SortedSet<long> boundaries = [rows];
        foreach (int leaf in filterLeaves)
        {
            if (indexes.TryGetValue(leaf, out PageIndex? index) && index.HasColumnIndex)
            {
                statLeaves.Add(leaf);
                foreach (PageLocation location in index.Locations)
                {
                    boundaries.Add(location.FirstRowIndex);
                }
            }
        }
        if (statLeaves.Count == 0)
        {
            return null;
        }
        ParquetStatistics?[] pageStatistics = new ParquetStatistics?[schema.Leaves.Count];
        int[] pages = new int[statLeaves.Count];
        List<(long Start, long End)> kept = [];
        long start = 0;
        foreach (long end in boundaries)
        {
            if (end == 0)
            {
                continue;
            }
            for (int s = 0; s < statLeaves.Count; s++)
            {
                PageIndex index = indexes[statLeaves[s]];
                while (pages[s] + 1 < index.Locations.Length && index.Locations[pages[s] + 1].FirstRowIndex <= start)
                {
                    pages[s]++;
                }
                pageStatistics[statLeaves[s]] = index.PageStatistics(pages[s]);
            }
            bool keep = filter(new ParquetRowGroupInfo(rowGroupIndex, rowGroup, schema, metadata, pageStatistics, end - start));
            if (keep)
            {
                if (kept.Count > 0 && kept[^1].End == start)
                {
                    kept[^1] = (kept[^1].Start, end);
                }
                else
                {
                    kept.Add((start, end));
                }
            }
            start = end;
        }
        if (kept.Count == 1 && kept[0] == (0, rows))
        {
            return null;
        }
        Dictionary<int, PageIndex> projected = [];
        foreach (int leaf in projectedLeaves)
        {
            if (indexes.TryGetValue(leaf, out PageIndex? index))
            {
                projected[leaf] = index;
            }
        }
        return new RowGroupSelection(kept, projected);
    }

    private static async ValueTask<Dictionary<int, PageIndex>> ReadIndexesAsync(
        IParquetSource source, ParquetSchema schema, int rowGroupIndex, ParquetRowGroup rowGroup,
        IReadOnlyCollection<int> filterLeaves, IReadOnlyList<int> projectedLeaves, CancellationToken cancellationToken)
    {
        HashSet<int> withStatistics = [.. filterLeaves];
        SortedSet<int> wanted = [.. filterLeaves, .. projectedLeaves];
        List<int> leaves = [];
        List<(long Offset, long Length)> ranges = [];
        foreach (int leaf in wanted)
        {
            ParquetColumnChunk chunk = rowGroup.Columns[leaf];
            if (chunk.OffsetIndexOffset is not long oiOffset || chunk.OffsetIndexLength is not int oiLength || oiOffset < 0 || oiLength <= 0 || oiLength > MaxIndexBytes)
            {
                continue;
            }
            leaves.Add(leaf);
            ranges.Add((oiOffset, oiLength));
            if (withStatistics.Contains(leaf) && chunk.ColumnIndexOffset is long ciOffset && chunk.ColumnIndexLength is int ciLength && ciOffset >= 0 && ciLength > 0 && ciLength <= MaxIndexBytes)
            {
                ranges.Add((ciOffset, ciLength));
            }
            else
            {
                ranges.Add((oiOffset, 0));
            }
        }
        Dictionary<int, PageIndex> result = [];
        if (leaves.Count == 0)
        {
            return result;
        }
        ReadOnlyMemory<byte>[] buffers;
        try
        {
            buffers = await RangeCoalescer.ReadAsync(source, ranges, cancellationToken).ConfigureAwait(false);
        }
        catch (ParquetFormatException e) when (e.FilePath is null)
        {
            throw e.WithLocation(source.Description, rowGroupIndex);
        }
        for (int i = 0; i < leaves.Count; i++)
        {
            try
            {
                if (PageIndex.Decode(buffers[2 * i].Span, buffers[(2 * i) + 1].Span, rowGroup.NumRows) is { } index)
                {
                    result[leaves[i]] = index;
                }
            }
            catch (ParquetFormatException e)
            {
                throw new ParquetFormatException("the page index is malformed: " + e.Detail, source.Description, rowGroupIndex, schema.Leaves[leaves[i]].DottedPath, null, e);
            }
        }
        return result;
    }
}
