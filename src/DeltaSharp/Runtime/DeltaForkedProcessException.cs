using System.Globalization;

namespace DeltaSharp.Runtime;

/// <summary>
/// Thrown by every DeltaSharp entry point in a process created with <c>fork()</c> from a process that had already
/// used DeltaSharp. The inherited state (worker threads that no longer exist, locks they held, pooled HTTP
/// connections shared with the parent) cannot work in the child, so DeltaSharp refuses instead of hanging.
/// </summary>
/// <remarks>Nothing is repaired in the child: objects created before the fork stay unusable there. Start worker
/// processes with <c>spawn</c> or <c>forkserver</c>, or create DeltaSharp objects only inside the child.
/// Not transient: retrying in the same process cannot succeed.</remarks>
public sealed class DeltaForkedProcessException : DeltaException
{
    /// <summary>Creates the exception for a child process <paramref name="currentProcessId"/> of the process
    /// <paramref name="creatorProcessId"/> that initialised DeltaSharp.</summary>
    public DeltaForkedProcessException(int currentProcessId, int creatorProcessId)
        : base(FormatMessage(currentProcessId, creatorProcessId))
    {
        CurrentProcessId = currentProcessId;
        CreatorProcessId = creatorProcessId;
    }

    /// <summary>Creates the exception with a custom message (ids unknown: 0).</summary>
    public DeltaForkedProcessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message and cause (ids unknown: 0).</summary>
    public DeltaForkedProcessException(string message, System.Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message (ids unknown: 0).</summary>
    public DeltaForkedProcessException()
        : base("DeltaSharp was used in a process created by fork() from the process that initialised it.")
    {
    }

    /// <summary>The id of the process that raised this exception (the fork child), from libc <c>getpid()</c>.</summary>
    public int CurrentProcessId { get; }

    /// <summary>The id of the process that initialised DeltaSharp (the parent whose state the child inherited).</summary>
    public int CreatorProcessId { get; }

    private static string FormatMessage(int currentProcessId, int creatorProcessId) => string.Concat(
        "DeltaSharp cannot be used in process ",
        currentProcessId.ToString(CultureInfo.InvariantCulture),
        ": it was initialised in process ",
        creatorProcessId.ToString(CultureInfo.InvariantCulture),
        " and this process is a child created with fork(), which inherits DeltaSharp's threads, locks and connections in an unusable state. ",
        "Start worker processes with 'spawn' or 'forkserver' (Python: multiprocessing.set_start_method(\"spawn\") or ",
        "a ProcessPoolExecutor with mp_context=multiprocessing.get_context(\"spawn\")), or create DeltaSharp objects only ",
        "inside the child process, never before the fork.");
}
