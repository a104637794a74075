using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// A view of another store rooted at a key prefix: key <c>k</c> here is <c>root/k</c> there. Disposing the view
/// disposes the inner store only when the view owns it.
/// </summary>
internal sealed class PrefixedObjectStore : IObjectStore
{
    private readonly IObjectStore inner;
    private readonly string root;
    private readonly bool ownsInner;
    private readonly StoreLifetime lifetime = new(typeof(PrefixedObjectStore));

    /// <param name="inner">The store viewed.</param>
    /// <param name="root">The root key prefix without leading or trailing '/'; empty for the whole store.</param>
    /// <param name="ownsInner">Whether disposing the view disposes <paramref name="inner"/>.</param>
    public PrefixedObjectStore(IObjectStore inner, string root, bool ownsInner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (root.Length != 0)
        {
            ObjectKey.Validate(root, nameof(root));
        }
        this.inner = inner;
        this.root = root.Length == 0 ? string.Empty : root + "/";
        this.ownsInner = ownsInner;
    }

    public IAsyncEnumerable<ObjectMeta> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix, nameof(prefix));
        return ListCore(prefix, startAfter, cancellationToken);
    }

    private async IAsyncEnumerable<ObjectMeta> ListCore(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lifetime.Enter();
        IAsyncEnumerable<ObjectMeta> listing = inner.ListAsync(root + prefix, startAfter is null ? null : root + startAfter, cancellationToken);
        await foreach (ObjectMeta meta in listing.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            lifetime.Enter();
            yield return meta with { Path = meta.Path[root.Length..] };
        }
    }

    public async ValueTask<ObjectMeta> GetMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            ObjectMeta meta = await inner.GetMetadataAsync(Map(path), cancellationToken).ConfigureAwait(false);
            return meta with { Path = path };
        }
        catch (DeltaObjectNotFoundException ex)
        {
            throw Relative(ex, path);
        }
    }

    public async ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.ReadRangeAsync(Map(path), offset, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaObjectNotFoundException ex)
        {
            throw Relative(ex, path);
        }
    }

    public async ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.OpenReadAsync(Map(path), cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaObjectNotFoundException ex)
        {
            throw Relative(ex, path);
        }
    }

    public ValueTask<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.PutIfAbsentAsync(Map(path), content, cancellationToken);

    public ValueTask PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.PutAsync(Map(path), content, cancellationToken);

    public ValueTask PutAsync(string path, Stream content, CancellationToken cancellationToken = default) =>
        inner.PutAsync(Map(path), content, cancellationToken);

    public ValueTask<ObjectUpload> StartPutAsync(string path, CancellationToken cancellationToken = default) =>
        inner.StartPutAsync(Map(path), cancellationToken);

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(Map(path), cancellationToken);

    // Not-found names the key the caller used, relative to this view.
    private static DeltaObjectNotFoundException Relative(DeltaObjectNotFoundException ex, string path) =>
        new(path, ex);

    public ValueTask DisposeAsync() => lifetime.MarkDisposed() && ownsInner ? inner.DisposeAsync() : ValueTask.CompletedTask;

    private string Map(string path)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        return root + path;
    }
}
