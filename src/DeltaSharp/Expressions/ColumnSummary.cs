using System;

namespace DeltaSharp.Expressions;

/// <summary>A value bound of a column summary, in the leaf's <see cref="ValueDomain"/>.</summary>
internal readonly struct ScalarValue
{
    public ScalarValue(long integral, double real, Int128 unscaled, byte[]? bytes)
    {
        Long = integral;
        Double = real;
        Unscaled = unscaled;
        Bytes = bytes;
    }

    public long Long { get; }

    public double Double { get; }

    public Int128 Unscaled { get; }

    public byte[]? Bytes { get; }

    public static ScalarValue OfLong(long value) => new(value, 0, 0, null);

    public static ScalarValue OfDouble(double value) => new(0, value, 0, null);

    public static ScalarValue OfDecimal(Int128 value) => new(0, 0, value, null);

    public static ScalarValue OfBytes(byte[] value) => new(0, 0, 0, value);

    /// <summary>Sign of (this − literal) in <paramref name="domain"/>.</summary>
    public int CompareTo(LiteralExpression literal, ValueDomain domain) => domain switch
    {
        ValueDomain.Long or ValueDomain.Boolean => Long.CompareTo(literal.LongValue),
        ValueDomain.Double => LeafNode.CompareDouble(Double, literal.DoubleValue),
        ValueDomain.Decimal => Unscaled.CompareTo(literal.Unscaled),
        ValueDomain.Bytes => LeafNode.CompareBytes(Bytes, literal.Bytes),
        _ => throw new InvalidOperationException("Values of this column are not comparable."),
    };
}

/// <summary>
/// What is known about one column over a set of rows (a file from its partition value or statistics, a row group
/// from its Parquet statistics): whether nulls / non-nulls may occur, and inclusive bounds of the non-null values
/// when known. "Unknown" is always expressed as "may" / no bound, so decisions stay conservative.
/// </summary>
internal readonly struct ColumnSummary
{
    public static readonly ColumnSummary Unknown = new(true, true, null, null);

    public ColumnSummary(bool mayHaveNull, bool mayHaveNonNull, ScalarValue? min, ScalarValue? max, bool nanMayExceedMax = false)
    {
        MayHaveNull = mayHaveNull;
        MayHaveNonNull = mayHaveNonNull;
        Min = min;
        Max = max;
        NaNMayExceedMax = nanMayExceedMax;
    }

    /// <summary>
    /// Float/double statistics: <see cref="Max"/> bounds the non-NaN values only (writers that follow the Parquet
    /// spec, arrow-rs, parquet-mr after PARQUET-1246, delta-rs, leave NaN out of min/max), so NaN rows, which sort
    /// above every number, may exceed it. The maximum is then usable only to rule out equality with a non-NaN
    /// value. <see cref="Min"/> needs no such flag: a NaN row never satisfies <c>&lt;</c>, <c>&lt;=</c> or
    /// <c>=</c> a non-NaN value, the only comparisons a minimum decides.
    /// </summary>
    public bool NaNMayExceedMax { get; }

    public bool MayHaveNull { get; }

    public bool MayHaveNonNull { get; }

    /// <summary>A lower bound of every non-null value; null = unbounded.</summary>
    public ScalarValue? Min { get; }

    /// <summary>An upper bound of every non-null value; null = unbounded.</summary>
    public ScalarValue? Max { get; }
}
