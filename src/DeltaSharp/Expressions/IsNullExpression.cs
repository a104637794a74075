using System.Text;

namespace DeltaSharp.Expressions;

/// <summary><c>operand IS NULL</c> or, when <see cref="Negated"/>, <c>IS NOT NULL</c>; never null itself. Immutable.</summary>
public sealed class IsNullExpression : DeltaExpression
{
    /// <summary>Creates the test.</summary>
    public IsNullExpression(DeltaExpression operand, bool negated)
    {
        Operand = NotNull(operand, nameof(operand));
        Negated = negated;
    }

    /// <summary>The tested operand.</summary>
    public DeltaExpression Operand { get; }

    /// <summary>True for <c>IS NOT NULL</c>.</summary>
    public bool Negated { get; }

    internal override int Precedence => 4;

    internal override void Write(StringBuilder builder)
    {
        Operand.WriteOperand(builder, 5);
        builder.Append(Negated ? " IS NOT NULL" : " IS NULL");
    }
}
