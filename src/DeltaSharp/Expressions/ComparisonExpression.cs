using System;
using System.Text;

namespace DeltaSharp.Expressions;

/// <summary><see cref="Left"/> <see cref="Operator"/> <see cref="Right"/>; when bound, one side is a column and
/// the other a literal of the column's type. SQL semantics: null when either side is null, except
/// <see cref="ComparisonOperator.NullSafeEqual"/>. Immutable.</summary>
public sealed class ComparisonExpression : DeltaExpression
{
    /// <summary>Creates the comparison.</summary>
    public ComparisonExpression(DeltaExpression left, ComparisonOperator op, DeltaExpression right)
    {
        Left = NotNull(left, nameof(left));
        Right = NotNull(right, nameof(right));
        Operator = Enum.IsDefined(op) ? op : throw new ArgumentOutOfRangeException(nameof(op));
    }

    /// <summary>The left operand.</summary>
    public DeltaExpression Left { get; }

    /// <summary>The comparison.</summary>
    public ComparisonOperator Operator { get; }

    /// <summary>The right operand.</summary>
    public DeltaExpression Right { get; }

    internal override int Precedence => 4;

    internal static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        _ => "<=>",
    };

    internal override void Write(StringBuilder builder)
    {
        Left.WriteOperand(builder, 5);
        builder.Append(' ').Append(Symbol(Operator)).Append(' ');
        Right.WriteOperand(builder, 5);
    }
}
