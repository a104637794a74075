using System;
using System.Collections.Generic;
using System.Text;

namespace DeltaSharp.Expressions;

/// <summary><c>value IN (item, ...)</c> with SQL semantics: true when the value equals an item; else null when the
/// value or an item is null; else false. <c>NOT IN</c> is <see cref="NotExpression"/> over this. Immutable.</summary>
public sealed class InExpression : DeltaExpression
{
    private readonly LiteralExpression[] items;

    /// <summary>Creates the test.</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public InExpression(DeltaExpression value, IReadOnlyList<LiteralExpression> items)
    {
        Value = NotNull(value, nameof(value));
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("IN needs at least one item.", nameof(items));
        }
        this.items = new LiteralExpression[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            this.items[i] = NotNull(items[i], nameof(items));
        }
    }

    /// <summary>The tested operand.</summary>
    public DeltaExpression Value { get; }

    /// <summary>The list.</summary>
    public IReadOnlyList<LiteralExpression> Items => items;

    internal override int Precedence => 4;

    internal override void Write(StringBuilder builder)
    {
        Value.WriteOperand(builder, 5);
        builder.Append(" IN (");
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }
            items[i].Write(builder);
        }
        builder.Append(')');
    }
}
