using System;

namespace DeltaSharp.Runtime;

/// <summary>
/// Configuration of the process-wide runtime, fixed when the runtime is created. Pass it to
/// <see cref="DeltaRuntime.Initialize"/> before the first DeltaSharp operation; without it the runtime starts
/// with these defaults on first use.
/// </summary>
/// <remarks>Immutable after construction (init-only), so the runtime can hold the instance it was given. There is no
/// static mutable configuration: a second <see cref="DeltaRuntime.Initialize"/> with a different options instance is
/// an error while the runtime lives.</remarks>
public sealed class DeltaRuntimeOptions
{
    /// <summary>Defaults: <see cref="Environment.ProcessorCount"/> workers, 30 s idle timeout, no hooks.</summary>
    public static DeltaRuntimeOptions Default { get; } = new();

    /// <summary>Most worker threads alive at once (at least 1). Default: <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxWorkerThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>How long an idle worker waits for a job before its thread ends (its scope is disposed then).
    /// Default 30 seconds; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> keeps workers until shutdown.</summary>
    public TimeSpan WorkerIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Prefix of the names of the runtime's threads. Default "DeltaSharp".</summary>
    public string ThreadNamePrefix { get; init; } = "DeltaSharp";

    /// <summary>
    /// Optional host hook run on every thread the runtime creates, on that thread, before it runs any DeltaSharp
    /// work. The returned scope (may be null) is disposed on the same thread as its very last act, however the
    /// thread ends (idle retirement, shutdown, a failing job). A worker calls the hook once for its whole life,
    /// however many jobs it runs.
    /// </summary>
    /// <remarks>If the hook throws, the thread ends without running work and without being registered; the
    /// operation that needed the thread fails with a <see cref="DeltaException"/> whose
    /// <see cref="Exception.InnerException"/> is the hook's exception. An exception from the scope's
    /// <c>Dispose</c> is caught and discarded (there is no caller left to receive it).</remarks>
    public Func<DeltaThreadInfo, IDisposable?>? ThreadStarted { get; init; }

    /// <summary>Optional wrapper for every call into host-provided code (see <see cref="IDeltaHostCallInvoker"/>).</summary>
    public IDeltaHostCallInvoker? HostCallInvoker { get; init; }

    internal void Validate()
    {
        if (MaxWorkerThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWorkerThreads), MaxWorkerThreads, "At least one worker thread is required.");
        }
        if (WorkerIdleTimeout < TimeSpan.Zero && WorkerIdleTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(WorkerIdleTimeout), WorkerIdleTimeout, "The idle timeout must be positive or infinite.");
        }
        ArgumentException.ThrowIfNullOrEmpty(ThreadNamePrefix, nameof(ThreadNamePrefix));
    }
}
