using System.Collections.Generic;

namespace DeltaSharp.Parquet.Metadata;

/// <summary>A node of the Parquet schema tree with its computed definition/repetition levels. Immutable after the
/// schema is built.</summary>
public sealed class ParquetSchemaNode
{
    internal ParquetSchemaNode(ParquetSchemaElement element, ParquetSchemaNode? parent, int maxDefinitionLevel, int maxRepetitionLevel)
    {
        Element = element;
        Parent = parent;
        MaxDefinitionLevel = maxDefinitionLevel;
        MaxRepetitionLevel = maxRepetitionLevel;
        Path = parent is null ? [] : [.. parent.Path, element.Name];
    }

    /// <summary>The footer element.</summary>
    public ParquetSchemaElement Element { get; }

    /// <summary>The field name.</summary>
    public string Name => Element.Name;

    /// <summary>The parent; null for the root.</summary>
    public ParquetSchemaNode? Parent { get; }

    /// <summary>Children (empty for leaves).</summary>
    public IReadOnlyList<ParquetSchemaNode> Children => ChildList;

    internal List<ParquetSchemaNode> ChildList { get; } = [];

    /// <summary>Path from the root (excluded) to this node.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>Dotted path, e.g. <c>a.list.element</c>.</summary>
    public string DottedPath => string.Join('.', Path);

    /// <summary>Definition level at which this node is present.</summary>
    public int MaxDefinitionLevel { get; }

    /// <summary>Repetition level of this node.</summary>
    public int MaxRepetitionLevel { get; }

    /// <summary>Leaf column ordinal (index into a row group's column chunks); -1 for groups.</summary>
    public int LeafIndex { get; internal set; } = -1;

    /// <summary>True for primitive columns.</summary>
    public bool IsLeaf => Element.NumChildren is null or 0 && Element.PhysicalType is not null;

    /// <summary>Repetition (the root counts as required).</summary>
    public ParquetRepetition Repetition => Element.Repetition ?? ParquetRepetition.Required;
}
