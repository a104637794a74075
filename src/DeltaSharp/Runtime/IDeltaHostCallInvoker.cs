using System;

namespace DeltaSharp.Runtime;

/// <summary>
/// Wraps each call DeltaSharp makes into host-provided code: custom <c>IObjectStore</c> implementations,
/// credential providers, progress sinks, logging callbacks. Because <c>await</c> resumes on arbitrary threads,
/// a host that must attach the calling thread to its own runtime first (a Python interpreter's GIL, a Trio or
/// JVM thread registration) does it here, around every call, on the thread that makes the call.
/// </summary>
/// <remarks>
/// <para>Contract: <see cref="Invoke{TState, TResult}"/> must call the host code exactly once, on the
/// calling thread, and return its result (or let its exception propagate unchanged). It may run code before and
/// after. For a call that returns a task, only the synchronous part (up to the first incomplete await) runs inside
/// the wrapper; the host code's own continuations are the host's to attach.</para>
/// <para>Thread safety: called concurrently from any thread, including threads the host has never seen.</para>
/// </remarks>
public interface IDeltaHostCallInvoker
{
    /// <summary>Calls <paramref name="hostCode"/> with <paramref name="state"/>, wrapped as the host needs.</summary>
    TResult Invoke<TState, TResult>(Func<TState, TResult> hostCode, TState state);
}
