namespace DeltaSharp.Parquet.Metadata;

/// <summary>Unit of a TIME or TIMESTAMP logical type.</summary>
public enum ParquetTimeUnit
{
    /// <summary>Milliseconds.</summary>
    Millis = 1,
    /// <summary>Microseconds.</summary>
    Micros = 2,
    /// <summary>Nanoseconds.</summary>
    Nanos = 3,
}
