using System;

namespace DeltaSharp.Parquet.Metadata;

/// <summary>Column chunk or page statistics. Byte values are PLAIN-encoded (byte arrays without a length prefix).
/// Immutable; byte arrays must not be modified.</summary>
public sealed class ParquetStatistics
{
    /// <summary>Legacy max (signed order).</summary>
    public byte[]? LegacyMax { get; init; }

    /// <summary>Legacy min (signed order).</summary>
    public byte[]? LegacyMin { get; init; }

    /// <summary>Null count, when written.</summary>
    public long? NullCount { get; init; }

    /// <summary>Distinct count, when written.</summary>
    public long? DistinctCount { get; init; }

    /// <summary>Max per the column order.</summary>
    public byte[]? MaxValue { get; init; }

    /// <summary>Min per the column order.</summary>
    public byte[]? MinValue { get; init; }

    /// <summary>Whether <see cref="MaxValue"/> is exact.</summary>
    public bool? IsMaxValueExact { get; init; }

    /// <summary>Whether <see cref="MinValue"/> is exact.</summary>
    public bool? IsMinValueExact { get; init; }

    /// <summary>NaN count for floating columns, when written.</summary>
    public long? NanCount { get; init; }

    /// <summary>The best available min: <see cref="MinValue"/>, else <see cref="LegacyMin"/>.</summary>
    public ReadOnlyMemory<byte>? Min => MinValue ?? LegacyMin;

    /// <summary>The best available max: <see cref="MaxValue"/>, else <see cref="LegacyMax"/>.</summary>
    public ReadOnlyMemory<byte>? Max => MaxValue ?? LegacyMax;
}
