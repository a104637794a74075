using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// A flat key/value object store rooted at one location (a directory, a bucket prefix, a container path).
/// Everything DeltaSharp reads and writes goes through this interface; the Delta protocol layer never touches
/// files or HTTP directly.
/// </summary>
/// <remarks>
/// <para><b>Keys</b> are relative to the store's root, '/'-separated, without a leading '/'.</para>
/// <para><b>Thread safety</b>: implementations are safe for concurrent use by any number of threads.</para>
/// <para><b>Errors</b>: a missing object is a <see cref="DeltaObjectNotFoundException"/>; every other failure is a
/// <see cref="DeltaStorageException"/> (or subclass) naming the key and saying whether a retry can help, with the
/// SDK's exception as <see cref="Exception.InnerException"/>. Secrets never appear in messages.
/// Cancellation is an <see cref="OperationCanceledException"/>.</para>
/// <para><b>Disposal</b>: after <see cref="IAsyncDisposable.DisposeAsync"/>, every call — including the next step of a
/// listing already in progress — throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>
    /// Lists the objects whose key starts with <paramref name="prefix"/>, in ascending UTF-8 byte order of the key,
    /// optionally only those whose key is strictly greater than <paramref name="startAfter"/>.
    /// </summary>
    /// <remarks>The sequence is self-contained: it copies its arguments, starts no I/O before the first
    /// <c>MoveNextAsync</c>, pages underneath with bounded memory, and honours both this token and the one passed
    /// to <c>WithCancellation</c>.</remarks>
    IAsyncEnumerable<ObjectMeta> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the object's metadata; throws <see cref="DeltaObjectNotFoundException"/> when absent.</summary>
    ValueTask<ObjectMeta> GetMetadataAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads exactly <c>destination.Length</c> bytes starting at <paramref name="offset"/> into the caller's buffer.
    /// Throws <see cref="DeltaStorageException"/> when the object is shorter than <c>offset + destination.Length</c>.
    /// The caller owns <paramref name="destination"/>; the store does not keep it after the call completes.
    /// </summary>
    ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the whole object for sequential reading. The caller owns and must dispose the stream. The stream
    /// reads lazily (a large object is never materialised whole) and honours the token passed to its reads.
    /// </summary>
    ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically creates the object if no object with that key exists. Returns true when this call created it,
    /// false when it already existed (the existing object is untouched). Never partially visible: concurrent
    /// readers see either nothing or the whole content. This is the primitive Delta commits are built on.
    /// </summary>
    ValueTask<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the object with <paramref name="content"/>; readers see old or new, whole.</summary>
    ValueTask PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces the object with everything read from <paramref name="content"/> (a large upload:
    /// multipart/blocks where the store has them). Readers see old or new, whole. The caller keeps ownership of
    /// the stream.
    /// </summary>
    ValueTask PutAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts creating or replacing the object incrementally: write its content to <see cref="ObjectUpload.Content"/>,
    /// then <see cref="ObjectUpload.CompleteAsync"/> makes it visible whole (readers see old or new, whole); disposing
    /// without completing abandons it. The default spools the content to a temporary local file and calls
    /// <see cref="PutAsync(string, Stream, CancellationToken)"/> on completion; stores that can stage in place (local
    /// disk: a staging file beside the target, then a rename) override it and avoid the second copy.
    /// </summary>
    ValueTask<ObjectUpload> StartPutAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<ObjectUpload>(new SpooledObjectUpload(this, path));
    }

    /// <summary>Deletes the object; deleting an absent object succeeds (idempotent).</summary>
    ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default);
}
