using System;
using System.Buffers;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Runtime;

/// <summary>
/// DeltaSharp's process-wide runtime: the worker threads, the shared HTTP connection pool and the I/O buffer pool.
/// Created lazily, in one atomic step, on the first operation that needs it (nothing happens at assembly load or in
/// type initialisers); stopped by <see cref="Shutdown"/>.
/// </summary>
/// <remarks>
/// <para><b>Configuration</b> comes from one immutable <see cref="DeltaRuntimeOptions"/> given to
/// <see cref="Initialize"/> before the first operation; otherwise defaults apply. There is no other configuration
/// and no static mutable setting.</para>
/// <para><b>Processes</b>: the runtime belongs to the process that created it (<see cref="CreatorProcessId"/>, from
/// libc <c>getpid()</c>). Every member calls <see cref="ProcessGuard.ThrowIfForked"/> first; in a fork child they
/// throw <see cref="DeltaForkedProcessException"/>. Nothing is repaired in a child.</para>
/// <para><b>Threads</b>: every OS thread DeltaSharp creates comes from this runtime, wrapped by the host's
/// <see cref="DeltaRuntimeOptions.ThreadStarted"/> hook. Thread safety: all members are safe for concurrent use.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The runtime's lifetime is the process or an explicit Shutdown, which disposes its resources; it is deliberately not IDisposable.")]
public sealed class DeltaRuntime
{
    private static readonly RuntimeSlot s_process = new(static options => new DeltaRuntime(options));
    private static int s_instancesCreated;

    private readonly DeltaThreadFactory _threads;
    private readonly WorkerPool _workers;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _resourceGate = new();
    private SocketsHttpHandler? _httpHandler;
    private ArrayPool<byte>? _bufferPool;
    private int _state; // 0 running, 1 shut down

    internal DeltaRuntime(DeltaRuntimeOptions options)
    {
        options.Validate();
        CreatorProcessId = ProcessGuard.Detector.EnsureEstablished();
        Options = options;
        _threads = new DeltaThreadFactory(options);
        _workers = new WorkerPool(_threads, options);
        Interlocked.Increment(ref s_instancesCreated);
    }

    /// <summary>The process-wide runtime, created with default options on first use.</summary>
    /// <exception cref="DeltaForkedProcessException">This process is a fork child of the one that used DeltaSharp.</exception>
    public static DeltaRuntime Shared
    {
        get
        {
            ProcessGuard.ThrowIfForked();
            return s_process.GetOrCreate();
        }
    }

    /// <summary>
    /// Creates the process-wide runtime with <paramref name="options"/>. Call once, before the first DeltaSharp
    /// operation. Calling again with the same options instance returns the live runtime.
    /// </summary>
    /// <exception cref="InvalidOperationException">The runtime already runs with a different options instance
    /// (created by an earlier <c>Initialize</c> or by first use with defaults). Shut it down first to replace it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static DeltaRuntime Initialize(DeltaRuntimeOptions options)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentNullException.ThrowIfNull(options);
        return s_process.Initialize(options);
    }

    /// <summary>
    /// Shuts the process-wide runtime down, if one was created: stops accepting work, cancels queued jobs and
    /// dedicated threads' tokens, lets running jobs finish, joins every runtime thread (up to
    /// <paramref name="timeout"/>), closes pooled HTTP connections and drops pooled buffers. The next DeltaSharp
    /// operation creates a fresh runtime. Returns false when some thread did not end within the timeout.
    /// </summary>
    /// <remarks>Objects already holding the old runtime get <see cref="ObjectDisposedException"/> from it. Called on
    /// a runtime thread, that thread is not joined (it cannot join itself).</remarks>
    public static bool Shutdown(TimeSpan timeout)
    {
        ProcessGuard.ThrowIfForked();
        return s_process.Shutdown(timeout);
    }

    /// <summary>How many runtimes this process has created (diagnostics and tests).</summary>
    internal static int InstancesCreated => Volatile.Read(ref s_instancesCreated);

    /// <summary>The process-wide runtime if it exists, without creating it.</summary>
    internal static DeltaRuntime? SharedIfCreated => s_process.CurrentOrNull;

    /// <summary>The options this runtime was created with.</summary>
    public DeltaRuntimeOptions Options { get; }

    /// <summary>The id (libc <c>getpid()</c>) of the process that created this runtime.</summary>
    public int CreatorProcessId { get; }

    /// <summary>True after <see cref="Shutdown"/> stopped this runtime.</summary>
    public bool IsShutDown => Volatile.Read(ref _state) != 0;

    /// <summary>Worker threads currently registered (their start hook succeeded and they have not ended).</summary>
    public int WorkerThreadCount => _workers.RegisteredWorkerCount;

    /// <summary>
    /// Runs <paramref name="work"/> on one of the runtime's worker threads (for CPU-bound or blocking work) and
    /// completes the returned task with its result. Continuations of the task never run inline on the worker.
    /// </summary>
    /// <remarks>An exception from <paramref name="work"/> faults the task and leaves the worker healthy. If a
    /// worker had to be created for this job and the host's start hook failed, the task faults with a
    /// <see cref="DeltaException"/> whose inner exception is the hook's. Cancellation before the job starts
    /// cancels the task; a running job observes <paramref name="cancellationToken"/> itself.</remarks>
    /// <exception cref="ObjectDisposedException">The runtime was shut down.</exception>
    public Task<TResult> RunAsync<TResult>(Func<TResult> work, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentNullException.ThrowIfNull(work);
        var item = new WorkItem<TResult>(work, cancellationToken);
        _workers.Enqueue(item);
        return item.Task;
    }

    /// <summary>Runs <paramref name="work"/> on a worker thread; see <see cref="RunAsync{TResult}"/>.</summary>
    public Task RunAsync(Action work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(() =>
        {
            work();
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a new thread of its own (for a long-running loop such as a prefetcher or a
    /// lease renewer), wrapped by the host's hooks. The token is cancelled at shutdown, which then joins the thread.
    /// The task completes when the body returns, faults with its exception, or faults with a
    /// <see cref="DeltaException"/> (inner: the hook's exception) when the start hook fails.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The runtime was shut down.</exception>
    public Task RunDedicatedAsync(string name, Action<CancellationToken> body)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(IsShutDown, this);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken token = _shutdown.Token;
        _threads.Start(
            DeltaThreadKind.Dedicated,
            name,
            () =>
            {
#pragma warning disable CA1031 // The body's failure belongs to its task.
                try
                {
                    body(token);
                    completion.TrySetResult();
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    completion.TrySetCanceled(token);
                }
                catch (Exception failure)
                {
                    completion.TrySetException(failure);
                }
#pragma warning restore CA1031
            },
            hookFailure => completion.TrySetException(new DeltaException(
                "DeltaSharp could not start thread '" + name + "': the host's ThreadStarted hook threw; see the inner exception.", hookFailure)));
        return completion.Task;
    }

    /// <summary>
    /// Calls host-provided code (a custom store, a credential provider, a progress sink) through the host's
    /// <see cref="DeltaRuntimeOptions.HostCallInvoker"/>, or directly when none is set. DeltaSharp code calls this
    /// around every call into user code, on the thread making the call.
    /// </summary>
    public TResult InvokeHost<TState, TResult>(Func<TState, TResult> call, TState state)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentNullException.ThrowIfNull(call);
        IDeltaHostCallInvoker? invoker = Options.HostCallInvoker;
        return invoker is null ? call(state) : invoker.Invoke(call, state);
    }

    /// <summary>
    /// The shared HTTP connection pool for object-store clients: wrap it with
    /// <c>new HttpClient(runtime.HttpHandler, disposeHandler: false)</c>. Created on first use; disposed (connections
    /// closed) at shutdown.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The runtime was shut down.</exception>
    public HttpMessageHandler HttpHandler
    {
        get
        {
            ProcessGuard.ThrowIfForked();
            lock (_resourceGate)
            {
                ObjectDisposedException.ThrowIf(IsShutDown, this);
                return _httpHandler ??= new SocketsHttpHandler
                {
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
                    ConnectTimeout = TimeSpan.FromSeconds(30),
                    MaxConnectionsPerServer = 64,
                };
            }
        }
    }

    /// <summary>The runtime's pool of managed I/O buffers (rent and return); dropped at shutdown.</summary>
    /// <exception cref="ObjectDisposedException">The runtime was shut down.</exception>
    public ArrayPool<byte> BufferPool
    {
        get
        {
            ProcessGuard.ThrowIfForked();
            lock (_resourceGate)
            {
                ObjectDisposedException.ThrowIf(IsShutDown, this);
                return _bufferPool ??= ArrayPool<byte>.Create(maxArrayLength: 16 * 1024 * 1024, maxArraysPerBucket: 32);
            }
        }
    }

    /// <summary>Creates a runtime that is not the process-wide one (tests, benchmarks).</summary>
    internal static DeltaRuntime CreateIsolated(DeltaRuntimeOptions options) => new(options);

    /// <summary>Live threads created by this runtime's factory (diagnostics and tests).</summary>
    internal int LiveThreadCount => _threads.LiveThreadCount;

    /// <summary>Stops this runtime (see <see cref="Shutdown"/>). Idempotent; later calls only join again.</summary>
    internal bool ShutdownCore(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _state, 1) == 0)
        {
            _workers.Stop();
            _shutdown.Cancel();
            SocketsHttpHandler? handler;
            lock (_resourceGate)
            {
                handler = _httpHandler;
                _httpHandler = null;
                _bufferPool = null;
            }
            handler?.Dispose();
        }
        bool joined = _threads.JoinAll(timeout);
        if (joined)
        {
            _shutdown.Dispose();
        }
        return joined;
    }
}
