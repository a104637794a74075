using System;

namespace DeltaSharp.Storage;

/// <summary>
/// A parsed storage location: <c>scheme://authority/path?query</c>, or a plain local path (scheme <c>file</c>,
/// empty authority). Used by <see cref="ObjectStoreOptions"/> and its providers to route a location to a store.
/// </summary>
/// <remarks>
/// <para>Forms: a plain path (<c>/data/t</c>, <c>data/t</c>, taken literally, made absolute against the current
/// directory), <c>file:///data/t</c>, <c>memory://name/path</c>, <c>s3://bucket/prefix</c>, <c>s3a://bucket/prefix</c>,
/// <c>az://container/path</c>, <c>abfss://container@account.dfs.core.windows.net/path</c>,
/// <c>https://account.blob.core.windows.net/container/path</c>.</para>
/// <para>The scheme is lower-cased. In URI forms the path is percent-decoded (<c>my%20table</c> → <c>my table</c>)
/// and has no leading or trailing '/'; in a plain path it is the absolute path, verbatim. The query (for example a
/// SAS token) is kept in <see cref="Query"/> and is never included in <see cref="ToString"/>.</para>
/// </remarks>
public sealed class ObjectStoreUri
{
    private ObjectStoreUri(string scheme, string authority, string path, string? query, bool isPlainPath)
    {
        Scheme = scheme;
        Authority = authority;
        Path = path;
        Query = query;
        IsPlainPath = isPlainPath;
    }

    /// <summary>The lower-cased scheme (<c>file</c> for plain paths).</summary>
    public string Scheme { get; }

    /// <summary>The authority (bucket, container, <c>container@account.host</c>, host[:port]); empty for local paths.</summary>
    public string Authority { get; }

    /// <summary>The decoded path: for local locations the absolute file-system path; otherwise the path after the
    /// authority without leading or trailing '/' (possibly empty).</summary>
    public string Path { get; }

    /// <summary>The query string without '?', or null. May hold secrets (SAS); never log it.</summary>
    public string? Query { get; }

    /// <summary>True when the location was a plain file-system path rather than a URI.</summary>
    public bool IsPlainPath { get; }

    /// <summary>Parses <paramref name="location"/>.</summary>
    /// <exception cref="ArgumentException">Empty, or a URI with an empty scheme.</exception>
    public static ObjectStoreUri Parse(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        int separator = location.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0 && location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // Hadoop's "file:/data/t".
            return new ObjectStoreUri("file", string.Empty, System.IO.Path.GetFullPath(Uri.UnescapeDataString(location[5..])), null, isPlainPath: false);
        }
        if (separator < 0)
        {
            return new ObjectStoreUri("file", string.Empty, System.IO.Path.GetFullPath(location), null, isPlainPath: true);
        }
        if (separator == 0)
        {
            throw new ArgumentException($"Storage location '{Redact(location)}' has an empty scheme.", nameof(location));
        }
        string scheme = location[..separator].ToLowerInvariant();
        for (int i = 0; i < scheme.Length; i++)
        {
            char c = scheme[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                throw new ArgumentException($"Storage location '{Redact(location)}' has an invalid scheme.", nameof(location));
            }
        }
        string rest = location[(separator + 3)..];
        string? query = null;
        int questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string authority = slash < 0 ? rest : rest[..slash];
        string path = slash < 0 ? string.Empty : Uri.UnescapeDataString(rest[(slash + 1)..]);
        if (scheme == "file")
        {
            if (authority.Length != 0 && !authority.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"file:// location '{location}' names a remote host; only local paths are supported.", nameof(location));
            }
            return new ObjectStoreUri("file", string.Empty, System.IO.Path.GetFullPath("/" + path), null, isPlainPath: false);
        }
        return new ObjectStoreUri(scheme, authority, path.Trim('/'), query, isPlainPath: false);
    }

    /// <summary>
    /// This location with <paramref name="path"/> in place of its path; scheme, authority and query are kept. For
    /// <see cref="IObjectStoreProvider.GetStoreRoot"/>: a provider names the root of the store holding a location
    /// (its bucket, its container) as the location with a shorter path.
    /// </summary>
    /// <param name="path">The decoded path: for local locations an absolute file-system path, otherwise without
    /// leading or trailing '/' (possibly empty).</param>
    /// <exception cref="ArgumentException">A local location given a relative path.</exception>
    public ObjectStoreUri WithPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Scheme == "file")
        {
            if (!path.StartsWith('/'))
            {
                throw new ArgumentException($"A local location needs an absolute path, not '{path}'.", nameof(path));
            }
            return new ObjectStoreUri("file", string.Empty, path, null, isPlainPath: false);
        }
        return new ObjectStoreUri(Scheme, Authority, path.Trim('/'), Query, isPlainPath: false);
    }

    /// <summary>A local location for an absolute file-system path taken literally (no URI parsing, so a path
    /// holding "://" or '?' stays a path); normalised with <see cref="System.IO.Path.GetFullPath(string)"/>.</summary>
    internal static ObjectStoreUri FromLocalPath(string absolutePath) =>
        new("file", string.Empty, System.IO.Path.GetFullPath(absolutePath), null, isPlainPath: true);

    /// <summary>The location without its query (which may hold a SAS token).</summary>
    public override string ToString() =>
        IsPlainPath ? Path : Scheme == "file" ? "file://" + Path : Scheme + "://" + Authority + (Path.Length == 0 ? string.Empty : "/" + Path);

    /// <summary>Removes a query string (possibly a SAS token) from a location for use in messages.</summary>
    public static string Redact(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        int questionMark = location.IndexOf('?', StringComparison.Ordinal);
        return questionMark < 0 ? location : location[..questionMark] + "?<redacted>";
    }
}
