using System;
using System.Threading.Tasks;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Completes the synchronous paths of the sync/async-shared IPC code. Those paths are called with
/// <c>useAsync: false</c>, never await an incomplete task, and so always return completed value tasks; this
/// helper asserts that instead of blocking.
/// </summary>
internal static class IpcSync
{
    public static T Complete<T>(ValueTask<T> task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("Internal error: a synchronous IPC operation did not complete synchronously.");
        }
        return task.GetAwaiter().GetResult();
    }

    public static void Complete(ValueTask task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("Internal error: a synchronous IPC operation did not complete synchronously.");
        }
        task.GetAwaiter().GetResult();
    }
}
