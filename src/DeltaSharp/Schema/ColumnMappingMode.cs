namespace DeltaSharp.Schema;

/// <summary>The table's <c>delta.columnMapping.mode</c> (PROTOCOL.md "Column Mapping").</summary>
public enum ColumnMappingMode
{
    /// <summary>No mapping: data files use the logical column names.</summary>
    None,

    /// <summary>Data files use the physical names from the field metadata.</summary>
    Name,

    /// <summary>Data files are matched by Parquet field id (<c>delta.columnMapping.id</c>); physical names are fallbacks.</summary>
    Id,
}
