namespace DeltaSharp.Parquet.Metadata;

/// <summary>Field repetition; values match parquet.thrift <c>FieldRepetitionType</c>.</summary>
public enum ParquetRepetition
{
    /// <summary>Exactly one value.</summary>
    Required = 0,
    /// <summary>Zero or one value.</summary>
    Optional = 1,
    /// <summary>Zero or more values.</summary>
    Repeated = 2,
    /// <summary>Fixed-size vector (recent format addition; not supported for reading).</summary>
    Vector = 3,
}
