using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> held in memory, with the same semantics as the other stores (UTF-8 byte-ordered
/// listing, atomic create-if-absent, idempotent delete). For tests and scratch tables; share one instance explicitly
/// (or register it by name with <see cref="ObjectStoreOptions.AddInMemoryStore"/>) to let several openers see the
/// same objects.
/// </summary>
/// <remarks>
/// Objects are immutable byte arrays replaced whole, so readers see old or new content, never a mix. Listings page
/// <see cref="PageSize"/> keys at a time under the lock and resume after the last key, so a listing sees concurrent
/// changes past its cursor the way an S3 listing does. Thread-safe. Insertion is O(n) in the number of keys (keys
/// are a sorted array; appending in key order is O(1)).
/// </remarks>
public sealed class InMemoryObjectStore : IObjectStore
{
    /// <summary>Keys fetched per listing page.</summary>
    public const int PageSize = 1000;

    private readonly StoreLifetime lifetime = new(typeof(InMemoryObjectStore));
    private readonly Lock sync = new();
    private readonly List<string> keys = new();
    private readonly Dictionary<string, StoredObject> objects = new(StringComparer.Ordinal);
    private readonly TimeProvider timeProvider;
    private long version;

    /// <summary>Creates an empty store using the system clock for modification times.</summary>
    public InMemoryObjectStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store that stamps objects with <paramref name="timeProvider"/>'s clock.</summary>
    public InMemoryObjectStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
    }

    /// <summary>Number of objects stored.</summary>
    public int Count
    {
        get
        {
            lock (sync)
            {
                return keys.Count;
            }
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ObjectMeta> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix, nameof(prefix));
        return ListCore(prefix, startAfter, cancellationToken);
    }

    private async IAsyncEnumerable<ObjectMeta> ListCore(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = startAfter;
        var page = new List<ObjectMeta>(PageSize);
        while (true)
        {
            lifetime.Enter();
            cancellationToken.ThrowIfCancellationRequested();
            page.Clear();
            bool more = FillPage(prefix, cursor, page);
            for (int i = 0; i < page.Count; i++)
            {
                if (i > 0)
                {
                    lifetime.Enter();
                    cancellationToken.ThrowIfCancellationRequested();
                }
                yield return page[i];
            }
            if (!more || page.Count == 0)
            {
                yield break;
            }
            cursor = page[^1].Path;
            await Task.Yield();
        }
    }

    private bool FillPage(string prefix, string? cursor, List<ObjectMeta> page)
    {
        lock (sync)
        {
            // Start at the first key >= prefix, or the first key > cursor when the cursor is past the prefix.
            bool fromCursor = cursor is not null && Utf8KeyComparer.CompareSpans(cursor, prefix) >= 0;
            string lower = fromCursor ? cursor! : prefix;
            int index = keys.BinarySearch(lower, Utf8KeyComparer.Instance);
            index = index >= 0 ? (fromCursor ? index + 1 : index) : ~index;
            for (; index < keys.Count; index++)
            {
                string key = keys[index];
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return false;
                }
                if (page.Count == PageSize)
                {
                    return true;
                }
                StoredObject stored = objects[key];
                page.Add(new ObjectMeta(key, stored.Content.Length, stored.LastModified, stored.ETag));
            }
            return false;
        }
    }

    /// <inheritdoc />
    public ValueTask<ObjectMeta> GetMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        StoredObject stored = Get(path, cancellationToken);
        return ValueTask.FromResult(new ObjectMeta(path, stored.Content.Length, stored.LastModified, stored.ETag));
    }

    /// <inheritdoc />
    public ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        StoredObject stored = Get(path, cancellationToken);
        if (offset + destination.Length > stored.Content.Length)
        {
            throw new DeltaStorageException(
                $"In-memory store: range [{offset}, {offset + destination.Length}) of '{path}' extends past its end ({stored.Content.Length} bytes).");
        }
        stored.Content.AsSpan((int)offset, destination.Length).CopyTo(destination.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        StoredObject stored = Get(path, cancellationToken);
        return ValueTask.FromResult<Stream>(new MemoryStream(stored.Content, writable: false));
    }

    /// <inheritdoc />
    public ValueTask<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        byte[] copy = content.ToArray();
        lock (sync)
        {
            if (objects.ContainsKey(path))
            {
                return ValueTask.FromResult(false);
            }
            Store(path, copy);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        byte[] copy = content.ToArray();
        lock (sync)
        {
            Store(path, copy);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        lifetime.Enter();
        byte[] copy = buffer.ToArray();
        lock (sync)
        {
            Store(path, copy);
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        lock (sync)
        {
            if (objects.Remove(path))
            {
                int index = keys.BinarySearch(path, Utf8KeyComparer.Instance);
                keys.RemoveAt(index);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Marks the store disposed: every later call on it (and on listings in progress) throws
    /// <see cref="ObjectDisposedException"/>. The objects are released with the instance.</summary>
    public ValueTask DisposeAsync()
    {
        lifetime.MarkDisposed();
        return ValueTask.CompletedTask;
    }

    private StoredObject Get(string path, CancellationToken cancellationToken)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        lock (sync)
        {
            return objects.TryGetValue(path, out StoredObject? stored) ? stored : throw new DeltaObjectNotFoundException(path);
        }
    }

    // Caller holds the lock.
    private void Store(string path, byte[] content)
    {
        if (!objects.ContainsKey(path))
        {
            int index = keys.Count == 0 || Utf8KeyComparer.CompareSpans(keys[^1], path) < 0
                ? keys.Count
                : ~keys.BinarySearch(path, Utf8KeyComparer.Instance);
            keys.Insert(index, path);
        }
        long tag = ++version;
        objects[path] = new StoredObject(content, timeProvider.GetUtcNow(), "\"" + tag.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"");
    }

    private sealed record StoredObject(byte[] Content, DateTimeOffset LastModified, string ETag);
}
