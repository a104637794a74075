namespace DeltaSharp.Parquet.Metadata;

/// <summary>Logical type annotations; values match the field ids of parquet.thrift's <c>LogicalType</c> union.</summary>
public enum ParquetLogicalTypeKind
{
    /// <summary>UTF-8 string.</summary>
    String = 1,
    /// <summary>Map group.</summary>
    Map = 2,
    /// <summary>List group.</summary>
    List = 3,
    /// <summary>Enum string.</summary>
    Enum = 4,
    /// <summary>Decimal (see <see cref="ParquetLogicalType.Precision"/>, <see cref="ParquetLogicalType.Scale"/>).</summary>
    Decimal = 5,
    /// <summary>Date (days).</summary>
    Date = 6,
    /// <summary>Time of day.</summary>
    Time = 7,
    /// <summary>Timestamp.</summary>
    Timestamp = 8,
    /// <summary>Integer with bit width and signedness.</summary>
    Integer = 10,
    /// <summary>Always-null column.</summary>
    Unknown = 11,
    /// <summary>JSON.</summary>
    Json = 12,
    /// <summary>BSON.</summary>
    Bson = 13,
    /// <summary>UUID in 16 bytes.</summary>
    Uuid = 14,
    /// <summary>IEEE half float in 2 bytes.</summary>
    Float16 = 15,
    /// <summary>Variant group.</summary>
    Variant = 16,
    /// <summary>Geometry (WKB).</summary>
    Geometry = 17,
    /// <summary>Geography (WKB).</summary>
    Geography = 18,
    /// <summary>Fixed-size vector.</summary>
    Vector = 19,
    /// <summary>A union member this reader does not know; the column reads by its physical type.</summary>
    Unrecognized = 1000,
}
