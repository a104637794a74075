namespace DeltaSharp.Runtime;

/// <summary>
/// The fork check every DeltaSharp entry point calls first: opening a table, building a snapshot, each step of a
/// scan or listing, committing, every object-store call.
/// </summary>
/// <remarks>Seam owned by the runtime work (issue 6): the process-safe implementation replaces this body.</remarks>
public static class ProcessGuard
{
    /// <summary>
    /// Throws <c>DeltaForkedProcessException</c> when DeltaSharp's runtime was created in another process (this
    /// process is a fork child that inherited it). Cheap enough to call on every step; takes no lock.
    /// </summary>
    public static void ThrowIfForked()
    {
    }
}
