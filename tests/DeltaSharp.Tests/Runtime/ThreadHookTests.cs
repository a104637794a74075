#pragma warning disable xUnit1051 // Runtime tasks here are bounded by the runtime's own shutdown; test tokens add nothing.
using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Runtime;
using Xunit;

namespace DeltaSharp.Tests.Runtime;

public sealed class ThreadHookTests
{
    private static readonly TimeSpan Join = TimeSpan.FromSeconds(20);

    /// <summary>Records, per thread, that the host attached it (thread-static, like a host's own registration).</summary>
    private sealed class RecordingHost
    {
        [ThreadStatic]
        private static RecordingHost? t_attachedTo;

        public ConcurrentQueue<(int ThreadId, DeltaThreadKind Kind, string Name)> Started { get; } = new();

        public ConcurrentQueue<int> Disposed { get; } = new();

        public int FailuresLeft;

        public bool IsAttachedHere => t_attachedTo == this;

        public IDisposable? Start(DeltaThreadInfo info)
        {
            Assert.Equal(Environment.CurrentManagedThreadId, info.ManagedThreadId);
            if (Interlocked.Decrement(ref FailuresLeft) >= 0)
            {
                throw new InvalidOperationException("host refused to attach " + info.Name);
            }
            Started.Enqueue((info.ManagedThreadId, info.Kind, info.Name));
            t_attachedTo = this;
            return new Scope(this);
        }

        private sealed class Scope(RecordingHost host) : IDisposable
        {
            public void Dispose()
            {
                Assert.True(host.IsAttachedHere); // disposed on the very thread the hook ran on
                t_attachedTo = null;
                host.Disposed.Enqueue(Environment.CurrentManagedThreadId);
            }
        }
    }

    private static DeltaRuntime Create(RecordingHost host, int workers = 2, TimeSpan? idle = null) =>
        DeltaRuntime.CreateIsolated(new DeltaRuntimeOptions
        {
            MaxWorkerThreads = workers,
            WorkerIdleTimeout = idle ?? Timeout.InfiniteTimeSpan,
            ThreadStarted = host.Start,
            ThreadNamePrefix = "HookTest",
        });

    [Fact]
    public async Task StartHookRunsOnTheNewThreadBeforeWorkAndScopeIsDisposedThereAtShutdown()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host);
        (int thread, bool attached, string? name) = await runtime.RunAsync(() => (Environment.CurrentManagedThreadId, host.IsAttachedHere, Thread.CurrentThread.Name));
        Assert.True(attached);
        Assert.StartsWith("HookTest worker", name, StringComparison.Ordinal);
        Assert.Single(host.Started);
        Assert.True(host.Started.TryPeek(out var started));
        Assert.Equal(thread, started.ThreadId);
        Assert.Equal(DeltaThreadKind.Worker, started.Kind);
        Assert.Empty(host.Disposed);
        Assert.True(runtime.ShutdownCore(Join));
        Assert.Equal([thread], host.Disposed.ToArray());
        Assert.Equal(0, runtime.LiveThreadCount);
        Assert.Equal(0, runtime.WorkerThreadCount);
    }

    [Fact]
    public async Task ThreadReusedForTenThousandJobsIsRegisteredOnce()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host, workers: 1);
        var threads = new ConcurrentDictionary<int, int>();
        var tasks = new Task<bool>[10_000];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = runtime.RunAsync(() =>
            {
                threads.AddOrUpdate(Environment.CurrentManagedThreadId, 1, static (_, n) => n + 1);
                return host.IsAttachedHere;
            });
        }
        bool[] attached = await Task.WhenAll(tasks);
        Assert.All(attached, Assert.True);
        Assert.Single(threads);
        Assert.Equal(10_000, threads.Values is { Count: 1 } v ? System.Linq.Enumerable.First(v) : -1);
        Assert.Single(host.Started);
        Assert.Equal(1, runtime.WorkerThreadCount);
        Assert.True(runtime.ShutdownCore(Join));
        Assert.Single(host.Disposed);
    }

    [Fact]
    public async Task FailingStartHookSurfacesAsInnerExceptionAndLeavesNoDeadWorker()
    {
        var host = new RecordingHost { FailuresLeft = 1 };
        DeltaRuntime runtime = Create(host, workers: 1);
        DeltaException e = await Assert.ThrowsAsync<DeltaException>(() => runtime.RunAsync(() => 1));
        InvalidOperationException inner = Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.StartsWith("host refused to attach", inner.Message, StringComparison.Ordinal);
        Assert.Equal(0, runtime.WorkerThreadCount);
        Assert.Empty(host.Disposed); // no scope was returned, none disposed
        // The next operation gets a fresh, healthy worker.
        Assert.Equal(7, await runtime.RunAsync(() => 7));
        Assert.Equal(1, runtime.WorkerThreadCount);
        Assert.True(runtime.ShutdownCore(Join));
        Assert.Single(host.Disposed);
    }

    [Fact]
    public async Task JobsQueuedBehindAWorkerWhoseHookFailedAreNotStranded()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host, workers: 1);
        // The first job's worker fails its hook while a second job waits in the queue behind it.
        host.FailuresLeft = 1;
        Task<int> first = runtime.RunAsync(() => 1);
        Task<int> second = runtime.RunAsync(() => 2);
        await Assert.ThrowsAsync<DeltaException>(() => first);
        Assert.Equal(2, await second.WaitAsync(Join));
        Assert.True(runtime.ShutdownCore(Join));
    }

    [Fact]
    public async Task FailingJobLeavesItsWorkerHealthy()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host, workers: 1);
        int failedOn = -1;
        var boom = await Assert.ThrowsAsync<FormatException>(() => runtime.RunAsync<int>(() =>
        {
            failedOn = Environment.CurrentManagedThreadId;
            throw new FormatException("job failed");
        }));
        Assert.Equal("job failed", boom.Message);
        int nextOn = await runtime.RunAsync(() => Environment.CurrentManagedThreadId);
        Assert.Equal(failedOn, nextOn);
        Assert.Equal(1, runtime.WorkerThreadCount);
        Assert.Single(host.Started);
        Assert.True(runtime.ShutdownCore(Join));
    }

    [Fact]
    public async Task IdleWorkerRetiresAndDisposesItsScopeOnItsOwnThread()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host, workers: 1, idle: TimeSpan.FromMilliseconds(50));
        int thread = await runtime.RunAsync(() => Environment.CurrentManagedThreadId);
        SpinWait.SpinUntil(() => !host.Disposed.IsEmpty, Join);
        Assert.Equal([thread], host.Disposed.ToArray());
        SpinWait.SpinUntil(() => runtime.WorkerThreadCount == 0, Join);
        Assert.Equal(0, runtime.WorkerThreadCount);
        Assert.Equal(5, await runtime.RunAsync(() => 5)); // a new worker, a new hook call
        Assert.Equal(2, host.Started.Count);
        Assert.True(runtime.ShutdownCore(Join));
    }

    [Fact]
    public async Task ShutdownCancelsQueuedJobsJoinsThreadsAndRefusesNewWork()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host, workers: 1);
        using var release = new ManualResetEventSlim(false);
        using var running = new ManualResetEventSlim(false);
        Task<int> blocking = runtime.RunAsync(() =>
        {
            running.Set();
            release.Wait();
            return 1;
        });
        running.Wait();
        Task<int> queued = runtime.RunAsync(() => 2);
        Task dedicated = runtime.RunDedicatedAsync("lease renewer", token => token.WaitHandle.WaitOne());
        var shutdown = Task.Run(() => runtime.ShutdownCore(Join));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        release.Set();
        Assert.True(await shutdown);
        Assert.Equal(1, await blocking); // running work finishes
        await dedicated;
        Assert.Equal(0, runtime.LiveThreadCount);
        Assert.Equal(2, host.Started.Count);
        Assert.Equal(2, host.Disposed.Count);
        Assert.Throws<ObjectDisposedException>(() => { _ = runtime.RunAsync(() => 3); });
        Assert.Throws<ObjectDisposedException>(() => { _ = runtime.RunDedicatedAsync("late", _ => { }); });
        Assert.Throws<ObjectDisposedException>(() => runtime.HttpHandler);
    }

    [Fact]
    public async Task DedicatedThreadRunsUnderTheHookAndReportsHookFailure()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host);
        bool attached = false;
        await runtime.RunDedicatedAsync("prefetch", _ => attached = host.IsAttachedHere);
        Assert.True(attached);
        Assert.True(host.Started.TryPeek(out var started));
        Assert.Equal(DeltaThreadKind.Dedicated, started.Kind);
        Assert.Equal("HookTest prefetch", started.Name);
        host.FailuresLeft = 1;
        DeltaException e = await Assert.ThrowsAsync<DeltaException>(() => runtime.RunDedicatedAsync("second", _ => { }));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.True(runtime.ShutdownCore(Join));
    }

    [Fact]
    public async Task CancelledBeforeStartCancelsTheTask()
    {
        var host = new RecordingHost();
        DeltaRuntime runtime = Create(host);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runtime.RunAsync(() => 1, cts.Token));
        Assert.True(runtime.ShutdownCore(Join));
    }

    [Fact]
    public void HostCallInvokerWrapsCallsIntoHostCode()
    {
        var invoker = new CountingInvoker();
        DeltaRuntime runtime = DeltaRuntime.CreateIsolated(new DeltaRuntimeOptions { HostCallInvoker = invoker });
        int result = runtime.InvokeHost(static s => s * 2, 21);
        Assert.Equal(42, result);
        Assert.Equal(1, invoker.Calls);
        Assert.Equal(Environment.CurrentManagedThreadId, invoker.LastThread);
        Assert.Equal("x", DeltaRuntime.CreateIsolated(new DeltaRuntimeOptions()).InvokeHost(static s => s, "x"));
        Assert.True(runtime.ShutdownCore(Join));
    }

    private sealed class CountingInvoker : IDeltaHostCallInvoker
    {
        public int Calls;
        public int LastThread;

        public TResult Invoke<TState, TResult>(Func<TState, TResult> hostCode, TState state)
        {
            Calls++;
            LastThread = Environment.CurrentManagedThreadId;
            return hostCode(state);
        }
    }
}
