namespace DeltaSharp.Parquet.Metadata;

/// <summary>Legacy converted-type annotations; values match parquet.thrift <c>ConvertedType</c>.</summary>
public enum ParquetConvertedType
{
    /// <summary>UTF-8 string.</summary>
    Utf8 = 0,
    /// <summary>Map group.</summary>
    Map = 1,
    /// <summary>Legacy map key/value group.</summary>
    MapKeyValue = 2,
    /// <summary>List group.</summary>
    List = 3,
    /// <summary>Enum string.</summary>
    Enum = 4,
    /// <summary>Decimal with precision and scale.</summary>
    Decimal = 5,
    /// <summary>Days since the Unix epoch.</summary>
    Date = 6,
    /// <summary>Milliseconds since midnight.</summary>
    TimeMillis = 7,
    /// <summary>Microseconds since midnight.</summary>
    TimeMicros = 8,
    /// <summary>Milliseconds since the epoch (UTC).</summary>
    TimestampMillis = 9,
    /// <summary>Microseconds since the epoch (UTC).</summary>
    TimestampMicros = 10,
    /// <summary>Unsigned 8-bit.</summary>
    UInt8 = 11,
    /// <summary>Unsigned 16-bit.</summary>
    UInt16 = 12,
    /// <summary>Unsigned 32-bit.</summary>
    UInt32 = 13,
    /// <summary>Unsigned 64-bit.</summary>
    UInt64 = 14,
    /// <summary>Signed 8-bit.</summary>
    Int8 = 15,
    /// <summary>Signed 16-bit.</summary>
    Int16 = 16,
    /// <summary>Signed 32-bit.</summary>
    Int32 = 17,
    /// <summary>Signed 64-bit.</summary>
    Int64 = 18,
    /// <summary>JSON document.</summary>
    Json = 19,
    /// <summary>BSON document.</summary>
    Bson = 20,
    /// <summary>Months/days/millis interval in 12 bytes.</summary>
    Interval = 21,
}
