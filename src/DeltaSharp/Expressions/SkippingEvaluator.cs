namespace DeltaSharp.Expressions;

/// <summary>
/// Decides whether a normalized predicate may be TRUE for some row of a file or row group, given column summaries.
/// Returns false only when no row can satisfy it; every unknown answers "may". Pure.
/// </summary>
internal static class SkippingEvaluator
{
    public static bool MayBeTrue(PredicateNode node, IColumnSummarySource source)
    {
        switch (node)
        {
            case ConstantNode constant:
                return constant.Value;
            case AndNode and:
                foreach (PredicateNode child in and.Children)
                {
                    if (!MayBeTrue(child, source))
                    {
                        return false;
                    }
                }
                return true;
            case OrNode or:
                foreach (PredicateNode child in or.Children)
                {
                    if (MayBeTrue(child, source))
                    {
                        return true;
                    }
                }
                return false;
            case LeafNode leaf:
                return MayBeTrue(leaf, source.Summarize(leaf));
            default:
                return true;
        }
    }

    public static bool MayBeTrue(LeafNode leaf, ColumnSummary summary)
    {
        switch (leaf.Operator)
        {
            case LeafOperator.IsNull:
                return summary.MayHaveNull;
            case LeafOperator.IsNotNull:
                return summary.MayHaveNonNull;
        }
        if (!summary.MayHaveNonNull)
        {
            return false;
        }
        if (leaf.Domain == ValueDomain.None)
        {
            return true;
        }
        LiteralExpression literal = leaf.Literal!;
        int? minCmp = summary.Min is ScalarValue min ? min.CompareTo(literal, leaf.Domain) : null;
        int? maxCmp = summary.Max is ScalarValue max && MaxDecides(leaf, summary) ? max.CompareTo(literal, leaf.Domain) : null;
        return leaf.Operator switch
        {
            LeafOperator.Equal => (minCmp is null || minCmp <= 0) && (maxCmp is null || maxCmp >= 0),
            LeafOperator.NotEqual => !(minCmp == 0 && maxCmp == 0),
            LeafOperator.LessThan => minCmp is null || minCmp < 0,
            LeafOperator.LessThanOrEqual => minCmp is null || minCmp <= 0,
            LeafOperator.GreaterThan => maxCmp is null || maxCmp > 0,
            LeafOperator.GreaterThanOrEqual => maxCmp is null || maxCmp >= 0,
            _ => true,
        };
    }

    /// <summary>Whether the summary's maximum may be compared for this leaf: always, unless NaN rows may lie above it
    /// (<see cref="ColumnSummary.NaNMayExceedMax"/>); then only for <c>= non-NaN</c>, which no NaN row satisfies
    /// (for <c>&gt;</c>, <c>&gt;=</c>, <c>!=</c> and <c>= NaN</c> a NaN row above the maximum may match).</summary>
    private static bool MaxDecides(LeafNode leaf, ColumnSummary summary) =>
        !summary.NaNMayExceedMax || (leaf.Operator == LeafOperator.Equal && !double.IsNaN(leaf.Literal!.DoubleValue));
}
