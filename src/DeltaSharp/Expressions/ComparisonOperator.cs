namespace DeltaSharp.Expressions;

/// <summary>The comparison of a <see cref="ComparisonExpression"/>.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c>: null when either side is null.</summary>
    Equal,

    /// <summary><c>&lt;&gt;</c>: null when either side is null.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;=&gt;</c> (null-safe equal): true when both are null, false when one is; never null.</summary>
    NullSafeEqual,
}
