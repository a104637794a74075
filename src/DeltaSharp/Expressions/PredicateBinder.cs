using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DeltaSharp.Scanning;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// Resolves column references against a schema (case-insensitively, as Delta does; nested fields through
/// structs) and converts literals to the type of the column they are compared with. A comparison needs a column on
/// one side and a literal on the other (a literal on the left is flipped to the right). A bare boolean column used
/// as a predicate becomes <c>column = TRUE</c>. Pure.
/// </summary>
internal sealed class PredicateBinder
{
    private readonly DeltaSchema schema;

    public PredicateBinder(DeltaSchema schema)
    {
        this.schema = schema;
    }

    public DeltaExpression BindPredicate(DeltaExpression expression)
    {
        switch (expression)
        {
            case AndExpression and:
                return new AndExpression(BindPredicate(and.Left), BindPredicate(and.Right));
            case OrExpression or:
                return new OrExpression(BindPredicate(or.Left), BindPredicate(or.Right));
            case NotExpression not:
                return new NotExpression(BindPredicate(not.Operand));
            case ColumnExpression column:
            {
                ColumnExpression bound = BindColumn(column);
                if (bound.DataType is not DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Boolean })
                {
                    throw new DeltaExpressionBindException($"Column {bound.Name} of type {bound.DataType} is not a boolean, so it cannot be used as a condition by itself.", bound.Name);
                }
                return new ComparisonExpression(bound, ComparisonOperator.Equal, LiteralExpression.Boolean(true));
            }
            case LiteralExpression literal:
                if (literal.IsNullLiteral)
                {
                    return LiteralExpression.NullOf(DeltaPrimitiveType.Boolean);
                }
                return literal.Type is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Boolean }
                    ? literal
                    : throw new DeltaExpressionBindException($"The value {literal} is not a condition.");
            case ComparisonExpression comparison:
                return BindComparison(comparison);
            case IsNullExpression isNull:
                return isNull.Operand switch
                {
                    ColumnExpression column => new IsNullExpression(BindColumn(column), isNull.Negated),
                    LiteralExpression literal => LiteralExpression.Boolean(literal.IsNullLiteral != isNull.Negated),
                    _ => throw new DeltaExpressionBindException($"IS NULL applies to a column or a value, not to '{isNull.Operand}'."),
                };
            case InExpression inList:
            {
                ColumnExpression column = inList.Value as ColumnExpression
                    ?? throw new DeltaExpressionBindException($"IN needs a column on its left, not '{inList.Value}'.");
                ColumnExpression bound = BindColumn(column);
                DeltaDataType type = ComparableType(bound);
                var items = new LiteralExpression[inList.Items.Count];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = Coerce(inList.Items[i], type, bound.Name);
                }
                return new InExpression(bound, items);
            }
            default:
                throw new DeltaExpressionBindException($"Unsupported expression '{expression}'.");
        }
    }

    private ComparisonExpression BindComparison(ComparisonExpression comparison)
    {
        DeltaExpression left = comparison.Left;
        DeltaExpression right = comparison.Right;
        ComparisonOperator op = comparison.Operator;
        if (left is LiteralExpression && right is ColumnExpression)
        {
            (left, right) = (right, left);
            op = Flip(op);
        }
        if (left is ColumnExpression && right is ColumnExpression)
        {
            throw new DeltaExpressionBindException($"Comparing two columns ('{comparison}') is not supported; compare a column with a value.", ((ColumnExpression)left).Name);
        }
        if (left is not ColumnExpression column || right is not LiteralExpression literal)
        {
            throw new DeltaExpressionBindException($"A comparison needs a column on one side and a value on the other: '{comparison}'.");
        }
        ColumnExpression bound = BindColumn(column);
        DeltaDataType type = ComparableType(bound);
        return new ComparisonExpression(bound, op, Coerce(literal, type, bound.Name));
    }

    private static ComparisonOperator Flip(ComparisonOperator op) => op switch
    {
        ComparisonOperator.LessThan => ComparisonOperator.GreaterThan,
        ComparisonOperator.LessThanOrEqual => ComparisonOperator.GreaterThanOrEqual,
        ComparisonOperator.GreaterThan => ComparisonOperator.LessThan,
        ComparisonOperator.GreaterThanOrEqual => ComparisonOperator.LessThanOrEqual,
        _ => op,
    };

    public ColumnExpression BindColumn(ColumnExpression column)
    {
        if (column.IsBound)
        {
            return column;
        }
        var fields = new DeltaStructField[column.Path.Count];
        DeltaStructType parent = schema.Root;
        for (int i = 0; i < fields.Length; i++)
        {
            DeltaStructField? field = parent.FindField(column.Path[i]);
            if (field is null)
            {
                string name = column.Name;
                throw new DeltaExpressionBindException(
                    i == 0 ? $"The table has no column '{column.Path[0]}' (in '{name}')." : $"Column '{string.Join('.', column.Path, 0, i)}' has no field '{column.Path[i]}' (in '{name}').",
                    name);
            }
            fields[i] = field;
            if (i + 1 < fields.Length)
            {
                parent = field.Type as DeltaStructType
                    ?? throw new DeltaExpressionBindException($"Column '{string.Join('.', column.Path, 0, i + 1)}' is a {field.Type}, not a struct, so it has no field '{column.Path[i + 1]}'.", column.Name);
            }
        }
        return new ColumnExpression(fields);
    }

    private static DeltaDataType ComparableType(ColumnExpression column)
    {
        DeltaDataType type = column.DataType!;
        return type switch
        {
            DeltaDecimalType => type,
            DeltaPrimitiveType { Kind: not (DeltaPrimitiveKind.Variant or DeltaPrimitiveKind.Void) } => type,
            _ => throw new DeltaExpressionBindException($"Column {column.Name} has type {type}, which cannot be compared with a value.", column.Name),
        };
    }

    /// <summary>Converts <paramref name="literal"/> to a literal comparable with a column of <paramref name="type"/>.</summary>
    internal static LiteralExpression Coerce(LiteralExpression literal, DeltaDataType type, string column)
    {
        if (literal.IsNullLiteral)
        {
            return LiteralExpression.NullOf(type);
        }
        try
        {
            LiteralExpression? result = type switch
            {
                DeltaDecimalType d => ToDecimal(literal, d),
                DeltaPrimitiveType p => p.Kind switch
                {
                    DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long => ToIntegral(literal, p),
                    DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double => ToDouble(literal, p),
                    DeltaPrimitiveKind.String => IsKind(literal, DeltaPrimitiveKind.String) ? literal : null,
                    DeltaPrimitiveKind.Binary => IsKind(literal, DeltaPrimitiveKind.Binary) ? literal
                        : IsKind(literal, DeltaPrimitiveKind.String) ? LiteralExpression.WithBytes(DeltaPrimitiveType.Binary, literal.Bytes!) : null,
                    DeltaPrimitiveKind.Boolean => IsKind(literal, DeltaPrimitiveKind.Boolean) ? literal
                        : IsKind(literal, DeltaPrimitiveKind.String) ? ParseBoolean(Text(literal)) : null,
                    DeltaPrimitiveKind.Date => IsKind(literal, DeltaPrimitiveKind.Date) ? literal
                        : IsKind(literal, DeltaPrimitiveKind.String) ? LiteralExpression.Integral(p, PartitionValueParser.ParseDate(Text(literal))) : null,
                    DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz => ToTimestamp(literal, p),
                    _ => null,
                },
                _ => null,
            };
            return result ?? throw new DeltaExpressionBindException($"The value {literal} cannot be compared with column {column} of type {type}.", column);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new DeltaExpressionBindException($"The value {literal} cannot be compared with column {column} of type {type}: {ex.Message}.", column);
        }
    }

    private static bool IsKind(LiteralExpression literal, DeltaPrimitiveKind kind) => literal.Type is DeltaPrimitiveType p && p.Kind == kind;

    private static string Text(LiteralExpression literal) => Encoding.UTF8.GetString(literal.Bytes!);

    private static bool IsNumber(LiteralExpression literal) =>
        literal.Type is DeltaDecimalType || literal.Type is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long or DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double };

    /// <summary>The exact decimal text of a number literal.</summary>
    private static string NumberText(LiteralExpression literal) => literal.NumberText ?? literal.Type switch
    {
        DeltaDecimalType d => LiteralExpression.FormatDecimal(literal.Unscaled, d.Scale),
        DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double } => literal.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        _ => literal.LongValue.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The text of a numeric or string literal, to be read as a number of the column's type; null for others.</summary>
    private static string? NumericText(LiteralExpression literal) =>
        IsNumber(literal) ? NumberText(literal)
        : IsKind(literal, DeltaPrimitiveKind.String) ? Text(literal).Trim()
        : null;

    private static LiteralExpression? ToIntegral(LiteralExpression literal, DeltaPrimitiveType type)
    {
        if (NumericText(literal) is not string text)
        {
            return null;
        }
        Int128 value = PartitionValueParser.ParseDecimal(text, 0, 38);
        if (value < long.MinValue || value > long.MaxValue)
        {
            throw new OverflowException($"{text} is outside the range of long");
        }
        long v = (long)value;
        bool fits = type.Kind switch
        {
            DeltaPrimitiveKind.Byte => v is >= sbyte.MinValue and <= sbyte.MaxValue,
            DeltaPrimitiveKind.Short => v is >= short.MinValue and <= short.MaxValue,
            DeltaPrimitiveKind.Integer => v is >= int.MinValue and <= int.MaxValue,
            _ => true,
        };
        // A value outside the column's range stays a long: the comparison is made on widened values.
        return LiteralExpression.Integral(fits ? type : DeltaPrimitiveType.Long, v);
    }

    private static LiteralExpression? ToDouble(LiteralExpression literal, DeltaPrimitiveType type)
    {
        double value;
        if (literal.Type is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double } && literal.NumberText is null)
        {
            value = literal.DoubleValue;
        }
        else if (IsNumber(literal))
        {
            value = double.Parse(NumberText(literal), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        else if (IsKind(literal, DeltaPrimitiveKind.String))
        {
            value = double.Parse(Text(literal).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        else
        {
            return null;
        }
        // Float values are compared widened to double (as Spark does), so the literal keeps double precision.
        bool exactFloat = type.Kind == DeltaPrimitiveKind.Float && (double)(float)value == value || double.IsNaN(value);
        return LiteralExpression.WithDouble(exactFloat ? DeltaPrimitiveType.Float : DeltaPrimitiveType.Double, value);
    }

    private static LiteralExpression? ToDecimal(LiteralExpression literal, DeltaDecimalType type)
    {
        if (NumericText(literal) is not string text)
        {
            return null;
        }
        Int128 unscaled = PartitionValueParser.ParseDecimal(text, type.Scale, 38);
        return LiteralExpression.WithUnscaled(LiteralExpression.DigitCount(unscaled) <= type.Precision ? type : new DeltaDecimalType(38, type.Scale), unscaled);
    }

    private static LiteralExpression? ToTimestamp(LiteralExpression literal, DeltaPrimitiveType type)
    {
        if (IsKind(literal, DeltaPrimitiveKind.Timestamp) || IsKind(literal, DeltaPrimitiveKind.TimestampNtz))
        {
            return LiteralExpression.Integral(type, literal.LongValue);
        }
        if (IsKind(literal, DeltaPrimitiveKind.Date))
        {
            return LiteralExpression.Integral(type, checked(literal.LongValue * 86_400_000_000L));
        }
        return IsKind(literal, DeltaPrimitiveKind.String) ? LiteralExpression.Integral(type, PartitionValueParser.ParseTimestampMicros(Text(literal))) : null;
    }

    private static LiteralExpression ParseBoolean(string text) =>
        text.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? LiteralExpression.Boolean(true)
        : text.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) ? LiteralExpression.Boolean(false)
        : throw new FormatException($"'{text}' is not a boolean");
}
