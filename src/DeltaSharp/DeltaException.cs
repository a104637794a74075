using System;

namespace DeltaSharp;

/// <summary>
/// Base class of every error DeltaSharp raises for a condition of the table, the storage or the environment
/// (as opposed to caller misuse, which gets the standard <see cref="ArgumentException"/> family).
/// The message says what happened, to which table/file, and what the user can do about it.
/// </summary>
public class DeltaException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public DeltaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the underlying cause.</summary>
    public DeltaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with a default message.</summary>
    public DeltaException()
        : base("A DeltaSharp operation failed.")
    {
    }

    /// <summary>
    /// True when the same operation may succeed if retried unchanged (a throttled or interrupted request, a lost
    /// commit race that can be rebased). False when retrying cannot help without a change (corrupt log, missing
    /// permission, unsupported feature).
    /// </summary>
    public virtual bool IsTransient => false;
}
