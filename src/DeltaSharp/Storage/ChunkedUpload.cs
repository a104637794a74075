using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// One upload of a stream of unknown length to an object store that assembles large objects from parts (S3
/// multipart upload, Azure Put Block / Put Block List): the shared driver of
/// <see cref="IObjectStore.PutAsync(string, Stream, CancellationToken)"/> over a store-specific set of requests.
/// </summary>
/// <remarks>
/// <para><b>Flow</b> (<see cref="UploadAsync"/>): the first chunk is read; if the stream ends inside it, the object
/// is written with one request (<see cref="PutWholeAsync"/>). Otherwise <see cref="BeginAsync"/> starts the upload,
/// every chunk of <c>chunkSize</c> bytes (the last one shorter) goes to <see cref="UploadPartAsync"/>, up to
/// <c>concurrency</c> parts in flight, and <see cref="CompleteAsync"/> commits the parts in order. Readers see the old
/// object or the new one, whole.</para>
/// <para><b>Memory</b>: chunks are pooled buffers; back-pressure keeps at most <c>concurrency</c> of them alive (a
/// part holds a slot from before its buffer is filled until its request ends). A part's memory is valid only until
/// the task returned by <see cref="UploadPartAsync"/> completes; implementations must not keep it.</para>
/// <para><b>Failure</b>: on the first failure (of a part, of the stream, of the commit, or cancellation) the parts in
/// flight are cancelled and awaited, <see cref="AbortAsync"/> runs (only after a successful
/// <see cref="BeginAsync"/>), and the first failure propagates unchanged: implementations map their own SDK errors to
/// <see cref="DeltaStorageException"/>s. The caller keeps ownership of the stream.</para>
/// <para>An instance performs one upload and is not thread-safe; <see cref="UploadPartAsync"/> is called
/// concurrently with itself and must be safe for that.</para>
/// </remarks>
/// <typeparam name="TPart">What the store needs to remember of an uploaded part to commit it (an ETag, a block id).</typeparam>
internal abstract class ChunkedUpload<TPart>
{
    private readonly int chunkSize;
    private readonly int concurrency;
    private readonly StoreLifetime lifetime;

    /// <param name="path">The object's key relative to the store root (for messages).</param>
    /// <param name="key">The object's full key in the service (root prefix included).</param>
    /// <param name="chunkSize">Bytes per part (the store's minimum part size or more).</param>
    /// <param name="concurrency">Parts uploaded at once (at least 1).</param>
    /// <param name="lifetime">The store's lifetime, entered before every part (fork guard, disposal).</param>
    protected ChunkedUpload(string path, string key, int chunkSize, int concurrency, StoreLifetime lifetime)
    {
        Path = path;
        Key = key;
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentNullException.ThrowIfNull(lifetime);
        this.chunkSize = chunkSize;
        this.concurrency = concurrency;
        this.lifetime = lifetime;
    }

    /// <summary>The object's key relative to the store root.</summary>
    protected string Path { get; }

    /// <summary>The object's full key in the service.</summary>
    protected string Key { get; }

    /// <summary>Writes an object smaller than one chunk with a single request. <paramref name="content"/> is valid
    /// until the returned task completes.</summary>
    protected abstract ValueTask PutWholeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Starts the multi-part upload (S3: initiate; Azure: choose the block ids).</summary>
    protected abstract ValueTask BeginAsync(CancellationToken cancellationToken);

    /// <summary>Uploads part <paramref name="index"/> (0-based, in stream order). Called concurrently.</summary>
    protected abstract Task<TPart> UploadPartAsync(int index, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>Commits <paramref name="parts"/> (in stream order) as the object.</summary>
    protected abstract ValueTask CompleteAsync(IReadOnlyList<TPart> parts, CancellationToken cancellationToken);

    /// <summary>Best-effort clean-up of a failed upload after a successful <see cref="BeginAsync"/>; must not throw.</summary>
    protected abstract ValueTask AbortAsync();

    /// <summary>Uploads everything read from <paramref name="content"/> (see the remarks for the flow).</summary>
    public async ValueTask UploadAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        byte[] first = ArrayPool<byte>.Shared.Rent(chunkSize);
        bool multipart = false;
        try
        {
            int firstLength = await content.ReadAtLeastAsync(first.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (firstLength < chunkSize)
            {
                await PutWholeAsync(first.AsMemory(0, firstLength), cancellationToken).ConfigureAwait(false);
                return;
            }
            await BeginAsync(cancellationToken).ConfigureAwait(false);
            multipart = true;
        }
        finally
        {
            if (!multipart)
            {
                ArrayPool<byte>.Shared.Return(first);
            }
        }
        // The first part takes ownership of the filled first buffer.
        await UploadPartsAsync(first, content, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask UploadPartsAsync(byte[] first, Stream content, CancellationToken cancellationToken)
    {
        using var partCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(concurrency);
        var uploads = new List<Task<TPart>>();
        byte[]? buffer = first;
        int length = chunkSize;
        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            for (int index = 0; ; index++)
            {
                lifetime.Enter();
                uploads.Add(UploadOwnedPartAsync(index, buffer, length, slots, partCancellation.Token));
                buffer = null;
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (Task<TPart> upload in uploads)
                {
                    if (upload.IsFaulted || upload.IsCanceled)
                    {
                        slots.Release();
                        await upload.ConfigureAwait(false);
                    }
                }
                buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
                length = await content.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    slots.Release();
                    break;
                }
            }
            TPart[] parts = await Task.WhenAll(uploads).ConfigureAwait(false);
            await CompleteAsync(parts, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            await partCancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(uploads).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Failures of the other parts are subsumed by the first one.
            }
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Runs holding one slot of `slots` (taken by the caller); releases it and returns the buffer when done.
    private async Task<TPart> UploadOwnedPartAsync(int index, byte[] buffer, int length, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            return await UploadPartAsync(index, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
