using System;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Storage;

namespace DeltaSharp.Actions;

/// <summary>
/// Maps the file paths of one table's log (add/remove/cdc <c>path</c>, absolute deletion vectors) to the store and
/// key to read them from. PROTOCOL.md: a path is a percent-encoded URI, "either relative to the table root or an
/// absolute path".
/// </summary>
/// <remarks>
/// <para>Relative paths are keys of the table's store, decoded. Absolute paths (<c>/data/x</c>, <c>file:/x</c>,
/// <c>file:///x</c>, <c>s3://b/x</c>, <c>s3a://</c>, <c>abfss://</c>, <c>wasbs://</c>, <c>az://</c>, Azure
/// <c>https://</c>, <c>memory://</c>) under the table root are keys of the table's store too; anywhere else (a
/// shallow clone's source table, another bucket or container, another scheme) they are read through a store opened
/// for the root of that location (bucket, container, local file system) with the table's
/// <see cref="ObjectStoreOptions"/> — the registrations the user made for the table — one store per root, reused.</para>
/// <para>Thread-safe. Performs no I/O. Owned by the table's context: <see cref="DisposeAsync"/> disposes the stores
/// opened for outside locations (never the table's own store).</para>
/// </remarks>
internal sealed class TablePaths : IAsyncDisposable
{
    private readonly ObjectStoreOptions storage;
    private readonly StoreRootCache externalStores;
    private TableRoot? tableRoot;
    private int tableRootState;

    /// <param name="tableStore">The store rooted at the table root.</param>
    /// <param name="tableLocation">The table's location as given when opening.</param>
    /// <param name="storage">The options the table's store came from (or the defaults when the caller gave a store).</param>
    public TablePaths(IObjectStore tableStore, string tableLocation, ObjectStoreOptions storage)
    {
        ArgumentNullException.ThrowIfNull(tableStore);
        ArgumentNullException.ThrowIfNull(tableLocation);
        ArgumentNullException.ThrowIfNull(storage);
        TableStore = tableStore;
        TableLocation = tableLocation;
        this.storage = storage;
        externalStores = new StoreRootCache(storage);
    }

    /// <summary>The store rooted at the table root.</summary>
    public IObjectStore TableStore { get; }

    /// <summary>The table's location as given when opening.</summary>
    public string TableLocation { get; }

    /// <summary>How many stores were opened for locations outside the table root (for tests).</summary>
    internal int ExternalStoreCount => externalStores.Count;

    /// <summary>A key of the table's own store (relative deletion vectors, which PROTOCOL.md places under the
    /// table root whatever file they belong to).</summary>
    public ResolvedFile TableKey(string key) => new(TableStore, key, key, IsExternal: false);

    /// <summary>Where to read the file whose log path is <paramref name="path"/> (percent-encoded, as written).</summary>
    /// <exception cref="DeltaDataFileException">The path is not a valid location, or it lies outside the table root in
    /// a location whose scheme has no store registered in the table's options (the message names the file, the table
    /// and the <c>Use...</c> call that adds the scheme).</exception>
    /// <exception cref="ObjectDisposedException">The table is disposed (for files outside its root).</exception>
    public ResolvedFile Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string decoded = FilePaths.Decode(path);
        if (!FilePaths.IsAbsolute(decoded))
        {
            return new ResolvedFile(TableStore, decoded, decoded, IsExternal: false);
        }
        return ResolveAbsolute(path, decoded);
    }

    private ResolvedFile ResolveAbsolute(string path, string decoded)
    {
        ObjectStoreUri location;
        string key;
        ObjectStoreUri root;
        try
        {
            location = ParseAbsolute(path, decoded);
            key = storage.SplitAtStoreRoot(location, out root);
        }
        catch (NotSupportedException ex)
        {
            // No store for that scheme: still readable when the text shows it under the table root (a table opened
            // over the caller's own store, whose scheme the options need not know).
            if (TryGetKeyUnderRoot(decoded, TableLocation, out string inside))
            {
                return new ResolvedFile(TableStore, inside, inside, IsExternal: false);
            }
            string scheme = SchemeOf(decoded);
            throw new DeltaDataFileException(
                $"The file '{ObjectStoreUri.Redact(decoded)}' of the table '{ObjectStoreUri.Redact(TableLocation)}' is in {scheme}:// storage outside the table root, " +
                $"and the table's storage options have no store for {scheme}://; to read it, {ObjectStoreOptions.MissingProviderHint(scheme)} given as DeltaTableOptions.Storage",
                ObjectStoreUri.Redact(decoded), ex);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(decoded, ex.Message, ex);
        }
        TableRoot? table = GetTableRoot();
        if (table is not null)
        {
            if (table.Root == root.ToString())
            {
                if (table.Prefix.Length == 0 && key.Length != 0)
                {
                    return new ResolvedFile(TableStore, key, key, IsExternal: false);
                }
                if (key.Length > table.Prefix.Length && key[table.Prefix.Length] == '/' && key.StartsWith(table.Prefix, StringComparison.Ordinal))
                {
                    string inside = key[(table.Prefix.Length + 1)..];
                    return new ResolvedFile(TableStore, inside, inside, IsExternal: false);
                }
            }
        }
        else if (TryGetKeyUnderRoot(decoded, TableLocation, out string inside))
        {
            return new ResolvedFile(TableStore, inside, inside, IsExternal: false);
        }
        string display = location.ToString();
        if (key.Length == 0)
        {
            throw Invalid(decoded, "it names the root of a store, not a file", null);
        }
        try
        {
            ObjectKey.Validate(key, nameof(path));
        }
        catch (ArgumentException ex)
        {
            throw Invalid(decoded, ex.Message, ex);
        }
        IObjectStore store;
        try
        {
            store = externalStores.GetOrOpen(root);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(decoded, ex.Message, ex);
        }
        return new ResolvedFile(store, key, display, IsExternal: true);
    }

    private DeltaDataFileException Invalid(string decoded, string why, Exception? inner) =>
        new($"The path '{ObjectStoreUri.Redact(decoded)}' in the log of the table '{ObjectStoreUri.Redact(TableLocation)}' is not a readable location: {why}",
            ObjectStoreUri.Redact(decoded), inner);

    /// <summary>Disposes the stores opened for locations outside the table root.</summary>
    public ValueTask DisposeAsync() => externalStores.DisposeAsync();

    // The table location split at its store root, computed on the first absolute path (most tables have none), or
    // null when the location is not one the options can open (a table opened over a caller's store with a label).
    private TableRoot? GetTableRoot()
    {
        if (Volatile.Read(ref tableRootState) != 0)
        {
            return tableRoot;
        }
        TableRoot? computed = null;
        try
        {
            ObjectStoreUri location = ObjectStoreUri.Parse(TableLocation);
            // A local location keeps a trailing '/' ("/data/t/"); the prefix must not.
            string prefix = storage.SplitAtStoreRoot(location, out ObjectStoreUri root).TrimEnd('/');
            computed = new TableRoot(root.ToString(), prefix);
        }
        catch (ArgumentException)
        {
        }
        catch (NotSupportedException)
        {
        }
        tableRoot = computed;
        Volatile.Write(ref tableRootState, 1);
        return computed;
    }

    /// <summary>
    /// Parses an absolute log path: a rooted path (<c>/data/x</c>, from the decoded text, taken literally) or a URI
    /// (from the text as written, so each escape is decoded exactly once; a literal '?' is part of the path, not a
    /// query). A scheme other than <c>file</c> needs an authority (<c>scheme://authority/...</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Not a location.</exception>
    internal static ObjectStoreUri ParseAbsolute(string path, string decoded)
    {
        if (decoded.StartsWith('/'))
        {
            return ObjectStoreUri.FromLocalPath(decoded);
        }
        int colon = path.IndexOf(':', StringComparison.Ordinal);
        bool isFile = colon == 4 && path.StartsWith("file", StringComparison.OrdinalIgnoreCase);
        if (colon <= 0 || (!isFile && string.CompareOrdinal(path, colon, "://", 0, 3) != 0))
        {
            throw new ArgumentException($"'{ObjectStoreUri.Redact(decoded)}' is neither a rooted path nor a scheme://authority/path URI.", nameof(path));
        }
        return ObjectStoreUri.Parse(path.Replace("?", "%3F", StringComparison.Ordinal));
    }

    /// <summary>
    /// The key below the table root when the decoded absolute path textually starts with the table location (with
    /// the <c>file:</c> variants made equal); false otherwise.
    /// </summary>
    internal static bool TryGetKeyUnderRoot(string decodedPath, string tableLocation, out string key)
    {
        string path = Normalize(decodedPath);
        string root = Normalize(tableLocation).TrimEnd('/') + "/";
        if (path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal))
        {
            key = path.Substring(root.Length);
            return true;
        }
        key = string.Empty;
        return false;
    }

    private static string SchemeOf(string decoded)
    {
        if (decoded.StartsWith('/'))
        {
            return "file";
        }
        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? "file" : decoded[..colon].ToLowerInvariant();
    }

    /// <summary>Drops the <c>file:</c> scheme variants (<c>file:/x</c>, <c>file:///x</c>) so local paths compare equal.</summary>
    private static string Normalize(string location)
    {
        if (location.StartsWith("file:///", StringComparison.OrdinalIgnoreCase))
        {
            return location.Substring("file://".Length);
        }
        if (location.StartsWith("file:/", StringComparison.OrdinalIgnoreCase))
        {
            return location.Substring("file:".Length);
        }
        return location;
    }

    /// <summary>The table location split at its store root: the root's identity and the table's key prefix in it.</summary>
    private sealed record TableRoot(string Root, string Prefix);
}
