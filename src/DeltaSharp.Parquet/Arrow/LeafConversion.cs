namespace DeltaSharp.Parquet.Arrow;

/// <summary>How a leaf's decoded Parquet values become Arrow values.</summary>
internal enum LeafConversion
{
    /// <summary>Arrow null type (UNKNOWN logical type): no buffers.</summary>
    Null,
    /// <summary>One byte per value to a bitmap.</summary>
    Boolean,
    /// <summary>Same-width copy (INT32, INT64, FLOAT, DOUBLE, FIXED_LEN_BYTE_ARRAY, FLOAT16).</summary>
    Copy,
    /// <summary>INT32 narrowed to 8 bits.</summary>
    Narrow8,
    /// <summary>INT32 narrowed to 16 bits.</summary>
    Narrow16,
    /// <summary>INT32/INT64 sign-extended into a 128-bit (or 256-bit) decimal.</summary>
    IntegerToDecimal,
    /// <summary>Big-endian two's complement bytes (FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY) into a decimal.</summary>
    BigEndianDecimal,
    /// <summary>INT96 (nanoseconds of day + Julian day) to microseconds since the epoch.</summary>
    Int96ToMicros,
    /// <summary>Variable-length bytes (string or binary).</summary>
    Binary,
}
