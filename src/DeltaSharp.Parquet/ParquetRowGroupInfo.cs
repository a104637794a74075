using System;
using System.Collections.Generic;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet;

/// <summary>A row group offered to <see cref="ParquetReaderOptions.RowGroupFilter"/>: its metadata and helpers that
/// decode per-column statistics. Valid only during the callback.</summary>
/// <remarks>With <see cref="ParquetReaderOptions.UsePageIndex"/>, the filter is also offered <em>row ranges</em>
/// of a row group: then <see cref="RowCount"/> is the range's row count and <see cref="GetStatistics"/> /
/// <see cref="TryGetMinMax"/> answer with the statistics of the page covering the range for columns that have a
/// page index (the row group's statistics otherwise); <see cref="RowGroup"/> stays the whole row group's
/// metadata.</remarks>
public sealed class ParquetRowGroupInfo
{
    private readonly ParquetStatistics?[]? _pageStatistics;
    private readonly long? _rangeRows;

    internal ParquetRowGroupInfo(int index, ParquetRowGroup rowGroup, ParquetSchema schema, ParquetFileMetaData file,
        ParquetStatistics?[]? pageStatistics = null, long? rangeRows = null, HashSet<int>? accessedLeaves = null)
    {
        Index = index;
        RowGroup = rowGroup;
        Schema = schema;
        File = file;
        _pageStatistics = pageStatistics;
        _rangeRows = rangeRows;
        AccessedLeaves = accessedLeaves;
    }

    /// <summary>When set, records the leaves whose statistics the filter asked for.</summary>
    internal HashSet<int>? AccessedLeaves { get; }

    /// <summary>Zero-based row group index.</summary>
    public int Index { get; }

    /// <summary>The row group's metadata.</summary>
    public ParquetRowGroup RowGroup { get; }

    /// <summary>The file's schema.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The file's metadata.</summary>
    public ParquetFileMetaData File { get; }

    /// <summary>Number of rows.</summary>
    public long RowCount => _rangeRows ?? RowGroup.NumRows;

    /// <summary>Statistics of the leaf column at <paramref name="dottedPath"/> (e.g. <c>a.b</c>); null when absent.</summary>
    public ParquetStatistics? GetStatistics(string dottedPath)
    {
        int leaf = FindLeaf(dottedPath);
        return leaf < 0 ? null : StatisticsOf(leaf);
    }

    /// <summary>
    /// Decodes the min and max of a leaf column to CLR values: <see cref="bool"/>, <see cref="int"/>,
    /// <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="string"/> (UTF-8 columns) or
    /// <c>byte[]</c> (other byte arrays). Uses min_value/max_value when the file declares a column order,
    /// else the legacy signed min/max only for types whose signed order is their natural order. Returns false when
    /// either bound is unavailable or untrustworthy (INT96, unsigned or decimal columns with legacy statistics).
    /// </summary>
    public bool TryGetMinMax(string dottedPath, out object? min, out object? max)
    {
        min = null;
        max = null;
        int leaf = FindLeaf(dottedPath);
        if (leaf < 0 || StatisticsOf(leaf) is not { } stats)
        {
            return false;
        }
        ParquetColumnOrder order = leaf < File.ColumnOrders.Count ? File.ColumnOrders[leaf] : ParquetColumnOrder.Undefined;
        return ParquetStatisticsDecoder.TryDecodeMinMax(stats, Schema.Leaves[leaf].Element, order, out min, out max);
    }

    private ParquetStatistics? StatisticsOf(int leaf) =>
        _pageStatistics is not null && _pageStatistics[leaf] is { } page ? page : RowGroup.Columns[leaf].MetaData?.Statistics;

    private int FindLeaf(string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        for (int i = 0; i < Schema.Leaves.Count; i++)
        {
            if (Schema.Leaves[i].DottedPath == dottedPath)
            {
                AccessedLeaves?.Add(i);
                return i;
            }
        }
        return -1;
    }
}
