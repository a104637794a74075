using System;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// A row of CSV or JSON-lines input that does not fit the target schema: a malformed record, an unknown column, or
/// a value that is not a valid text form of its column's type. The message names the line and the column.
/// </summary>
public sealed class TextRowFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="line"/> (1-based) and <paramref name="column"/>.</summary>
    public TextRowFormatException(long line, string? column, string message)
        : base(column is null ? $"line {line}: {message}" : $"line {line}, column '{column}': {message}")
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line of the input on which the offending record starts.</summary>
    public long Line { get; }

    /// <summary>The column whose value is wrong, or null when the record as a whole is malformed.</summary>
    public string? Column { get; }
}
