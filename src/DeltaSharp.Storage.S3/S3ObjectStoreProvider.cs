using System;

namespace DeltaSharp.Storage.S3;

/// <summary>Opens <c>s3://bucket/prefix</c> and <c>s3a://bucket/prefix</c> locations as <see cref="S3ObjectStore"/>s.</summary>
internal sealed class S3ObjectStoreProvider : IObjectStoreProvider
{
    private readonly S3ObjectStoreOptions options;

    public S3ObjectStoreProvider(S3ObjectStoreOptions options)
    {
        options.Validate();
        this.options = options;
    }

    public bool CanOpen(ObjectStoreUri location) => location.Scheme is "s3" or "s3a";

    public IObjectStore Open(ObjectStoreUri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Authority.Length == 0)
        {
            throw new ArgumentException($"S3 location '{location}' has no bucket: use s3://bucket/prefix.", nameof(location));
        }
        return new S3ObjectStore(location.Authority, location.Path, options);
    }
}
