using System;
using System.Collections.Generic;
using System.Threading;

namespace DeltaSharp.Runtime;

/// <summary>
/// The one place DeltaSharp creates OS threads (<c>new Thread</c> is banned everywhere else by BannedSymbols.txt).
/// Every thread runs the host's <see cref="DeltaRuntimeOptions.ThreadStarted"/> hook first and disposes the
/// returned scope as its last act; the factory remembers its threads so shutdown can join them.
/// </summary>
internal sealed class DeltaThreadFactory
{
    private readonly DeltaRuntimeOptions _options;
    private readonly object _gate = new();
    private readonly List<Thread> _threads = [];
    private int _sequence;

    internal DeltaThreadFactory(DeltaRuntimeOptions options)
    {
        _options = options;
    }

    /// <summary>
    /// Starts a background thread that runs the start hook, then <paramref name="body"/>. When the hook throws,
    /// <paramref name="onStartFailed"/> runs on the new thread with the hook's exception and the body never runs.
    /// Neither callback may throw. Throws (on the caller) only if the OS refuses to create the thread.
    /// </summary>
    internal void Start(DeltaThreadKind kind, string? purpose, Action body, Action<Exception> onStartFailed)
    {
        int number = Interlocked.Increment(ref _sequence);
        string name = purpose is null
            ? string.Concat(_options.ThreadNamePrefix, " ", kind == DeltaThreadKind.Worker ? "worker " : "thread ", number.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : string.Concat(_options.ThreadNamePrefix, " ", purpose);
#pragma warning disable RS0030 // The thread factory is the one place allowed to create threads.
        var thread = new Thread(() => Run(name, kind, body, onStartFailed))
#pragma warning restore RS0030
        {
            IsBackground = true,
            Name = name,
        };
        lock (_gate)
        {
            _threads.RemoveAll(static t => t.ThreadState.HasFlag(ThreadState.Stopped));
            _threads.Add(thread);
        }
        try
        {
            thread.Start();
        }
        catch
        {
            lock (_gate)
            {
                _threads.Remove(thread);
            }
            throw;
        }
    }

    /// <summary>Joins every thread this factory started, except the calling one; true when all ended in time.</summary>
    internal bool JoinAll(TimeSpan timeout)
    {
        Thread[] snapshot;
        lock (_gate)
        {
            snapshot = _threads.ToArray();
        }
        DateTime deadline = DateTime.UtcNow + timeout;
        bool all = true;
        foreach (Thread thread in snapshot)
        {
            if (thread == Thread.CurrentThread)
            {
                continue;
            }
            TimeSpan left = timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : deadline - DateTime.UtcNow;
            if (left < TimeSpan.Zero)
            {
                left = TimeSpan.Zero;
            }
            all &= thread.Join(left);
        }
        return all;
    }

    /// <summary>Threads started and not yet ended (for diagnostics and tests).</summary>
    internal int LiveThreadCount
    {
        get
        {
            lock (_gate)
            {
                int count = 0;
                foreach (Thread thread in _threads)
                {
                    if (!thread.ThreadState.HasFlag(ThreadState.Stopped) && !thread.ThreadState.HasFlag(ThreadState.Unstarted))
                    {
                        count++;
                    }
                }
                return count;
            }
        }
    }

#pragma warning disable CA1031 // A thread's entry must never let an exception escape: it would terminate the host process.
    private void Run(string name, DeltaThreadKind kind, Action body, Action<Exception> onStartFailed)
    {
        IDisposable? scope = null;
        try
        {
            Func<DeltaThreadInfo, IDisposable?>? hook = _options.ThreadStarted;
            if (hook is not null)
            {
                try
                {
                    scope = hook(new DeltaThreadInfo(name, kind, Environment.CurrentManagedThreadId));
                }
                catch (Exception hookFailure)
                {
                    onStartFailed(hookFailure);
                    return;
                }
            }
            body();
        }
        catch (Exception)
        {
            // Bodies handle their own failures; this is the last line of defence for the host process.
        }
        finally
        {
            if (scope is not null)
            {
                try
                {
                    scope.Dispose();
                }
                catch (Exception)
                {
                    // Documented: nobody is left to receive it.
                }
            }
        }
    }
#pragma warning restore CA1031
}
