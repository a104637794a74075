namespace DeltaSharp.Runtime;

/// <summary>
/// The fork check every DeltaSharp entry point calls first: opening a table, building a snapshot, each step of a
/// scan or listing, committing, every object-store call, every runtime operation.
/// </summary>
/// <remarks>
/// <para>The first call in a process records that process (libc <c>getpid()</c>); every later call in a fork child
/// of it throws <see cref="DeltaForkedProcessException"/>. A process that forks before ever using DeltaSharp leaves
/// nothing recorded, so its children initialise normally.</para>
/// <para>Cost on Linux: one memory load and compare (a <c>MADV_WIPEONFORK</c> marker page, see docs/runtime.md);
/// elsewhere one <c>getpid()</c> syscall. Takes no lock, starts no task, logs nothing, allocates nothing, and is
/// safe to call from any thread at any time, including concurrently with the first use.</para>
/// </remarks>
public static class ProcessGuard
{
    /// <summary>The process-wide detector (its stamp is created lazily by the first call, not here).</summary>
    internal static readonly ForkDetector Detector = new(LibcProcessIdSource.Instance, useWipeOnFork: true);

    /// <summary>
    /// Throws <see cref="DeltaForkedProcessException"/> when DeltaSharp was first used in another process (this
    /// process is a fork child that inherited it). Cheap enough to call on every step; takes no lock.
    /// </summary>
    /// <exception cref="DeltaForkedProcessException">This process is a fork child of the process that first used
    /// DeltaSharp. The exception carries both process ids.</exception>
    public static void ThrowIfForked() => Detector.ThrowIfForked();
}
