using System.Collections.Generic;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// Turns a bound predicate into negation normal form (<see cref="PredicateNode"/>), exactly preserving which rows
/// are TRUE under SQL three-valued logic: NOT is pushed down with De Morgan (valid for Kleene logic), a negated
/// comparison becomes the opposite comparison (both are null for a null value), <c>x &lt;=&gt; v</c> becomes
/// <c>x = v</c> and its negation <c>x IS NULL OR x &lt;&gt; v</c>, <c>IN</c> becomes an OR of equalities and
/// <c>NOT IN</c> an AND of inequalities (never TRUE when the list holds a null), comparisons with null and null
/// constants are never TRUE. Pure.
/// </summary>
internal static class PredicateNormalizer
{
    public static PredicateNode Normalize(DeltaExpression bound, bool negate) => Simplify(Build(bound, negate));

    private static PredicateNode Build(DeltaExpression expression, bool negate)
    {
        switch (expression)
        {
            case NotExpression not:
                return Build(not.Operand, !negate);
            case AndExpression and:
                return negate
                    ? new OrNode([Build(and.Left, true), Build(and.Right, true)])
                    : new AndNode([Build(and.Left, false), Build(and.Right, false)]);
            case OrExpression or:
                return negate
                    ? new AndNode([Build(or.Left, true), Build(or.Right, true)])
                    : new OrNode([Build(or.Left, false), Build(or.Right, false)]);
            case LiteralExpression literal:
                // TRUE / FALSE / NULL: NOT NULL is NULL, which is never TRUE.
                return literal.IsNullLiteral ? ConstantNode.False : ((literal.LongValue != 0) != negate ? ConstantNode.True : ConstantNode.False);
            case IsNullExpression isNull:
            {
                DeltaStructField[] path = ((ColumnExpression)isNull.Operand).BoundFields;
                return new LeafNode(path, isNull.Negated != negate ? LeafOperator.IsNotNull : LeafOperator.IsNull, null);
            }
            case ComparisonExpression comparison:
            {
                DeltaStructField[] path = ((ColumnExpression)comparison.Left).BoundFields;
                var literal = (LiteralExpression)comparison.Right;
                if (comparison.Operator == ComparisonOperator.NullSafeEqual)
                {
                    if (literal.IsNullLiteral)
                    {
                        return new LeafNode(path, negate ? LeafOperator.IsNotNull : LeafOperator.IsNull, null);
                    }
                    return negate
                        ? new OrNode([new LeafNode(path, LeafOperator.IsNull, null), new LeafNode(path, LeafOperator.NotEqual, literal)])
                        : new LeafNode(path, LeafOperator.Equal, literal);
                }
                if (literal.IsNullLiteral)
                {
                    return ConstantNode.False;
                }
                LeafOperator op = comparison.Operator switch
                {
                    ComparisonOperator.Equal => negate ? LeafOperator.NotEqual : LeafOperator.Equal,
                    ComparisonOperator.NotEqual => negate ? LeafOperator.Equal : LeafOperator.NotEqual,
                    ComparisonOperator.LessThan => negate ? LeafOperator.GreaterThanOrEqual : LeafOperator.LessThan,
                    ComparisonOperator.LessThanOrEqual => negate ? LeafOperator.GreaterThan : LeafOperator.LessThanOrEqual,
                    ComparisonOperator.GreaterThan => negate ? LeafOperator.LessThanOrEqual : LeafOperator.GreaterThan,
                    _ => negate ? LeafOperator.LessThan : LeafOperator.GreaterThanOrEqual,
                };
                return new LeafNode(path, op, literal);
            }
            case InExpression inList:
            {
                DeltaStructField[] path = ((ColumnExpression)inList.Value).BoundFields;
                var children = new List<PredicateNode>(inList.Items.Count);
                foreach (LiteralExpression item in inList.Items)
                {
                    if (item.IsNullLiteral)
                    {
                        if (negate)
                        {
                            // x NOT IN (..., NULL) is FALSE or NULL for every x.
                            return ConstantNode.False;
                        }
                        continue;
                    }
                    children.Add(new LeafNode(path, negate ? LeafOperator.NotEqual : LeafOperator.Equal, item));
                }
                return negate ? new AndNode(children.ToArray()) : new OrNode(children.ToArray());
            }
            default:
                throw new DeltaExpressionBindException($"The expression '{expression}' is not bound.");
        }
    }

    /// <summary>Flattens nested AND/OR and folds constants.</summary>
    private static PredicateNode Simplify(PredicateNode node)
    {
        bool isAnd = node is AndNode;
        PredicateNode[]? children = node switch
        {
            AndNode and => and.Children,
            OrNode or => or.Children,
            _ => null,
        };
        if (children is null)
        {
            return node;
        }
        var kept = new List<PredicateNode>(children.Length);
        foreach (PredicateNode child in children)
        {
            PredicateNode simple = Simplify(child);
            if (simple is ConstantNode constant)
            {
                if (constant.Value != isAnd)
                {
                    // FALSE in an AND, TRUE in an OR decides the node.
                    return constant;
                }
                continue;
            }
            if (isAnd && simple is AndNode innerAnd)
            {
                kept.AddRange(innerAnd.Children);
            }
            else if (!isAnd && simple is OrNode innerOr)
            {
                kept.AddRange(innerOr.Children);
            }
            else
            {
                kept.Add(simple);
            }
        }
        if (kept.Count == 0)
        {
            return isAnd ? ConstantNode.True : ConstantNode.False;
        }
        if (kept.Count == 1)
        {
            return kept[0];
        }
        return isAnd ? new AndNode(kept.ToArray()) : new OrNode(kept.ToArray());
    }
}
