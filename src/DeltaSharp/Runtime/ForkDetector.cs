using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.Runtime;

/// <summary>
/// Detects that the current process is a fork child of the process that first used DeltaSharp.
/// </summary>
/// <remarks>
/// <para><b>Stamp.</b> The first guarded call in a process (or the runtime's creation) establishes a stamp: the
/// creating process id from libc <c>getpid()</c> and, on Linux, a marker word in a private anonymous page advised
/// <c>MADV_WIPEONFORK</c>. The kernel hands a fork child that page zero-filled, so the hot check is one memory
/// load: marker intact means "same process". No syscall, no lock, no allocation. Where wipe-on-fork is not
/// available (macOS, kernels before 4.14, madvise refused) the check falls back to comparing <c>getpid()</c> with
/// the stamped id: a real syscall on every call.</para>
/// <para><b>Why not <c>pthread_atfork</c>.</b> Its child handler runs inside <c>fork()</c> in the child before
/// <c>fork</c> returns; a managed handler there would run managed code on a thread the runtime considers suspended
/// mid-P/Invoke, with the GC and JIT possibly holding locks owned by threads that no longer exist. The kernel's
/// wipe-on-fork does the same job with no code running in the child at all.</para>
/// <para><b>Establishing races.</b> Racers each build a candidate stamp and publish it with one compare-exchange;
/// losers free theirs. No lock and no waiting, so a child forked while its parent was mid-initialisation can never
/// wait on a thread that does not exist in it.</para>
/// <para>A process that forked before DeltaSharp was used has no stamp in the child; the child stamps itself and
/// works normally.</para>
/// </remarks>
internal sealed unsafe class ForkDetector
{
    private const int MarkerValue = 0x44454c54; // "DELT"

    private readonly IProcessIdSource _processIds;
    private readonly bool _useWipeOnFork;
    private Stamp? _stamp;

    /// <summary>Creates a detector. <paramref name="useWipeOnFork"/> is honoured only on Linux.</summary>
    internal ForkDetector(IProcessIdSource processIds, bool useWipeOnFork)
    {
        _processIds = processIds;
        _useWipeOnFork = useWipeOnFork && OperatingSystem.IsLinux();
    }

    /// <summary>True once a stamp exists (a guarded call happened in this process or an ancestor).</summary>
    internal bool IsEstablished => Volatile.Read(ref _stamp) is not null;

    /// <summary>True when the cheap wipe-on-fork marker backs the check (false: getpid comparison per call).</summary>
    internal bool UsesWipeOnFork => Volatile.Read(ref _stamp) is { Marker: not null };

    /// <summary>The process id that established the stamp, or 0 before any use.</summary>
    internal int CreatorProcessId => Volatile.Read(ref _stamp)?.CreatorProcessId ?? 0;

    /// <summary>Throws <see cref="DeltaForkedProcessException"/> when this process is a fork child of the stamping
    /// process; stamps on first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfForked()
    {
        Stamp? stamp = Volatile.Read(ref _stamp);
        if (stamp is not null && stamp.Marker is not null && *stamp.Marker == MarkerValue)
        {
            return;
        }
        CheckSlow(stamp);
    }

    /// <summary>Makes sure a stamp exists and returns the creating process id (after checking for a fork).</summary>
    internal int EnsureEstablished()
    {
        ThrowIfForked();
        return Volatile.Read(ref _stamp)!.CreatorProcessId;
    }

    /// <summary>Test hook: does to the marker what the kernel does in a fork child.</summary>
    internal void SimulateForkWipeForTesting()
    {
        Stamp? stamp = Volatile.Read(ref _stamp);
        if (stamp?.Marker is not null)
        {
            *stamp.Marker = 0;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckSlow(Stamp? stamp)
    {
        int current = _processIds.GetCurrentProcessId();
        if (stamp is null)
        {
            stamp = Establish(current);
            if (stamp.CreatorProcessId == current)
            {
                return;
            }
        }
        if (stamp.Marker is not null)
        {
            if (*stamp.Marker != MarkerValue)
            {
                // The kernel wiped the page: this is a fork child, whatever the id says.
                ForkFailure.Throw(current, stamp.CreatorProcessId);
            }
            return;
        }
        if (current != stamp.CreatorProcessId)
        {
            ForkFailure.Throw(current, stamp.CreatorProcessId);
        }
    }

    private Stamp Establish(int current)
    {
        // Compile the failure path now, in the healthy process, so a fork child can fail fast without the JIT.
        ForkFailure.Prepare();
        int* marker = _useWipeOnFork ? AllocateWipeOnForkMarker() : null;
        var candidate = new Stamp(current, marker);
        Stamp? winner = Interlocked.CompareExchange(ref _stamp, candidate, null);
        if (winner is null)
        {
            return candidate;
        }
        if (marker is not null)
        {
            _ = LibcNative.MUnmap(marker, (nuint)Environment.SystemPageSize);
        }
        return winner;
    }

    private static int* AllocateWipeOnForkMarker()
    {
        nuint length = (nuint)Environment.SystemPageSize;
        void* page = LibcNative.MMap(null, length, LibcNative.ProtReadWrite, LibcNative.MapPrivateAnonymous, -1, 0);
        if ((nint)page == LibcNative.MapFailed || page is null)
        {
            return null;
        }
        if (LibcNative.MAdvise(page, length, LibcNative.MadvWipeOnFork) != 0)
        {
            _ = LibcNative.MUnmap(page, length);
            return null;
        }
        int* marker = (int*)page;
        Volatile.Write(ref *marker, MarkerValue);
        return marker;
    }

    /// <summary>Immutable once published. The marker page lives for the process (one page; never freed once won).</summary>
    private sealed class Stamp
    {
        internal Stamp(int creatorProcessId, int* marker)
        {
            CreatorProcessId = creatorProcessId;
            Marker = marker;
        }

        internal int CreatorProcessId { get; }

        internal int* Marker { get; }
    }
}
