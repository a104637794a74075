using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Pages;

/// <summary>What the page decoder needs to know about a leaf column.</summary>
internal sealed class ColumnDescriptor
{
    public ColumnDescriptor(ParquetSchemaNode leaf)
    {
        Leaf = leaf;
        PhysicalType = leaf.Element.PhysicalType!.Value;
        TypeLength = leaf.Element.TypeLength ?? 0;
        MaxDefinitionLevel = leaf.MaxDefinitionLevel;
        MaxRepetitionLevel = leaf.MaxRepetitionLevel;
        Path = leaf.DottedPath;
    }

    public ParquetSchemaNode Leaf { get; }

    public ParquetPhysicalType PhysicalType { get; }

    public int TypeLength { get; }

    public int MaxDefinitionLevel { get; }

    public int MaxRepetitionLevel { get; }

    public string Path { get; }
}
