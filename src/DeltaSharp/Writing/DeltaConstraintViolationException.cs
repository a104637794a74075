using System;

namespace DeltaSharp.Writing;

/// <summary>Thrown (before anything is committed) when a row to write violates a CHECK constraint
/// (<c>delta.constraints.*</c>) or a column invariant (<c>delta.invariants</c>): the expression is not TRUE for it
/// (FALSE or NULL). Names the constraint and shows the expression.</summary>
public sealed class DeltaConstraintViolationException : DeltaException
{
    /// <summary>Creates the exception for <paramref name="constraint"/>.</summary>
    public DeltaConstraintViolationException(string constraint, string message)
        : base(message)
    {
        Constraint = constraint;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaConstraintViolationException(string message)
        : this("?", message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaConstraintViolationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Constraint = "?";
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaConstraintViolationException()
        : this("?", "A row violates a table constraint.")
    {
    }

    /// <summary>The constraint's name: <c>delta.constraints.NAME</c> for CHECK constraints, the column path for invariants.</summary>
    public string Constraint { get; }
}
