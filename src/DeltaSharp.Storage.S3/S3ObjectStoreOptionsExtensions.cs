using System;

namespace DeltaSharp.Storage.S3;

/// <summary>Adds S3 to an <see cref="ObjectStoreOptions"/>.</summary>
public static class S3ObjectStoreOptionsExtensions
{
    /// <summary>
    /// Serves <c>s3://bucket/prefix</c> and <c>s3a://bucket/prefix</c> with <see cref="S3ObjectStore"/>, each opened
    /// store getting its own SDK client built from <paramref name="s3Options"/> (null: AWS defaults and the SDK's
    /// credential chain).
    /// </summary>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static ObjectStoreOptions UseS3(this ObjectStoreOptions options, S3ObjectStoreOptions? s3Options = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = new S3ObjectStoreProvider(s3Options ?? new S3ObjectStoreOptions());
        return options.Register("s3", provider).Register("s3a", provider);
    }

    /// <summary>As <see cref="UseS3(ObjectStoreOptions, S3ObjectStoreOptions?)"/>, configuring a fresh
    /// <see cref="S3ObjectStoreOptions"/> with <paramref name="configure"/>.</summary>
    public static ObjectStoreOptions UseS3(this ObjectStoreOptions options, Action<S3ObjectStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var s3Options = new S3ObjectStoreOptions();
        configure(s3Options);
        return options.UseS3(s3Options);
    }
}
