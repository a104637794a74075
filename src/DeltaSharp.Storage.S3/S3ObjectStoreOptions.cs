using System;
using Amazon.Runtime;

namespace DeltaSharp.Storage.S3;

/// <summary>
/// How <see cref="S3ObjectStore"/> connects: endpoint, region, credentials, retries, multipart sizes. Every
/// property has a sensible default; an unconfigured instance talks to AWS with the SDK's credential chain.
/// </summary>
/// <remarks>Treat as immutable once a store or <c>UseS3</c> has it; stores read it when they are created.</remarks>
public sealed class S3ObjectStoreOptions
{
    /// <summary>Smallest part S3 accepts in a multipart upload (except the last part).</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>
    /// A custom endpoint for S3-compatible stores (MinIO, moto, Ceph, R2), e.g. <c>http://127.0.0.1:9000</c>.
    /// Null: the SDK's endpoint for <see cref="Region"/>, or <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>
    /// when set.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// Path-style addressing (<c>endpoint/bucket/key</c>) instead of virtual-hosted (<c>bucket.endpoint/key</c>).
    /// Null: true when a custom endpoint is used, false otherwise.
    /// </summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>The AWS region (e.g. <c>eu-west-1</c>). Null: the SDK's region chain (<c>AWS_REGION</c>, profile),
    /// then <c>us-east-1</c>.</summary>
    public string? Region { get; set; }

    /// <summary>Credentials. Null: the SDK's default chain (environment, profile, SSO, container/instance role,
    /// web identity).</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Retries of a failed request (throttling, 5xx, connection failures) with exponential backoff and
    /// jitter (the SDK's standard retry mode). Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Per-request timeout. Default 100 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Part size for multipart uploads from a stream (at least <see cref="MinimumPartSize"/>). A stream that ends
    /// within the first part is uploaded with a single PUT. Default 8 MiB.
    /// </summary>
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Parts uploaded concurrently in a multipart upload (memory use is about this many parts). Default 4.</summary>
    public int UploadConcurrency { get; set; } = 4;

    /// <summary>Keys asked per listing page (1..1000). Default 1000.</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>
    /// Whether uploads carry the SDK's flexible checksums (CRC32 trailers). Null: yes for AWS, no for a custom
    /// endpoint (many S3-compatible stores reject the trailers).
    /// </summary>
    public bool? SendChecksums { get; set; }

    internal void Validate()
    {
        if (PartSize < MinimumPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(PartSize), PartSize, $"S3 parts must be at least {MinimumPartSize} bytes.");
        }
        if (UploadConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UploadConcurrency), UploadConcurrency, "Must be at least 1.");
        }
        if (ListPageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(ListPageSize), ListPageSize, "Must be between 1 and 1000.");
        }
        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Must not be negative.");
        }
    }
}
