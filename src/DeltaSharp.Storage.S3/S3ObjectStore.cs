using System;
using System.Buffers;
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
    public async ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.Length == 0)
        {
            ObjectMeta meta = await GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
            if (offset > meta.Size)
            {
                throw PastEnd(path, key, offset, 0, meta.Size);
            }
            return;
        }
        int filled = 0;
        int resumes = 0;
        while (filled < destination.Length)
        {
            lifetime.Enter();
            long start = offset + filled;
            var request = new GetObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ByteRange = new ByteRange(start, offset + destination.Length - 1),
            };
            try
            {
                using GetObjectResponse response = await client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
                Stream body = response.ResponseStream;
                while (filled < destination.Length)
                {
                    int read = await body.ReadAsync(destination[filled..], cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw PastEnd(path, key, offset, destination.Length, ObjectSizeFromContentRange(response.ContentRange));
                    }
                    filled += read;
                }
            }
            catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
            {
                DeltaStorageException mapped = S3Errors.Map(ex, "read", path, Location(key));
                if (!mapped.IsTransient || ex is AmazonServiceException || ++resumes > options.MaxRetries)
                {
                    throw mapped;
                }
                // The body was cut off mid-transfer: ask again for what is missing.
                await Task.Delay(TimeSpan.FromMilliseconds(100 << Math.Min(resumes, 6)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DeltaStorageException PastEnd(string path, string key, long offset, int length, long? size) =>
        new($"S3: range [{offset}, {offset + length}) of '{Location(key)}' extends past the end of the object" +
            (size is null ? "." : $" ({size} bytes)."), false, null);

    private static long? ObjectSizeFromContentRange(string? contentRange)
    {
        // "bytes 0-99/1234"
        int slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long size)
            ? size
            : null;
    }

    /// <inheritdoc />
    public async ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        try
        {
            GetObjectResponse response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new S3ReadStream(response, path, Location(key));
        }
        catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
        {
            throw S3Errors.Map(ex, "open", path, Location(key));
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
                return await HoldsContentAsync(path, key, content, cancellationToken).ConfigureAwait(false);
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

    private async ValueTask<bool> HoldsContentAsync(string path, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            using GetObjectResponse response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            if (response.ContentLength != content.Length)
            {
                return false;
            }
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(content.Length, 1 << 16) + 1);
            try
            {
                int compared = 0;
                while (true)
                {
                    int read = await response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return compared == content.Length;
                    }
                    if (compared + read > content.Length || !content.Span.Slice(compared, read).SequenceEqual(buffer.AsSpan(0, read)))
                    {
                        return false;
                    }
                    compared += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted in between: it existed, and it was not ours to report.
            return false;
        }
        catch (Exception ex) when (S3Errors.ShouldMap(ex, cancellationToken))
        {
            throw S3Errors.Map(ex, "verify", path, Location(key));
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
        int partSize = options.PartSize;
        byte[] first = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            int firstLength = await content.ReadAtLeastAsync(first.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (firstLength < partSize)
            {
                await PutSingleAsync(path, key, new MemoryStream(first, 0, firstLength, writable: false), cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(first);
            throw;
        }
        // The multipart path takes ownership of the filled first buffer.
        await PutMultipartAsync(path, key, first, content, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask PutMultipartAsync(string path, string key, byte[] first, Stream content, CancellationToken cancellationToken)
    {
        int partSize = options.PartSize;
        string uploadId;
        try
        {
            InitiateMultipartUploadResponse initiated = await client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            uploadId = initiated.UploadId;
        }
        catch (Exception ex)
        {
            ArrayPool<byte>.Shared.Return(first);
            if (S3Errors.ShouldMap(ex, cancellationToken))
            {
                throw S3Errors.Map(ex, "start multipart upload of", path, Location(key));
            }
            throw;
        }

        using var uploadCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(options.UploadConcurrency);
        var uploads = new List<Task<PartETag>>();
        byte[]? buffer = first;
        int length = partSize;
        try
        {
            // Back-pressure: a part holds a slot from before its buffer is filled until its upload ends, so at most
            // UploadConcurrency buffers exist at once.
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            for (int partNumber = 1; ; partNumber++)
            {
                lifetime.Enter();
                uploads.Add(UploadPartAsync(key, uploadId, partNumber, buffer, length, slots, uploadCancellation.Token));
                buffer = null;
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (Task<PartETag> upload in uploads)
                {
                    if (upload.IsFaulted || upload.IsCanceled)
                    {
                        slots.Release();
                        await upload.ConfigureAwait(false);
                    }
                }
                buffer = ArrayPool<byte>.Shared.Rent(partSize);
                length = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    slots.Release();
                    break;
                }
            }
            PartETag[] parts = await Task.WhenAll(uploads).ConfigureAwait(false);
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = new List<PartETag>(parts),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            await uploadCancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(uploads).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Failures of the other parts are subsumed by the first one.
            }
            await AbortQuietlyAsync(key, uploadId).ConfigureAwait(false);
            if (S3Errors.ShouldMap(ex, cancellationToken))
            {
                throw S3Errors.Map(ex, "upload (multipart)", path, Location(key));
            }
            throw;
        }
    }

    // Runs holding one slot of `slots` (taken by the caller); releases it and returns the buffer when done.
    private async Task<PartETag> UploadPartAsync(string key, string uploadId, int partNumber, byte[] buffer, int length, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            UploadPartResponse response = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = length,
                InputStream = new MemoryStream(buffer, 0, length, writable: false),
            }, cancellationToken).ConfigureAwait(false);
            return new PartETag(response);
        }
        finally
        {
            slots.Release();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.ShouldMap(ex, CancellationToken.None) || ex is OperationCanceledException)
        {
            // Best effort: a bucket lifecycle rule reclaims abandoned uploads.
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
