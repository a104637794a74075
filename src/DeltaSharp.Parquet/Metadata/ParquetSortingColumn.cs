namespace DeltaSharp.Parquet.Metadata;

/// <summary>A sort key of a row group.</summary>
/// <param name="ColumnIndex">Leaf column ordinal.</param>
/// <param name="Descending">Descending order.</param>
/// <param name="NullsFirst">Nulls sort before values.</param>
public readonly record struct ParquetSortingColumn(int ColumnIndex, bool Descending, bool NullsFirst);
