using System;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// A predicate in negation normal form over "is TRUE" sets: no NOT, every leaf a column test against a non-null
/// literal or a null test. Because AND/OR over Kleene logic are monotone, a row satisfies the original predicate
/// (is TRUE) exactly when this tree, evaluated with each leaf as "is this leaf TRUE", holds. Built by
/// <see cref="PredicateNormalizer"/>.
/// </summary>
internal abstract class PredicateNode
{
}

internal sealed class ConstantNode : PredicateNode
{
    public static readonly ConstantNode True = new(true);
    public static readonly ConstantNode False = new(false);

    private ConstantNode(bool value)
    {
        Value = value;
    }

    public bool Value { get; }
}

internal sealed class AndNode : PredicateNode
{
    public AndNode(PredicateNode[] children)
    {
        Children = children;
    }

    public PredicateNode[] Children { get; }
}

internal sealed class OrNode : PredicateNode
{
    public OrNode(PredicateNode[] children)
    {
        Children = children;
    }

    public PredicateNode[] Children { get; }
}

/// <summary>The test of a leaf.</summary>
internal enum LeafOperator
{
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    IsNull,
    IsNotNull,
}

/// <summary>How values of a column compare.</summary>
internal enum ValueDomain
{
    /// <summary>Not comparable (structs, arrays, maps): only null tests.</summary>
    None,

    /// <summary>Integers, dates (days), timestamps (µs), widened to long.</summary>
    Long,

    /// <summary>float and double widened to double, Spark order: -0.0 = 0.0, NaN = NaN, NaN above everything.</summary>
    Double,

    /// <summary>Decimal unscaled values at the column's scale.</summary>
    Decimal,

    /// <summary>Strings (UTF-8 bytes) and binary, unsigned lexicographic.</summary>
    Bytes,

    /// <summary>Booleans as 0/1.</summary>
    Boolean,
}

/// <summary>A test of one column (the row's value TRUE-ness: null values never satisfy a comparison).</summary>
internal sealed class LeafNode : PredicateNode
{
    public LeafNode(DeltaStructField[] path, LeafOperator op, LiteralExpression? literal)
    {
        Path = path;
        Operator = op;
        Literal = literal;
        Type = path[^1].Type;
        Domain = DomainOf(Type);
    }

    public DeltaStructField[] Path { get; }

    public LeafOperator Operator { get; }

    /// <summary>The non-null literal of a comparison; null for null tests.</summary>
    public LiteralExpression? Literal { get; }

    public DeltaDataType Type { get; }

    public ValueDomain Domain { get; }

    public static ValueDomain DomainOf(DeltaDataType type) => type switch
    {
        DeltaDecimalType => ValueDomain.Decimal,
        DeltaPrimitiveType p => p.Kind switch
        {
            DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long
                or DeltaPrimitiveKind.Date or DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz => ValueDomain.Long,
            DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double => ValueDomain.Double,
            DeltaPrimitiveKind.String or DeltaPrimitiveKind.Binary => ValueDomain.Bytes,
            DeltaPrimitiveKind.Boolean => ValueDomain.Boolean,
            _ => ValueDomain.None,
        },
        _ => ValueDomain.None,
    };

    /// <summary>Whether a comparison result (sign of value − literal) satisfies the operator.</summary>
    public static bool Satisfies(LeafOperator op, int comparison) => op switch
    {
        LeafOperator.Equal => comparison == 0,
        LeafOperator.NotEqual => comparison != 0,
        LeafOperator.LessThan => comparison < 0,
        LeafOperator.LessThanOrEqual => comparison <= 0,
        LeafOperator.GreaterThan => comparison > 0,
        LeafOperator.GreaterThanOrEqual => comparison >= 0,
        _ => false,
    };

    /// <summary>Spark's double order: -0.0 equals 0.0, NaN equals NaN and is above every other value.</summary>
    public static int CompareDouble(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : 1;
        }
        if (double.IsNaN(b))
        {
            return -1;
        }
        return a < b ? -1 : a > b ? 1 : 0;
    }

    public static int CompareBytes(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int c = a.SequenceCompareTo(b);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
}
