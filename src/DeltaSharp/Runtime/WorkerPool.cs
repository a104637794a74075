using System;
using System.Collections.Generic;
using System.Threading;

namespace DeltaSharp.Runtime;

/// <summary>
/// Bounded pool of worker threads created on demand by the <see cref="DeltaThreadFactory"/>. A worker runs the
/// host's start hook once, is registered, runs jobs until idle for <see cref="DeltaRuntimeOptions.WorkerIdleTimeout"/>
/// or until shutdown, then unregisters and disposes its scope.
/// </summary>
/// <remarks>
/// Invariants (all under <c>_gate</c>): <c>_live</c> counts workers reserved or running (including ones still in
/// their start hook); <c>_registered</c> holds only workers whose hook succeeded and that have not ended; a queued
/// job always has a live worker that will look at the queue, or fails.
/// </remarks>
internal sealed class WorkerPool
{
    private readonly DeltaThreadFactory _factory;
    private readonly DeltaRuntimeOptions _options;
    private readonly object _gate = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly HashSet<int> _registered = [];
    private int _live;
    private int _idle;
    private bool _stopping;

    internal WorkerPool(DeltaThreadFactory factory, DeltaRuntimeOptions options)
    {
        _factory = factory;
        _options = options;
    }

    /// <summary>Workers whose start hook succeeded and that are still alive.</summary>
    internal int RegisteredWorkerCount
    {
        get
        {
            lock (_gate)
            {
                return _registered.Count;
            }
        }
    }

    /// <summary>Queues a job; starts a worker for it when none is idle and the pool is below its bound.</summary>
    /// <exception cref="ObjectDisposedException">The runtime was shut down.</exception>
    internal void Enqueue(WorkItem item)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, typeof(DeltaRuntime));
            if (_idle > _queue.Count)
            {
                _queue.Enqueue(item);
                Monitor.Pulse(_gate);
                return;
            }
            if (_live >= _options.MaxWorkerThreads)
            {
                _queue.Enqueue(item);
                return;
            }
            _live++;
        }
        SpawnFor(item);
    }

    /// <summary>Stops accepting jobs, cancels queued ones, wakes idle workers so they end.</summary>
    internal void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            while (_queue.Count > 0)
            {
                _queue.Dequeue().Cancel();
            }
            Monitor.PulseAll(_gate);
        }
    }

    private void SpawnFor(WorkItem first)
    {
        try
        {
            _factory.Start(DeltaThreadKind.Worker, purpose: null, () => WorkerLoop(first), hookFailure => OnStartFailed(first, hookFailure));
        }
        catch (Exception threadFailure) when (threadFailure is OutOfMemoryException or ThreadStartException or InvalidOperationException)
        {
            OnStartFailed(first, threadFailure);
        }
    }

    private void OnStartFailed(WorkItem first, Exception cause)
    {
        first.Fail(new DeltaException(
            "DeltaSharp could not start a worker thread for this operation (the host's ThreadStarted hook or the OS refused it); see the inner exception.",
            cause));
        WorkItem? next = null;
        lock (_gate)
        {
            _live--;
            // Jobs queued behind the failed worker must not be stranded: give the next one a worker of its own.
            if (!_stopping && _queue.Count > _idle && _live < _options.MaxWorkerThreads)
            {
                next = _queue.Dequeue();
                _live++;
            }
        }
        if (next is not null)
        {
            SpawnFor(next);
        }
    }

    private void WorkerLoop(WorkItem first)
    {
        int id = Environment.CurrentManagedThreadId;
        lock (_gate)
        {
            _registered.Add(id);
        }
        WorkItem? item = first;
        while (item is not null)
        {
            item.Run();
            item = TakeNextOrRetire(id);
        }
    }

    private WorkItem? TakeNextOrRetire(int workerId)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_queue.Count > 0)
                {
                    return _queue.Dequeue();
                }
                if (_stopping)
                {
                    break;
                }
                _idle++;
                bool signaled = Monitor.Wait(_gate, _options.WorkerIdleTimeout);
                _idle--;
                if (!signaled && _queue.Count == 0)
                {
                    break;
                }
            }
            _live--;
            _registered.Remove(workerId);
            return null;
        }
    }
}
