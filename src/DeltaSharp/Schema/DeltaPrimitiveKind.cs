namespace DeltaSharp.Schema;

// The members are named after the Delta protocol's type names (string, long, integer, ...).
#pragma warning disable CA1720

/// <summary>The primitive (non-decimal, non-nested) Delta types.</summary>
public enum DeltaPrimitiveKind
{
    /// <summary><c>string</c>: UTF-8 text.</summary>
    String,

    /// <summary><c>long</c>: 64-bit signed integer.</summary>
    Long,

    /// <summary><c>integer</c>: 32-bit signed integer.</summary>
    Integer,

    /// <summary><c>short</c>: 16-bit signed integer.</summary>
    Short,

    /// <summary><c>byte</c>: 8-bit signed integer.</summary>
    Byte,

    /// <summary><c>float</c>: 32-bit IEEE 754.</summary>
    Float,

    /// <summary><c>double</c>: 64-bit IEEE 754.</summary>
    Double,

    /// <summary><c>boolean</c>.</summary>
    Boolean,

    /// <summary><c>binary</c>: bytes.</summary>
    Binary,

    /// <summary><c>date</c>: days since the Unix epoch.</summary>
    Date,

    /// <summary><c>timestamp</c>: microseconds since the Unix epoch, UTC-adjusted.</summary>
    Timestamp,

    /// <summary><c>timestamp_ntz</c>: microseconds since the Unix epoch, no time zone.</summary>
    TimestampNtz,

    /// <summary><c>variant</c>: semi-structured value (metadata + value binaries).</summary>
    Variant,

    /// <summary><c>void</c>: Spark's null type, always null.</summary>
    Void,
}
