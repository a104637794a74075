using System.Collections.Generic;

namespace DeltaSharp.Parquet.Pages;

/// <summary>The rows of one row group kept by page-index filtering: ascending, disjoint, non-empty ranges
/// [Start, End), and the page indexes (by leaf ordinal) available for skipping pages.</summary>
internal sealed class RowGroupSelection
{
    public RowGroupSelection(IReadOnlyList<(long Start, long End)> ranges, IReadOnlyDictionary<int, PageIndex> pageIndexes)
    {
        Ranges = ranges;
        PageIndexes = pageIndexes;
    }

    public IReadOnlyList<(long Start, long End)> Ranges { get; }

    public IReadOnlyDictionary<int, PageIndex> PageIndexes { get; }

    /// <summary>Rows kept.</summary>
    public long RowCount
    {
        get
        {
            long total = 0;
            foreach ((long start, long end) in Ranges)
            {
                total += end - start;
            }
            return total;
        }
    }
}
