using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// An object being written incrementally (<see cref="IObjectStore.StartPutAsync"/>): the caller writes the content to
/// <see cref="Content"/> in order, then calls <see cref="CompleteAsync"/>, which makes the object visible whole
/// (created or replaced, with the same guarantee as <see cref="IObjectStore.PutAsync(string, Stream, CancellationToken)"/>).
/// Disposing an upload that was not completed abandons it: nothing becomes visible and staged bytes are removed
/// (best effort; a crash can leave staging data the store ignores, never a partial object).
/// </summary>
/// <remarks>Not thread-safe: one writer at a time. The upload owns <see cref="Content"/>; do not dispose it.</remarks>
public abstract class ObjectUpload : IAsyncDisposable
{
    /// <summary>A write-only, forward-only stream receiving the object's content. Owned by the upload.</summary>
    public abstract Stream Content { get; }

    /// <summary>Bytes written to <see cref="Content"/> so far.</summary>
    public abstract long Length { get; }

    /// <summary>
    /// Makes the object visible with everything written to <see cref="Content"/>. Call at most once; afterwards
    /// <see cref="Content"/> is closed. Throws <see cref="DeltaStorageException"/> when the store fails (the object is
    /// then old or absent, never partial).
    /// </summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Abandons the upload unless it completed, and releases its resources. Idempotent.</summary>
    public abstract ValueTask DisposeAsync();
}
