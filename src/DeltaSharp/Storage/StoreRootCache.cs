using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// The stores one table opened for locations outside its root: one per store root (the local file system, an
/// in-memory store, an S3 bucket, an Azure container), opened on first use through the table's
/// <see cref="ObjectStoreOptions"/> and kept until the cache is disposed.
/// </summary>
/// <remarks>
/// <para>Thread-safe: concurrent scans share one store per root (opening performs no I/O, so it happens under the
/// lock and a root is never opened twice).</para>
/// <para>Roots are identified by <see cref="ObjectStoreUri.ToString"/>, which leaves out the query: two locations in
/// one Azure container with different SAS tokens share the store opened with the first token.</para>
/// <para>Ownership: the cache owns every store it opened; <see cref="DisposeAsync"/> disposes them all, and
/// <see cref="GetOrOpen"/> afterwards throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
internal sealed class StoreRootCache : IAsyncDisposable
{
    private readonly ObjectStoreOptions options;
    private readonly Lock sync = new();
    private readonly Dictionary<string, IObjectStore> stores = new(StringComparer.Ordinal);
    private bool disposed;

    public StoreRootCache(ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>How many stores are open (for tests).</summary>
    public int Count
    {
        get
        {
            lock (sync)
            {
                return stores.Count;
            }
        }
    }

    /// <summary>The store rooted at <paramref name="root"/>, opened on first use.</summary>
    /// <exception cref="ObjectDisposedException">The cache is disposed.</exception>
    /// <exception cref="NotSupportedException">No provider is registered for the root's scheme.</exception>
    public IObjectStore GetOrOpen(ObjectStoreUri root)
    {
        ArgumentNullException.ThrowIfNull(root);
        string id = root.ToString();
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!stores.TryGetValue(id, out IObjectStore? store))
            {
                store = options.Open(root);
                stores.Add(id, store);
            }
            return store;
        }
    }

    /// <summary>Disposes every store opened; idempotent. All stores are disposed even when one fails (the first
    /// failure is rethrown afterwards).</summary>
    public async ValueTask DisposeAsync()
    {
        IObjectStore[] opened;
        lock (sync)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            opened = [.. stores.Values];
            stores.Clear();
        }
        Exception? first = null;
        foreach (IObjectStore store in opened)
        {
            try
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                first ??= ex;
            }
        }
        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }
}
