using System.Text;

namespace DeltaSharp.Expressions;

/// <summary>SQL <c>AND</c> of two predicates with three-valued logic. Immutable.</summary>
public sealed class AndExpression : DeltaExpression
{
    /// <summary>Creates <paramref name="left"/> AND <paramref name="right"/>.</summary>
    public AndExpression(DeltaExpression left, DeltaExpression right)
    {
        Left = NotNull(left, nameof(left));
        Right = NotNull(right, nameof(right));
    }

    /// <summary>The left operand.</summary>
    public DeltaExpression Left { get; }

    /// <summary>The right operand.</summary>
    public DeltaExpression Right { get; }

    internal override int Precedence => 2;

    internal override void Write(StringBuilder builder)
    {
        Left.WriteOperand(builder, 2);
        builder.Append(" AND ");
        Right.WriteOperand(builder, 2 + 1);
    }
}
