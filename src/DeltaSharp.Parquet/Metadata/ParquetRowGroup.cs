using System.Collections.Generic;

namespace DeltaSharp.Parquet.Metadata;

/// <summary>A row group: one column chunk per leaf column, in schema leaf order. Immutable.</summary>
public sealed class ParquetRowGroup
{
    /// <summary>Column chunks in leaf order.</summary>
    public required IReadOnlyList<ParquetColumnChunk> Columns { get; init; }

    /// <summary>Total uncompressed byte size.</summary>
    public required long TotalByteSize { get; init; }

    /// <summary>Number of rows.</summary>
    public required long NumRows { get; init; }

    /// <summary>Sort order of the rows, when written.</summary>
    public IReadOnlyList<ParquetSortingColumn> SortingColumns { get; init; } = [];

    /// <summary>Offset of the first page.</summary>
    public long? FileOffset { get; init; }

    /// <summary>Total compressed size.</summary>
    public long? TotalCompressedSize { get; init; }

    /// <summary>Ordinal in the file.</summary>
    public short? Ordinal { get; init; }
}
