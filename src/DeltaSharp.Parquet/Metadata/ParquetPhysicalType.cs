namespace DeltaSharp.Parquet.Metadata;

/// <summary>Parquet physical (storage) types; values match parquet.thrift <c>Type</c>.</summary>
public enum ParquetPhysicalType
{
    /// <summary>1-bit boolean.</summary>
    Boolean = 0,
    /// <summary>32-bit signed integer.</summary>
    Int32 = 1,
    /// <summary>64-bit signed integer.</summary>
    Int64 = 2,
    /// <summary>Deprecated 96-bit timestamp (nanoseconds of day + Julian day).</summary>
    Int96 = 3,
    /// <summary>IEEE 32-bit float.</summary>
    Float = 4,
    /// <summary>IEEE 64-bit float.</summary>
    Double = 5,
    /// <summary>Variable-length bytes.</summary>
    ByteArray = 6,
    /// <summary>Fixed-length bytes (<see cref="ParquetSchemaElement.TypeLength"/>).</summary>
    FixedLenByteArray = 7,
}
