using System;

namespace DeltaSharp.Writing;

/// <summary>Thrown when data to write does not match the table schema (missing, extra or mistyped columns, nulls in
/// NOT NULL columns). The message names the column.</summary>
public sealed class DeltaSchemaMismatchException : DeltaException
{
    /// <summary>Creates the exception with a message.</summary>
    public DeltaSchemaMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaSchemaMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaSchemaMismatchException()
        : base("The data does not match the table schema.")
    {
    }
}
