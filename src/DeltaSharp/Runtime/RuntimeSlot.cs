using System;
using System.Threading;

namespace DeltaSharp.Runtime;

/// <summary>
/// Holds the process-wide runtime: created once, atomically, on first use (or by <see cref="Initialize"/>), and
/// replaced only after <see cref="Shutdown"/>. A separate type so tests can race their own slot through the very
/// code path the process-wide one uses.
/// </summary>
/// <remarks>Callers run <see cref="ProcessGuard.ThrowIfForked"/> before touching the slot, so a fork child never
/// reaches the lock (whose holder might not exist in the child).</remarks>
internal sealed class RuntimeSlot
{
    private readonly Func<DeltaRuntimeOptions, DeltaRuntime> _factory;
    private readonly object _gate = new();
    private DeltaRuntime? _current;

    internal RuntimeSlot(Func<DeltaRuntimeOptions, DeltaRuntime> factory)
    {
        _factory = factory;
    }

    /// <summary>The live runtime, or null when none was created (or it was shut down).</summary>
    internal DeltaRuntime? CurrentOrNull => Volatile.Read(ref _current);

    /// <summary>Returns the runtime, creating it with default options on first use. Exactly one runtime is created
    /// however many threads race here; none of them sees an exception.</summary>
    internal DeltaRuntime GetOrCreate() => Volatile.Read(ref _current) ?? CreateOrGet(null);

    /// <summary>Creates the runtime with <paramref name="options"/>, or returns the live one if it was created
    /// with this very options instance.</summary>
    /// <exception cref="InvalidOperationException">A runtime with other options already lives.</exception>
    internal DeltaRuntime Initialize(DeltaRuntimeOptions options) => CreateOrGet(options);

    /// <summary>Detaches the live runtime (the next use creates a new one) and shuts it down.</summary>
    internal bool Shutdown(TimeSpan timeout)
    {
        DeltaRuntime? detached;
        lock (_gate)
        {
            detached = _current;
            Volatile.Write(ref _current, null);
        }
        return detached?.ShutdownCore(timeout) ?? true;
    }

    private DeltaRuntime CreateOrGet(DeltaRuntimeOptions? options)
    {
        lock (_gate)
        {
            DeltaRuntime? existing = _current;
            if (existing is not null)
            {
                if (options is not null && !ReferenceEquals(existing.Options, options))
                {
                    throw new InvalidOperationException(
                        "DeltaSharp's runtime is already running with other options. Call DeltaRuntime.Initialize once, before the first DeltaSharp operation, " +
                        "or call DeltaRuntime.Shutdown first to replace it.");
                }
                return existing;
            }
            DeltaRuntime created = _factory(options ?? DeltaRuntimeOptions.Default);
            Volatile.Write(ref _current, created);
            return created;
        }
    }
}
