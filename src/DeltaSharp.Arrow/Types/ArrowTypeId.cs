namespace DeltaSharp.Arrow.Types;

/// <summary>Identifies the logical and physical kind of an <see cref="ArrowType"/>.</summary>
public enum ArrowTypeId
{
    /// <summary>All values null; no buffers.</summary>
    Null,
    /// <summary>Bit-packed booleans.</summary>
    Boolean,
    /// <summary>Signed 8-bit integer.</summary>
    Int8,
    /// <summary>Signed 16-bit integer.</summary>
    Int16,
    /// <summary>Signed 32-bit integer.</summary>
    Int32,
    /// <summary>Signed 64-bit integer.</summary>
    Int64,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64,
    /// <summary>IEEE 754 half precision.</summary>
    Float16,
    /// <summary>IEEE 754 single precision.</summary>
    Float32,
    /// <summary>IEEE 754 double precision.</summary>
    Float64,
    /// <summary>128-bit two's complement decimal.</summary>
    Decimal128,
    /// <summary>256-bit two's complement decimal.</summary>
    Decimal256,
    /// <summary>Days since the UNIX epoch (int32).</summary>
    Date32,
    /// <summary>Milliseconds since the UNIX epoch (int64).</summary>
    Date64,
    /// <summary>Time of day in seconds or milliseconds (int32).</summary>
    Time32,
    /// <summary>Time of day in microseconds or nanoseconds (int64).</summary>
    Time64,
    /// <summary>Instant or wall-clock time since the UNIX epoch (int64).</summary>
    Timestamp,
    /// <summary>Elapsed time (int64).</summary>
    Duration,
    /// <summary>Variable-length bytes, int32 offsets.</summary>
    Binary,
    /// <summary>Variable-length bytes, int64 offsets.</summary>
    LargeBinary,
    /// <summary>UTF-8 text, int32 offsets.</summary>
    String,
    /// <summary>UTF-8 text, int64 offsets.</summary>
    LargeString,
    /// <summary>Variable-length bytes in 16-byte views.</summary>
    BinaryView,
    /// <summary>UTF-8 text in 16-byte views.</summary>
    StringView,
    /// <summary>Bytes of a fixed width.</summary>
    FixedSizeBinary,
    /// <summary>List with int32 offsets.</summary>
    List,
    /// <summary>List with int64 offsets.</summary>
    LargeList,
    /// <summary>List with a fixed number of values per slot.</summary>
    FixedSizeList,
    /// <summary>Named child fields.</summary>
    Struct,
    /// <summary>List of key/value entries.</summary>
    Map,
    /// <summary>Integer indices into a dictionary of values.</summary>
    Dictionary,
}
