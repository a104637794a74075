namespace DeltaSharp.Parquet.Metadata;

/// <summary>A logical type annotation of a schema element. Only the properties meaningful for
/// <see cref="Kind"/> are set. Immutable.</summary>
public sealed class ParquetLogicalType
{
    /// <summary>Which annotation this is.</summary>
    public required ParquetLogicalTypeKind Kind { get; init; }

    /// <summary>Decimal scale.</summary>
    public int Scale { get; init; }

    /// <summary>Decimal precision.</summary>
    public int Precision { get; init; }

    /// <summary>TIME/TIMESTAMP: whether values are UTC-normalized instants.</summary>
    public bool IsAdjustedToUtc { get; init; }

    /// <summary>TIME/TIMESTAMP unit.</summary>
    public ParquetTimeUnit Unit { get; init; }

    /// <summary>INTEGER bit width (8, 16, 32, 64).</summary>
    public int BitWidth { get; init; }

    /// <summary>INTEGER signedness.</summary>
    public bool IsSigned { get; init; }

    /// <summary>The raw union field id (for <see cref="ParquetLogicalTypeKind.Unrecognized"/>).</summary>
    public int FieldId { get; init; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ParquetLogicalTypeKind.Decimal => $"DECIMAL({Precision},{Scale})",
        ParquetLogicalTypeKind.Time => $"TIME({Unit.ToString().ToUpperInvariant()},utc={IsAdjustedToUtc})",
        ParquetLogicalTypeKind.Timestamp => $"TIMESTAMP({Unit.ToString().ToUpperInvariant()},utc={IsAdjustedToUtc})",
        ParquetLogicalTypeKind.Integer => $"INTEGER({BitWidth},{(IsSigned ? "signed" : "unsigned")})",
        ParquetLogicalTypeKind.Unrecognized => $"UNRECOGNIZED({FieldId})",
        _ => Kind.ToString().ToUpperInvariant(),
    };
}
