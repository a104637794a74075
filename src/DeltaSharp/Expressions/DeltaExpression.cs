using System;
using System.Collections.Generic;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// A node of a predicate expression over a Delta table's logical columns: <see cref="ColumnExpression"/>,
/// <see cref="LiteralExpression"/>, <see cref="ComparisonExpression"/>, <see cref="AndExpression"/>,
/// <see cref="OrExpression"/>, <see cref="NotExpression"/>, <see cref="IsNullExpression"/> and
/// <see cref="InExpression"/>. Nodes are immutable and thread-safe; <see cref="object.ToString"/> prints the SQL-like
/// text form that <see cref="DeltaExpressionParser.Parse"/> reads back. Build trees with the static factories here
/// or parse them from text; bind them to a schema with <see cref="DeltaPredicate.Bind"/>.
/// </summary>
public abstract class DeltaExpression
{
    private protected DeltaExpression()
    {
    }

    /// <summary>A column reference by logical name; dots separate nested fields (<c>a.b</c>).</summary>
    public static ColumnExpression Column(string dottedName) => ColumnExpression.FromDottedName(dottedName);

    /// <summary>A column reference by explicit path (use for names that contain dots).</summary>
    public static ColumnExpression Column(IReadOnlyList<string> path) => new(path);

    /// <summary><paramref name="left"/> <paramref name="op"/> <paramref name="right"/>.</summary>
    public static ComparisonExpression Compare(DeltaExpression left, ComparisonOperator op, DeltaExpression right) => new(left, op, right);

    /// <summary><c>column = value</c> with a literal built from a CLR value (see <see cref="LiteralExpression.Of(object?)"/>).</summary>
    public static ComparisonExpression Equal(string column, object? value) => new(Column(column), ComparisonOperator.Equal, LiteralExpression.Of(value));

    /// <summary>Both operands (SQL <c>AND</c>).</summary>
    public static AndExpression And(DeltaExpression left, DeltaExpression right) => new(left, right);

    /// <summary>Either operand (SQL <c>OR</c>).</summary>
    public static OrExpression Or(DeltaExpression left, DeltaExpression right) => new(left, right);

    /// <summary>Negation (SQL <c>NOT</c>).</summary>
    public static NotExpression Not(DeltaExpression operand) => new(operand);

    /// <summary><c>operand IS NULL</c>.</summary>
    public static IsNullExpression IsNull(DeltaExpression operand) => new(operand, negated: false);

    /// <summary><c>operand IS NOT NULL</c>.</summary>
    public static IsNullExpression IsNotNull(DeltaExpression operand) => new(operand, negated: true);

    /// <summary><c>value IN (items)</c>.</summary>
    public static InExpression In(DeltaExpression value, IReadOnlyList<LiteralExpression> items) => new(value, items);

    /// <summary>A null literal of <paramref name="type"/> (<see langword="null"/> = untyped, typed at binding).</summary>
    public static LiteralExpression Null(DeltaDataType? type = null) => LiteralExpression.NullOf(type);

    /// <summary>Appends the text form of this node to <paramref name="builder"/>.</summary>
    internal abstract void Write(System.Text.StringBuilder builder);

    /// <summary>Binding precedence for parenthesisation: 1 = OR, 2 = AND, 3 = NOT, 4 = predicate, 5 = operand.</summary>
    internal abstract int Precedence { get; }

    internal void WriteOperand(System.Text.StringBuilder builder, int parentPrecedence)
    {
        if (Precedence < parentPrecedence)
        {
            builder.Append('(');
            Write(builder);
            builder.Append(')');
        }
        else
        {
            Write(builder);
        }
    }

    /// <summary>The SQL-like text form (parsable by <see cref="DeltaExpressionParser"/>).</summary>
    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        Write(builder);
        return builder.ToString();
    }

    internal static T NotNull<T>(T? value, string name)
        where T : class => value ?? throw new ArgumentNullException(name);
}
