using System.Collections.Generic;

namespace DeltaSharp.Parquet.Metadata;

/// <summary>The schema tree of a Parquet file, built from the flattened footer schema, with leaves in column-chunk
/// order. Immutable.</summary>
public sealed class ParquetSchema
{
    /// <summary>Maximum nesting depth accepted (guards against malicious footers).</summary>
    public const int MaxDepth = 128;

    private ParquetSchema(ParquetSchemaNode root, List<ParquetSchemaNode> leaves)
    {
        Root = root;
        Leaves = leaves;
    }

    /// <summary>The root group (its children are the top-level fields).</summary>
    public ParquetSchemaNode Root { get; }

    /// <summary>Leaf columns in depth-first order (the order of column chunks).</summary>
    public IReadOnlyList<ParquetSchemaNode> Leaves { get; }

    /// <summary>Builds the tree; throws <see cref="ParquetFormatException"/> when the child counts do not describe
    /// exactly one tree.</summary>
    public static ParquetSchema Build(IReadOnlyList<ParquetSchemaElement> elements)
    {
        if (elements.Count == 0)
        {
            throw new ParquetFormatException("the schema is empty");
        }
        ParquetSchemaNode root = new(elements[0], null, 0, 0);
        List<ParquetSchemaNode> leaves = [];
        int next = 1;
        int rootChildren = elements[0].NumChildren ?? 0;
        if (rootChildren < 0)
        {
            throw new ParquetFormatException("the schema root has a negative child count");
        }
        AddChildren(root, rootChildren, elements, ref next, leaves, 1);
        if (next != elements.Count)
        {
            throw new ParquetFormatException($"the schema has {elements.Count} elements but its child counts describe {next}");
        }
        return new ParquetSchema(root, leaves);
    }

    private static void AddChildren(ParquetSchemaNode parent, int count, IReadOnlyList<ParquetSchemaElement> elements, ref int next, List<ParquetSchemaNode> leaves, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ParquetFormatException($"the schema is nested deeper than {MaxDepth} levels");
        }
        for (int i = 0; i < count; i++)
        {
            if (next >= elements.Count)
            {
                throw new ParquetFormatException($"schema element '{parent.Name}' declares more children than the schema holds");
            }
            ParquetSchemaElement e = elements[next++];
            ParquetRepetition repetition = e.Repetition ?? ParquetRepetition.Optional;
            if (repetition is not (ParquetRepetition.Required or ParquetRepetition.Optional or ParquetRepetition.Repeated))
            {
                throw new ParquetUnsupportedException($"schema element '{e.Name}' has unsupported repetition {repetition}");
            }
            int def = parent.MaxDefinitionLevel + (repetition == ParquetRepetition.Required ? 0 : 1);
            int rep = parent.MaxRepetitionLevel + (repetition == ParquetRepetition.Repeated ? 1 : 0);
            ParquetSchemaNode node = new(e, parent, def, rep);
            parent.ChildList.Add(node);
            int children = e.NumChildren ?? 0;
            if (children < 0)
            {
                throw new ParquetFormatException($"schema element '{e.Name}' has a negative child count");
            }
            if (children > 0)
            {
                AddChildren(node, children, elements, ref next, leaves, depth + 1);
            }
            else if (e.PhysicalType is null)
            {
                if (e.NumChildren is null)
                {
                    throw new ParquetFormatException($"schema element '{e.Name}' has neither a type nor children");
                }
                // An empty group: no leaves; kept so the Arrow schema can show it.
            }
            else
            {
                if ((int)e.PhysicalType.Value is < 0 or > 7)
                {
                    throw new ParquetFormatException($"schema element '{e.Name}' has invalid physical type {(int)e.PhysicalType.Value}");
                }
                node.LeafIndex = leaves.Count;
                leaves.Add(node);
            }
        }
    }
}
