using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>Everything needed to write one leaf column: its Arrow path, levels and physical mapping.</summary>
internal sealed class LeafColumnPlan
{
    public required int TopLevelIndex { get; init; }

    public required LevelNode[] Nodes { get; init; }

    public required string[] PathInSchema { get; init; }

    public required short MaxDefinitionLevel { get; init; }

    public required short MaxRepetitionLevel { get; init; }

    public required ParquetPhysicalType PhysicalType { get; init; }

    public required LeafValueKind ValueKind { get; init; }

    /// <summary>FIXED_LEN_BYTE_ARRAY width (0 otherwise).</summary>
    public int TypeLength { get; init; }

    /// <summary>The Arrow type of the values (the dictionary value type for dictionary arrays).</summary>
    public required ArrowType ValueType { get; init; }

    /// <summary>True when the leaf is dictionary-encoded in Arrow.</summary>
    public bool IsArrowDictionary { get; init; }

    /// <summary>Statistics use unsigned order (unsigned integers).</summary>
    public bool UnsignedOrder { get; init; }

    /// <summary>UTF-8 strings (truncated statistics cut at character boundaries).</summary>
    public bool IsUtf8 { get; init; }

    /// <summary>Dotted path for messages.</summary>
    public string DisplayPath => string.Join('.', PathInSchema);
}
