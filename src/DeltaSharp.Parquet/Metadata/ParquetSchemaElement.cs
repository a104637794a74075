namespace DeltaSharp.Parquet.Metadata;

/// <summary>One node of the flattened (depth-first) schema in the footer. Immutable.</summary>
public sealed class ParquetSchemaElement
{
    /// <summary>Field name.</summary>
    public required string Name { get; init; }

    /// <summary>Physical type; null for groups.</summary>
    public ParquetPhysicalType? PhysicalType { get; init; }

    /// <summary>Byte length of FIXED_LEN_BYTE_ARRAY values (or a legacy bit length hint).</summary>
    public int? TypeLength { get; init; }

    /// <summary>Repetition; null for the root.</summary>
    public ParquetRepetition? Repetition { get; init; }

    /// <summary>Number of children for groups; null for leaves.</summary>
    public int? NumChildren { get; init; }

    /// <summary>Legacy converted type.</summary>
    public ParquetConvertedType? ConvertedType { get; init; }

    /// <summary>Legacy decimal scale.</summary>
    public int? Scale { get; init; }

    /// <summary>Legacy decimal precision.</summary>
    public int? Precision { get; init; }

    /// <summary>Field id from the writer's schema (Iceberg, Delta column mapping).</summary>
    public int? FieldId { get; init; }

    /// <summary>Logical type annotation.</summary>
    public ParquetLogicalType? LogicalType { get; init; }
}
