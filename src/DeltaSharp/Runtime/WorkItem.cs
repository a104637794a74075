using System;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Runtime;

/// <summary>A job queued on the worker pool. <see cref="Run"/>, <see cref="Fail"/> and <see cref="Cancel"/> never throw.</summary>
internal abstract class WorkItem
{
    internal abstract void Run();

    internal abstract void Fail(Exception exception);

    internal abstract void Cancel();
}

/// <summary>A job producing <typeparamref name="TResult"/> through a task whose continuations run asynchronously
/// (never inline on a runtime thread).</summary>
internal sealed class WorkItem<TResult> : WorkItem
{
    private readonly Func<TResult> _work;
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;

    internal WorkItem(Func<TResult> work, CancellationToken cancellationToken)
    {
        _work = work;
        _cancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(static s => ((WorkItem<TResult>)s!).Cancel(), this);
        }
    }

    internal Task<TResult> Task => _completion.Task;

#pragma warning disable CA1031 // A job's failure belongs to its task, never to the worker thread.
    internal override void Run()
    {
        _registration.Dispose();
        if (_completion.Task.IsCompleted)
        {
            return;
        }
        if (_cancellationToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(_cancellationToken);
            return;
        }
        try
        {
            _completion.TrySetResult(_work());
        }
        catch (OperationCanceledException canceled) when (canceled.CancellationToken == _cancellationToken && _cancellationToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(_cancellationToken);
        }
        catch (Exception failure)
        {
            _completion.TrySetException(failure);
        }
    }
#pragma warning restore CA1031

    internal override void Fail(Exception exception)
    {
        _registration.Dispose();
        _completion.TrySetException(exception);
    }

    internal override void Cancel()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(_cancellationToken);
        }
        else
        {
            _completion.TrySetCanceled();
        }
    }
}
