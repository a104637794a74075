using System;

namespace DeltaSharp.Storage;

/// <summary>
/// Opens stores for the locations of one or more URI schemes; registered on an <see cref="ObjectStoreOptions"/>
/// with <see cref="ObjectStoreOptions.Register"/> (S3 and Azure add theirs with <c>UseS3</c> / <c>UseAzure</c>).
/// </summary>
/// <remarks>Implementations must be thread-safe: one options object serves many concurrent opens.</remarks>
public interface IObjectStoreProvider
{
    /// <summary>Whether this provider serves <paramref name="location"/> (for schemes shared by several
    /// providers, such as <c>https</c>).</summary>
    bool CanOpen(ObjectStoreUri location);

    /// <summary>
    /// Returns a store rooted at <paramref name="location"/>: key <c>k</c> of the store is <c>location/k</c>.
    /// Performs no I/O (credentials are resolved and the location is checked on the first request). The caller
    /// owns and disposes the store.
    /// </summary>
    IObjectStore Open(ObjectStoreUri location);

    /// <summary>
    /// The root of the store that holds <paramref name="location"/>: the widest location one store of this provider
    /// reads (an S3 bucket, an Azure container), as <paramref name="location"/> with a shorter path (see
    /// <see cref="ObjectStoreUri.WithPath"/>) whose path segments are a prefix of <paramref name="location"/>'s.
    /// Tables use it to read files that lie outside their root (shallow clones, absolute paths): one store is opened
    /// per root with <see cref="Open"/> and reused for every file below it. Performs no I/O.
    /// </summary>
    /// <remarks>The default is <c>scheme://authority</c> (the path dropped), right for providers whose authority
    /// names the bucket or container; for local locations it is the file-system root.</remarks>
    ObjectStoreUri GetStoreRoot(ObjectStoreUri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.WithPath(location.Scheme == "file" ? "/" : string.Empty);
    }
}
