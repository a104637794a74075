using System;
using System.Globalization;

namespace DeltaSharp.Transactions;

/// <summary>
/// Thrown when a concurrent commit conflicts with this transaction, so it cannot be rebased and retried. Names
/// the winning version and the kind of conflict. Not transient: retrying the same transaction fails again; read
/// a fresh snapshot and redo the operation.
/// </summary>
public sealed class DeltaCommitConflictException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="winningVersion">The version of the conflicting commit.</param>
    /// <param name="kind">The kind of conflict.</param>
    /// <param name="detail">What conflicted (a path, an app id, ...).</param>
    public DeltaCommitConflictException(long winningVersion, DeltaConflictKind kind, string detail)
        : base(string.Create(CultureInfo.InvariantCulture, $"Commit conflict with version {winningVersion}: {kind}. {detail}"))
    {
        WinningVersion = winningVersion;
        Kind = kind;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaCommitConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DeltaCommitConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaCommitConflictException()
        : base("Commit conflict.")
    {
    }

    /// <summary>The version of the conflicting (winning) commit.</summary>
    public long WinningVersion { get; }

    /// <summary>The kind of conflict.</summary>
    public DeltaConflictKind Kind { get; }
}
