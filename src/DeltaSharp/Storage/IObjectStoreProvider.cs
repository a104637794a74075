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
}
