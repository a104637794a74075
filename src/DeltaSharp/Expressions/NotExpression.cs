using System.Text;

namespace DeltaSharp.Expressions;

/// <summary>SQL <c>NOT</c>: null stays null. Immutable.</summary>
public sealed class NotExpression : DeltaExpression
{
    /// <summary>Creates NOT <paramref name="operand"/>.</summary>
    public NotExpression(DeltaExpression operand)
    {
        Operand = NotNull(operand, nameof(operand));
    }

    /// <summary>The negated predicate.</summary>
    public DeltaExpression Operand { get; }

    internal override int Precedence => 3;

    internal override void Write(StringBuilder builder)
    {
        builder.Append("NOT ");
        Operand.WriteOperand(builder, 3);
    }
}
