using System;
using System.Collections.Generic;
using DeltaSharp.Arrow;

namespace DeltaSharp.Parquet.Arrow;

/// <summary>How a reader splits its projection for a <see cref="ParquetRowFilter"/>: the top-level nodes the filter
/// reads (ascending node indexes), their schema, and which nodes / leaves (by position in the reader's sorted leaf
/// list) belong to them. Immutable; shared by the reader's row groups.</summary>
internal sealed class FilterPlan
{
    private FilterPlan(ParquetRowFilter filter, int[] nodes, bool[] isFilterNode, bool[] isFilterLeaf, Schema schema)
    {
        Filter = filter;
        Nodes = nodes;
        IsFilterNode = isFilterNode;
        IsFilterLeaf = isFilterLeaf;
        Schema = schema;
    }

    public ParquetRowFilter Filter { get; }

    /// <summary>Indexes (into the reader's nodes) of the filter's columns, ascending.</summary>
    public int[] Nodes { get; }

    public bool[] IsFilterNode { get; }

    public bool[] IsFilterLeaf { get; }

    /// <summary>Schema of the batches handed to <see cref="ParquetRowFilter.Evaluate"/>.</summary>
    public Schema Schema { get; }

    /// <summary>Asks <paramref name="filter"/> for its columns of <paramref name="schema"/> and maps them to leaves;
    /// <paramref name="nodeLeaves"/> gives the leaf indexes each node reads, <paramref name="leaves"/> the reader's
    /// sorted leaf list.</summary>
    public static FilterPlan Create(ParquetRowFilter filter, Schema schema, IReadOnlyList<SortedSet<int>> nodeLeaves, int[] leaves)
    {
        IReadOnlyList<int> chosen = filter.SelectColumns(schema) ?? throw new InvalidOperationException("ParquetRowFilter.SelectColumns returned null.");
        bool[] isFilterNode = new bool[schema.Fields.Count];
        foreach (int index in chosen)
        {
            if ((uint)index >= (uint)isFilterNode.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(filter), index, $"ParquetRowFilter.SelectColumns chose column {index}, but the reader has {isFilterNode.Length} columns.");
            }
            isFilterNode[index] = true;
        }
        List<int> nodes = [];
        List<Field> fields = [];
        HashSet<int> filterLeaves = [];
        for (int n = 0; n < isFilterNode.Length; n++)
        {
            if (isFilterNode[n])
            {
                nodes.Add(n);
                fields.Add(schema.Fields[n]);
                filterLeaves.UnionWith(nodeLeaves[n]);
            }
        }
        bool[] isFilterLeaf = new bool[leaves.Length];
        for (int i = 0; i < leaves.Length; i++)
        {
            isFilterLeaf[i] = filterLeaves.Contains(leaves[i]);
        }
        return new FilterPlan(filter, [.. nodes], isFilterNode, isFilterLeaf, new Schema(fields));
    }
}
