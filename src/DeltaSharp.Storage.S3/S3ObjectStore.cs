using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace DeltaSharp.Storage.S3;

/// <summary>
/// An <see cref="IObjectStore"/> over an Amazon S3 (or S3-compatible) bucket prefix: key <c>k</c> is the S3 object
/// <c>root/k</c> in the bucket.
/// </summary>
/// <remarks>
/// <para><b>Create-if-absent</b> is a conditional PUT with <c>If-None-Match: *</c> (S3 answers 412 when the key
/// exists; a 409 from a concurrent conditional write is retried). A 412 after a lost response is disambiguated by
/// comparing the stored bytes with ours, so a retried request that in fact succeeded still reports true.</para>
/// <para><b>Large uploads</b> (<see cref="PutAsync(string, Stream, CancellationToken)"/>) use multipart upload once
/// the stream exceeds one part (<see cref="S3ObjectStoreOptions.PartSize"/>); a failed upload is aborted.</para>
/// <para><b>Retries</b>: the SDK's standard mode (bounded, exponential backoff with jitter) retries throttling, 5xx
/// and connection failures up to <see cref="S3ObjectStoreOptions.MaxRetries"/> times; ranged reads also resume a
/// body cut off mid-transfer.</para>
/// <para>Thread-safe. Cancelling a token aborts the HTTP request in flight.</para>
/// </remarks>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly IAmazonS3 client;
    private readonly bool ownsClient;
    private readonly string bucket;
    private readonly string root;
    private readonly S3ObjectStoreOptions options;
    private readonly StoreLifetime lifetime = new(typeof(S3ObjectStore));

    /// <summary>Creates a store over <paramref name="bucket"/>/<paramref name="rootPrefix"/> with a client built
    /// from <paramref name="options"/>. Performs no I/O.</summary>
    /// <param name="bucket">The bucket name.</param>
    /// <param name="rootPrefix">The key prefix the store is rooted at, without leading or trailing '/'; "" for the
    /// whole bucket.</param>
    /// <param name="options">Connection settings; null for defaults (AWS, SDK credential chain).</param>
    public S3ObjectStore(string bucket, string rootPrefix, S3ObjectStoreOptions? options = null)
        : this(CreateClient(options ??= new S3ObjectStoreOptions()), ownsClient: true, bucket, rootPrefix, options)
    {
    }

    /// <summary>Creates a store over a caller-supplied client (for custom SDK configuration).</summary>
    /// <param name="client">The client; disposed with the store only when <paramref name="ownsClient"/>.</param>
    /// <param name="ownsClient">Whether <see cref="DisposeAsync"/> disposes <paramref name="client"/>.</param>
    /// <param name="bucket">The bucket name.</param>
    /// <param name="rootPrefix">The root key prefix without leading or trailing '/'; "" for the whole bucket.</param>
    /// <param name="options">Upload/listing settings (its connection settings are ignored here).</param>
    public S3ObjectStore(IAmazonS3 client, bool ownsClient, string bucket, string rootPrefix, S3ObjectStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(rootPrefix);
        options ??= new S3ObjectStoreOptions();
        options.Validate();
        string trimmed = rootPrefix.Trim('/');
        this.client = client;
        this.ownsClient = ownsClient;
        this.bucket = bucket;
        root = trimmed.Length == 0 ? string.Empty : trimmed + "/";
        this.options = options;
    }

    /// <summary>The bucket.</summary>
    public string Bucket => bucket;

    /// <summary>The root prefix ("" or ending with '/').</summary>
    public string RootPrefix => root;

    /// <summary>Builds an SDK client for <paramref name="options"/> (endpoint, path style, region, retries,
    /// checksums, credentials).</summary>
    public static AmazonS3Client CreateClient(S3ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = new AmazonS3Config
        {
            MaxErrorRetry = options.MaxRetries,
            RetryMode = RequestRetryMode.Standard,
            Timeout = options.RequestTimeout,
        };
        string? region = options.Region
            ?? NullIfEmpty(Environment.GetEnvironmentVariable("AWS_REGION"))
            ?? NullIfEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
        Uri? endpoint = options.ServiceUrl;
        if (endpoint is null)
        {
            string? fromEnvironment = NullIfEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3"))
                ?? NullIfEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));
            endpoint = fromEnvironment is null ? null : new Uri(fromEnvironment);
        }
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region ?? "us-east-1";
            config.ForcePathStyle = options.ForcePathStyle ?? true;
        }
        else
        {
            if (region is not null)
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }
            config.ForcePathStyle = options.ForcePathStyle ?? false;
        }
        if (!(options.SendChecksums ?? endpoint is null))
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        return options.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(options.Credentials, config);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <inheritdoc />
    public IAsyncEnumerable<ObjectMeta> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix, nameof(prefix));
        return ListCore(root + prefix, startAfter is null ? null : root + startAfter, cancellationToken);
    }

    private async IAsyncEnumerable<ObjectMeta> ListCore(string fullPrefix, string? fullStartAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        while (true)
        {
            lifetime.Enter();
            cancellationToken.ThrowIfCancellationRequested();
            var request = new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = fullPrefix,
                MaxKeys = options.ListPageSize,
                ContinuationToken = continuation,
                StartAfter = continuation is null ? fullStartAfter : null,
            };
            ListObjectsV2Response response;
            try
            {
                response = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
            {
                throw S3Errors.Map(ex, "list", fullPrefix, Location(fullPrefix) + "*");
            }
            List<S3Object>? objects = response.S3Objects;
            if (objects is not null)
            {
                for (int i = 0; i < objects.Count; i++)
                {
                    if (i > 0)
                    {
                        lifetime.Enter();
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    S3Object item = objects[i];
                    if (!item.Key.StartsWith(root, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    yield return new ObjectMeta(item.Key[root.Length..], item.Size ?? 0, ToUtc(item.LastModified), item.ETag);
                }
            }
            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }
            continuation = response.NextContinuationToken;
        }
    }

    /// <inheritdoc />
    public async ValueTask<ObjectMeta> GetMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        try
        {
            GetObjectMetadataResponse response = await client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new ObjectMeta(path, response.ContentLength, ToUtc(response.LastModified), response.ETag);
        }
        catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
        {
            throw S3Errors.Map(ex, "read metadata of", path, Location(key));
        }
    }

    /// <inheritdoc />
    public ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        return RangedRead.ReadExactlyAsync(this, path, Location(key), "S3", offset, destination, options.MaxRetries,
            (first, last, token) => OpenBodyAsync(path, key, new ByteRange(first, last), token), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        return await OpenBodyAsync(path, key, null, cancellationToken).ConfigureAwait(false);
    }

    // One GET of the whole object or of a range; the returned stream owns the response.
    private async ValueTask<ObjectReadStream> OpenBodyAsync(string path, string key, ByteRange? range, CancellationToken cancellationToken)
    {
        lifetime.Enter();
        try
        {
            GetObjectResponse response = await client.GetObjectAsync(
                new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = range }, cancellationToken).ConfigureAwait(false);
            return new S3ReadStream(response, path, Location(key))
            {
                ObjectSize = range is null ? response.ContentLength : RangedRead.ObjectSizeFromContentRange(response.ContentRange),
            };
        }
        catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
        {
            throw S3Errors.Map(ex, range is null ? "open" : "read", path, Location(key));
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        for (int conflicts = 0; ; conflicts++)
        {
            lifetime.Enter();
            var request = new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = AsStream(content),
                IfNoneMatch = "*",
                AutoCloseStream = true,
            };
            try
            {
                await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                // The key exists. If an earlier attempt of ours (an SDK retry after a lost response) created it,
                // the stored bytes are ours.
                return await StoredContent.MatchesAsync(this, path, content, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Conflict && conflicts < options.MaxRetries + 5)
            {
                // A concurrent conditional write to the same key is in flight: wait, then learn the outcome.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 100) << Math.Min(conflicts, 5)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
            {
                throw S3Errors.Map(ex, "create", path, Location(key));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        await PutSingleAsync(path, key, AsStream(content), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask PutSingleAsync(string path, string key, Stream body, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, AutoCloseStream = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
        {
            throw S3Errors.Map(ex, "write", path, Location(key));
        }
    }

    /// <inheritdoc />
    public async ValueTask PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        ArgumentNullException.ThrowIfNull(content);
        await new MultipartUpload(this, path, key).UploadAsync(content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One multipart upload (or a single PUT when the stream is shorter than one part); errors of every
    /// request are mapped here, naming the object.</summary>
    private sealed class MultipartUpload : ChunkedUpload<PartETag>
    {
        private readonly S3ObjectStore store;
        private string? uploadId;

        public MultipartUpload(S3ObjectStore store, string path, string key)
            : base(path, key, store.options.PartSize, store.options.UploadConcurrency, store.lifetime)
        {
            this.store = store;
        }

        protected override ValueTask PutWholeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            store.PutSingleAsync(Path, Key, AsStream(content), cancellationToken);

        protected override async ValueTask BeginAsync(CancellationToken cancellationToken)
        {
            try
            {
                InitiateMultipartUploadResponse initiated = await store.client.InitiateMultipartUploadAsync(
                    new InitiateMultipartUploadRequest { BucketName = store.bucket, Key = Key }, cancellationToken).ConfigureAwait(false);
                uploadId = initiated.UploadId;
            }
            catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
            {
                throw S3Errors.Map(ex, "start multipart upload of", Path, store.Location(Key));
            }
        }

        protected override async Task<PartETag> UploadPartAsync(int index, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            try
            {
                UploadPartResponse response = await store.client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = store.bucket,
                    Key = Key,
                    UploadId = uploadId,
                    PartNumber = index + 1,
                    PartSize = chunk.Length,
                    InputStream = AsStream(chunk),
                }, cancellationToken).ConfigureAwait(false);
                return new PartETag(response);
            }
            catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
            {
                throw S3Errors.Map(ex, "upload (multipart)", Path, store.Location(Key));
            }
        }

        protected override async ValueTask CompleteAsync(IReadOnlyList<PartETag> parts, CancellationToken cancellationToken)
        {
            try
            {
                await store.client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = store.bucket,
                    Key = Key,
                    UploadId = uploadId,
                    PartETags = new List<PartETag>(parts),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
            {
                throw S3Errors.Map(ex, "upload (multipart)", Path, store.Location(Key));
            }
        }

        protected override async ValueTask AbortAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await store.client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = store.bucket, Key = Key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (S3Errors.ShouldMap(ex, CancellationToken.None) || ex is OperationCanceledException)
            {
                // Best effort: a bucket lifecycle rule reclaims abandoned uploads.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            // Already absent.
        }
        catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
        {
            throw S3Errors.Map(ex, "delete", path, Location(key));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (lifetime.MarkDisposed() && ownsClient)
        {
            client.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private string Enter(string path, CancellationToken cancellationToken)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        return root + path;
    }

    private string Location(string fullKey) => "s3://" + bucket + "/" + fullKey;

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static DateTimeOffset ToUtc(DateTime? value) => value switch
    {
        null => DateTimeOffset.MinValue,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } other => new DateTimeOffset(DateTime.SpecifyKind(other, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
