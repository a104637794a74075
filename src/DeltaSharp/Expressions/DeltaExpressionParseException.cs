using System;

namespace DeltaSharp.Expressions;

/// <summary>The text of a predicate is not valid; <see cref="Position"/> is the zero-based character offset of the
/// problem and the message names it (<c>… at position 12 near 'xyz'</c>).</summary>
public sealed class DeltaExpressionParseException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaExpressionParseException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>Creates the exception (position 0).</summary>
    public DeltaExpressionParseException(string message)
        : this(message, 0)
    {
    }

    /// <summary>Creates the exception (position 0).</summary>
    public DeltaExpressionParseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeltaExpressionParseException()
    {
    }

    /// <summary>Zero-based character offset in the parsed text.</summary>
    public int Position { get; }
}
