using System.Text;

namespace DeltaSharp.Expressions;

/// <summary>SQL <c>OR</c> of two predicates with three-valued logic. Immutable.</summary>
public sealed class OrExpression : DeltaExpression
{
    /// <summary>Creates <paramref name="left"/> OR <paramref name="right"/>.</summary>
    public OrExpression(DeltaExpression left, DeltaExpression right)
    {
        Left = NotNull(left, nameof(left));
        Right = NotNull(right, nameof(right));
    }

    /// <summary>The left operand.</summary>
    public DeltaExpression Left { get; }

    /// <summary>The right operand.</summary>
    public DeltaExpression Right { get; }

    internal override int Precedence => 1;

    internal override void Write(StringBuilder builder)
    {
        Left.WriteOperand(builder, 1);
        builder.Append(" OR ");
        Right.WriteOperand(builder, 1 + 1);
    }
}
