namespace DeltaSharp.Parquet.Metadata;

/// <summary>Sort order of a leaf column's min/max statistics.</summary>
public enum ParquetColumnOrder
{
    /// <summary>Not written or not recognized: min_value/max_value semantics are undefined.</summary>
    Undefined = 0,
    /// <summary>The order defined by the logical/physical type.</summary>
    TypeDefined = 1,
    /// <summary>IEEE 754 total order (floating types).</summary>
    Ieee754TotalOrder = 2,
    /// <summary>Chronological INT96 order.</summary>
    Int96Timestamp = 3,
}
