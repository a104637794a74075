using System;
using System.Collections.Generic;
using DeltaSharp.Actions;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;

namespace DeltaSharp.Writing;

/// <summary>
/// Decides, per data file of a snapshot, what an overwrite with a replaceWhere predicate does with it (pure):
/// <see cref="ReplaceWhereAction.Keep"/> when no row can match (partition values, then statistics),
/// <see cref="ReplaceWhereAction.RemoveWhole"/> when every row matches (the predicate is TRUE for the partition
/// values alone, or the statistics exclude any FALSE row and every column the predicate reads has no nulls), else
/// <see cref="ReplaceWhereAction.Rewrite"/> (the file's rows not matching are written again). Not thread-safe
/// (reuses one statistics parser).
/// </summary>
internal sealed class ReplaceWherePlanner : IDisposable
{
    private readonly DeltaPredicate _predicate;
    private readonly IReadOnlyList<string> _partitionColumns;
    private readonly PartitionSummarySource _source;
    private readonly StatsSummarySource _stats;
    private readonly List<LeafNode> _leaves = [];

    public ReplaceWherePlanner(DeltaPredicate predicate, IReadOnlyList<string> partitionColumns, ColumnMappingMode mode)
    {
        _predicate = predicate;
        _partitionColumns = partitionColumns;
        _source = new PartitionSummarySource(partitionColumns, mode);
        _stats = new StatsSummarySource(mode);
        CollectLeaves(predicate.Positive, _leaves);
    }

    public ReplaceWhereAction Classify(AddFile file)
    {
        bool? byPartition = _predicate.EvaluatePartition(file.PartitionValues, _partitionColumns);
        if (byPartition is bool decided)
        {
            return decided ? ReplaceWhereAction.RemoveWhole : ReplaceWhereAction.Keep;
        }
        if (file.StatsUtf8.IsEmpty)
        {
            return ReplaceWhereAction.Rewrite;
        }
        _stats.Load(file.StatsUtf8);
        _source.PartitionValues = file.PartitionValues;
        _source.Fallback = _stats;
        if (!SkippingEvaluator.MayBeTrue(_predicate.Positive, _source))
        {
            return ReplaceWhereAction.Keep;
        }
        if (!SkippingEvaluator.MayBeTrue(_predicate.Negative, _source) && NoNulls())
        {
            return ReplaceWhereAction.RemoveWhole;
        }
        return ReplaceWhereAction.Rewrite;
    }

    /// <summary>True when no file could hold a row matching the predicate (for concurrent adds: false = not read).</summary>
    public bool MayMatch(AddFile file) => Classify(file) != ReplaceWhereAction.Keep;

    private bool NoNulls()
    {
        foreach (LeafNode leaf in _leaves)
        {
            if (_source.Summarize(leaf).MayHaveNull)
            {
                return false;
            }
        }
        return _leaves.Count > 0;
    }

    private static void CollectLeaves(PredicateNode node, List<LeafNode> leaves)
    {
        switch (node)
        {
            case LeafNode leaf:
                leaves.Add(leaf);
                break;
            case AndNode and:
                foreach (PredicateNode child in and.Children)
                {
                    CollectLeaves(child, leaves);
                }
                break;
            case OrNode or:
                foreach (PredicateNode child in or.Children)
                {
                    CollectLeaves(child, leaves);
                }
                break;
        }
    }

    public void Dispose() => _stats.Dispose();
}
