using System;

namespace DeltaSharp.Expressions;

/// <summary>A predicate does not fit the table schema: an unknown column, a type that cannot be compared, or a
/// literal that cannot be converted to the column's type. <see cref="Column"/> names the column.</summary>
public sealed class DeltaExpressionBindException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaExpressionBindException(string message, string? column)
        : base(message)
    {
        Column = column;
    }

    /// <summary>Creates the exception.</summary>
    public DeltaExpressionBindException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeltaExpressionBindException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeltaExpressionBindException()
    {
    }

    /// <summary>The column (dotted name) the problem is about, when there is one.</summary>
    public string? Column { get; }
}
