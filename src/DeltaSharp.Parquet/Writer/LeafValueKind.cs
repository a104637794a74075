namespace DeltaSharp.Parquet.Writer;

/// <summary>How an Arrow leaf array's values become Parquet physical values.</summary>
internal enum LeafValueKind
{
    /// <summary>Arrow null: every value is null (INT32, UNKNOWN logical type).</summary>
    Null,
    /// <summary>Arrow boolean bitmap to BOOLEAN.</summary>
    Boolean,
    /// <summary>int8 to INT32.</summary>
    Int8,
    /// <summary>int16 to INT32.</summary>
    Int16,
    /// <summary>int32, date32, time32[ms] to INT32.</summary>
    Int32,
    /// <summary>uint8 to INT32.</summary>
    UInt8,
    /// <summary>uint16 to INT32.</summary>
    UInt16,
    /// <summary>uint32 to INT32 (same bits; unsigned statistics).</summary>
    UInt32,
    /// <summary>time32[s] to INT32 milliseconds.</summary>
    Time32SecondsToMillis,
    /// <summary>date64 (ms) to INT32 days.</summary>
    Date64ToDays,
    /// <summary>decimal128 with precision up to 9 to INT32.</summary>
    Decimal128ToInt32,
    /// <summary>int64, uint64 (same bits), time64, timestamp[ms/us/ns], duration to INT64.</summary>
    Int64,
    /// <summary>timestamp[s] to INT64 milliseconds.</summary>
    TimestampSecondsToMillis,
    /// <summary>decimal128 with precision 10..18 to INT64.</summary>
    Decimal128ToInt64,
    /// <summary>float32 to FLOAT.</summary>
    Float,
    /// <summary>float64 to DOUBLE.</summary>
    Double,
    /// <summary>binary/string with int32 offsets to BYTE_ARRAY.</summary>
    Binary,
    /// <summary>large binary/string with int64 offsets to BYTE_ARRAY.</summary>
    LargeBinary,
    /// <summary>binary/string views to BYTE_ARRAY.</summary>
    BinaryView,
    /// <summary>fixed_size_binary to FIXED_LEN_BYTE_ARRAY.</summary>
    FixedSizeBinary,
    /// <summary>float16 to FIXED_LEN_BYTE_ARRAY(2).</summary>
    Float16,
    /// <summary>decimal128/256 to big-endian FIXED_LEN_BYTE_ARRAY of the minimal width for the precision.</summary>
    DecimalToFixed,
}
