using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using DeltaSharp.Storage.S3;
using DeltaSharp.Storage.Tests.Conformance;
using Xunit;

namespace DeltaSharp.Storage.Tests;

/// <summary>S3-specific behaviour beyond the conformance suite: URIs, multipart, error mapping, secrecy.</summary>
public sealed class S3ObjectStoreTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSUPERSECRET";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task S3_and_s3a_uris_open_rooted_stores_through_UseS3()
    {
        S3ObjectStoreOptions s3 = MotoEnvironment.RequireOptions();
        string bucket = await MotoEnvironment.EnsureBucketAsync(s3);
        var options = new ObjectStoreOptions().UseS3(s3);
        string prefix = "uri-test/" + Guid.NewGuid().ToString("N");
        await using (IObjectStore store = options.Open($"s3://{bucket}/{prefix}/table"))
        {
            Assert.IsType<S3ObjectStore>(store);
            await store.PutAsync("_delta_log/00000000000000000000.json", Encoding.UTF8.GetBytes("{}"), Token);
        }
        await using IObjectStore viaS3a = options.Open($"s3a://{bucket}/{prefix}");
        ObjectMeta meta = await viaS3a.GetMetadataAsync("table/_delta_log/00000000000000000000.json", Token);
        Assert.Equal(2, meta.Size);
    }

    [Fact]
    public async Task Large_stream_uploads_use_multipart()
    {
        S3ObjectStoreOptions s3 = MotoEnvironment.RequireOptions();
        string bucket = await MotoEnvironment.EnsureBucketAsync(s3);
        await using var store = new S3ObjectStore(bucket, "multipart/" + Guid.NewGuid().ToString("N"), s3);
        var content = new byte[(2 * S3ObjectStoreOptions.MinimumPartSize) + 100];
        new Random(5).NextBytes(content);
        await using (var stream = new System.IO.MemoryStream(content))
        {
            await store.PutAsync("big", stream, Token);
        }
        ObjectMeta meta = await store.GetMetadataAsync("big", Token);
        Assert.Equal(content.Length, meta.Size);
        // A multipart ETag is "<md5 of part md5s>-<part count>".
        Assert.EndsWith("-3\"", meta.ETag, StringComparison.Ordinal);

        // Exactly one part's worth goes through a single PUT (plain MD5 ETag, no part count).
        await using (var stream = new System.IO.MemoryStream(content, 0, S3ObjectStoreOptions.MinimumPartSize - 1))
        {
            await store.PutAsync("small", stream, Token);
        }
        Assert.DoesNotContain("-", (await store.GetMetadataAsync("small", Token)).ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_bucket_is_a_clear_non_transient_error()
    {
        S3ObjectStoreOptions s3 = MotoEnvironment.RequireOptions();
        await using var store = new S3ObjectStore("no-such-bucket-" + Guid.NewGuid().ToString("N")[..12], "p", s3);
        var ex = await Assert.ThrowsAsync<DeltaStorageException>(async () =>
        {
            await foreach (ObjectMeta unused in store.ListAsync("", null, Token))
            {
            }
        });
        Assert.Contains("bucket does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.False(await Record.ExceptionAsync(async () => await store.PutAsync("k", new byte[1], Token)) is null);
    }

    [Fact]
    public async Task Unreachable_endpoint_is_transient_and_never_shows_the_secret()
    {
        int port = FreePort();
        var options = new S3ObjectStoreOptions
        {
            ServiceUrl = new Uri($"http://127.0.0.1:{port}"),
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", Secret),
            Region = "us-east-1",
            MaxRetries = 0,
        };
        await using var store = new S3ObjectStore("bucket", "root", options);
        var ex = await Assert.ThrowsAsync<DeltaStorageException>(async () => await store.GetMetadataAsync("k/v", Token));
        Assert.True(ex.IsTransient);
        Assert.Contains("s3://bucket/root/k/v", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        var put = await Assert.ThrowsAsync<DeltaStorageException>(async () => await store.PutIfAbsentAsync("k/v", new byte[3], Token));
        Assert.DoesNotContain(Secret, put.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", typeof(DeltaStorageAccessDeniedException), false)]
    [InlineData(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", typeof(DeltaStorageAccessDeniedException), false)]
    [InlineData(HttpStatusCode.NotFound, "NoSuchKey", typeof(DeltaObjectNotFoundException), false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown", typeof(DeltaStorageException), true)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", typeof(DeltaStorageException), true)]
    [InlineData(HttpStatusCode.BadRequest, "InvalidArgument", typeof(DeltaStorageException), false)]
    public void Service_errors_map_to_delta_exceptions(HttpStatusCode status, string code, Type expected, bool transient)
    {
        var sdk = new AmazonS3Exception("service said no", ErrorType.Sender, code, "req-1", status);
        DeltaStorageException mapped = S3Errors.Map(sdk, "read", "k/v", "s3://b/r/k/v");
        Assert.IsType(expected, mapped);
        Assert.Equal(transient, mapped.IsTransient);
        Assert.Contains("s3://b/r/k/v", mapped.Message, StringComparison.Ordinal);
        Assert.Same(sdk, mapped.InnerException);
        if (mapped is DeltaObjectNotFoundException notFound)
        {
            Assert.Equal("k/v", notFound.Path);
        }
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new S3ObjectStore("b", "", new S3ObjectStoreOptions { PartSize = 1024 }));
        Assert.Throws<ArgumentException>(() => new ObjectStoreOptions().UseS3().Open("s3:///nobucket"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
