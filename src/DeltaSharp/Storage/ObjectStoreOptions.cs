using System;
using System.Collections.Generic;
using System.Threading;

namespace DeltaSharp.Storage;

/// <summary>
/// Chooses and configures the object store for a location. Holds explicitly registered providers per URI scheme
/// — there is no process-wide registry: each options object (typically the one in the table options) carries its
/// own. Local paths, <c>file://</c> and <c>memory://</c> are built in; <c>UseS3(...)</c>
/// (DeltaSharp.Storage.S3) and <c>UseAzure(...)</c> (DeltaSharp.Storage.Azure) add the cloud schemes.
/// </summary>
/// <example>
/// <code>
/// var storage = new ObjectStoreOptions().UseS3().UseAzure();
/// await using IObjectStore store = storage.Open("s3://bucket/tables/events");
/// await foreach (ObjectMeta m in store.ListAsync("_delta_log/")) { ... }
/// </code>
/// </example>
/// <remarks>
/// <para>Configure first (<see cref="Register"/>, <see cref="AddInMemoryStore"/>), then share: <see cref="Open(string)"/>
/// is thread-safe; registering concurrently with opening is also safe (a lock guards the tables).</para>
/// <para><c>memory://name/path</c> opens a view rooted at <c>path</c> of the in-memory store called <c>name</c> in
/// THIS options object (created empty on first use, or added with <see cref="AddInMemoryStore"/>). Two opens of
/// the same name through the same options see the same objects; disposing a view does not dispose the store.</para>
/// </remarks>
public sealed class ObjectStoreOptions
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, List<IObjectStoreProvider>> providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InMemoryObjectStore> memoryStores = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers <paramref name="provider"/> for <paramref name="scheme"/> (case-insensitive, without "://").
    /// Providers registered later for the same scheme are asked first (<see cref="IObjectStoreProvider.CanOpen"/>).
    /// Registering for <c>file</c> or <c>memory</c> overrides the built-in stores.
    /// </summary>
    /// <returns>This object, for chaining.</returns>
    public ObjectStoreOptions Register(string scheme, IObjectStoreProvider provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(provider);
        string key = scheme.ToLowerInvariant();
        lock (sync)
        {
            if (!providers.TryGetValue(key, out List<IObjectStoreProvider>? list))
            {
                list = new List<IObjectStoreProvider>();
                providers.Add(key, list);
            }
            list.Insert(0, provider);
        }
        return this;
    }

    /// <summary>Whether a provider is registered for <paramref name="scheme"/> (built-ins excluded).</summary>
    public bool IsRegistered(string scheme)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        lock (sync)
        {
            return providers.ContainsKey(scheme.ToLowerInvariant());
        }
    }

    /// <summary>Makes <paramref name="store"/> reachable as <c>memory://<paramref name="name"/>/...</c> through this
    /// options object. The caller keeps ownership of the store.</summary>
    /// <exception cref="ArgumentException">A different store already has that name.</exception>
    public ObjectStoreOptions AddInMemoryStore(string name, InMemoryObjectStore store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(store);
        lock (sync)
        {
            if (memoryStores.TryGetValue(name, out InMemoryObjectStore? existing) && !ReferenceEquals(existing, store))
            {
                throw new ArgumentException($"An in-memory store named '{name}' is already registered.", nameof(name));
            }
            memoryStores[name] = store;
        }
        return this;
    }

    /// <summary>The in-memory store called <paramref name="name"/> in this options object, created if absent.</summary>
    public InMemoryObjectStore GetOrAddInMemoryStore(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (sync)
        {
            if (!memoryStores.TryGetValue(name, out InMemoryObjectStore? store))
            {
                store = new InMemoryObjectStore();
                memoryStores.Add(name, store);
            }
            return store;
        }
    }

    /// <summary>
    /// Returns a store rooted at <paramref name="location"/> (see <see cref="ObjectStoreUri"/> for the forms): key
    /// <c>k</c> of the returned store is <c>location/k</c>. Performs no I/O. The caller owns the store and must
    /// dispose it.
    /// </summary>
    /// <exception cref="ArgumentException">The location is malformed.</exception>
    /// <exception cref="NotSupportedException">No provider is registered for the scheme (the message says which
    /// package's <c>Use...</c> method adds it).</exception>
    public IObjectStore Open(string location) => Open(ObjectStoreUri.Parse(location));

    /// <summary>As <see cref="Open(string)"/>, for a <see cref="Uri"/> (its original string is parsed).</summary>
    public IObjectStore Open(Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return Open(location.IsAbsoluteUri && location.IsFile ? location.LocalPath : location.OriginalString);
    }

    /// <summary>As <see cref="Open(string)"/>, for a parsed location.</summary>
    public IObjectStore Open(ObjectStoreUri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        IObjectStoreProvider? provider = FindProvider(location);
        if (provider is not null)
        {
            return provider.Open(location);
        }
        switch (location.Scheme)
        {
            case "file":
                return new LocalObjectStore(location.Path);
            case "memory":
                return new PrefixedObjectStore(GetOrAddInMemoryStore(MemoryStoreName(location)), location.Path, ownsInner: false);
            default:
                throw new NotSupportedException($"No store registered for '{location.Scheme}://' ({location}): {MissingProviderHint(location.Scheme)}.");
        }
    }

    /// <summary>
    /// Splits <paramref name="location"/> at the root of the store that holds it (the local file system, an
    /// in-memory store, an S3 bucket, an Azure container: <see cref="IObjectStoreProvider.GetStoreRoot"/>) and
    /// returns the key of the location below that root ("" for the root itself). Performs no I/O.
    /// </summary>
    /// <exception cref="NotSupportedException">No provider is registered for the scheme.</exception>
    /// <exception cref="ArgumentException">The location is malformed, or the provider named a root that does not
    /// contain it.</exception>
    internal string SplitAtStoreRoot(ObjectStoreUri location, out ObjectStoreUri root)
    {
        ArgumentNullException.ThrowIfNull(location);
        IObjectStoreProvider? provider = FindProvider(location);
        if (provider is not null)
        {
            root = provider.GetStoreRoot(location);
        }
        else
        {
            switch (location.Scheme)
            {
                case "file":
                    root = location.WithPath("/");
                    break;
                case "memory":
                    _ = MemoryStoreName(location);
                    root = location.WithPath(string.Empty);
                    break;
                default:
                    throw new NotSupportedException($"No store registered for '{location.Scheme}://' ({location}): {MissingProviderHint(location.Scheme)}.");
            }
        }
        return KeyBelow(root, location);
    }

    /// <summary>What to call to make <paramref name="scheme"/> readable, for messages ("call UseS3() ...").</summary>
    internal static string MissingProviderHint(string scheme) => scheme switch
    {
        "s3" or "s3a" => "call UseS3() from DeltaSharp.Storage.S3 on the ObjectStoreOptions",
        "az" or "azure" or "abfs" or "abfss" or "wasb" or "wasbs" or "https" or "http" => "call UseAzure() from DeltaSharp.Storage.Azure on the ObjectStoreOptions",
        _ => $"register an IObjectStoreProvider for '{scheme}' with ObjectStoreOptions.Register",
    };

    // The provider asked first for the location's scheme that accepts it, or null (built-ins, or nothing).
    private IObjectStoreProvider? FindProvider(ObjectStoreUri location)
    {
        lock (sync)
        {
            if (providers.TryGetValue(location.Scheme, out List<IObjectStoreProvider>? list))
            {
                foreach (IObjectStoreProvider provider in list)
                {
                    if (provider.CanOpen(location))
                    {
                        return provider;
                    }
                }
            }
        }
        return null;
    }

    private static string MemoryStoreName(ObjectStoreUri location) =>
        location.Authority.Length != 0
            ? location.Authority
            : throw new ArgumentException($"memory:// location '{location}' needs a store name: memory://name/path.", nameof(location));

    // The key of location below root: root must be the same store (scheme, authority) with a path that is a
    // segment-wise prefix of location's.
    private static string KeyBelow(ObjectStoreUri root, ObjectStoreUri location)
    {
        if (root.Scheme != location.Scheme || !root.Authority.Equals(location.Authority, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The store root '{root}' does not contain '{location}'.", nameof(root));
        }
        string rootPath = root.Scheme == "file" ? root.Path.TrimEnd('/') : root.Path;
        string path = location.Path;
        if (root.Scheme == "file" && !path.StartsWith('/'))
        {
            throw new ArgumentException($"The local location '{location}' is not absolute.", nameof(location));
        }
        if (rootPath.Length == 0)
        {
            return root.Scheme == "file" ? path.TrimStart('/') : path;
        }
        if (path == rootPath)
        {
            return string.Empty;
        }
        if (path.Length > rootPath.Length && path[rootPath.Length] == '/' && path.StartsWith(rootPath, StringComparison.Ordinal))
        {
            return path[(rootPath.Length + 1)..];
        }
        throw new ArgumentException($"The store root '{root}' does not contain '{location}'.", nameof(root));
    }
}
