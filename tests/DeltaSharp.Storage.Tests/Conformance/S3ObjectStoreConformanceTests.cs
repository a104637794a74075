using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DeltaSharp.Storage.S3;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Storage.Tests.Conformance;

/// <summary>The conformance suite against moto_server (started by scripts/emulators.sh).</summary>
public sealed class S3ObjectStoreConformanceTests : ObjectStoreConformanceTests
{
    protected override int RaceRepetitions => 10;

    // Verified in moto 5.2.1's s3/responses.py: PUT with If-None-Match: * checks for the key and then stores it
    // without a lock, so concurrent requests can both succeed (observed: 2 winners of 16). Sequential requests get
    // 412 PreconditionFailed as on AWS, which the other tests cover.
    protected override string? ConcurrentCreateLimitation =>
        "moto 5.2.1 checks If-None-Match: * and then writes without a lock, so concurrent conditional PUTs can all succeed; atomicity under concurrency cannot be proven against moto (sequential 412 is verified).";

    protected override async ValueTask<IObjectStore> OpenEmptyStoreAsync()
    {
        S3ObjectStoreOptions options = MotoEnvironment.RequireOptions();
        string bucket = await MotoEnvironment.EnsureBucketAsync(options);
        return new S3ObjectStore(bucket, "conformance/" + Guid.NewGuid().ToString("N"), options);
    }
}

/// <summary>Reads the moto endpoint exported by scripts/emulators.sh and prepares a bucket.</summary>
internal static class MotoEnvironment
{
    public const string Bucket = "deltasharp-tests";
    private static readonly SemaphoreSlim BucketLock = new(1, 1);
    private static bool bucketReady;

    public static S3ObjectStoreOptions RequireOptions()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_S3_ENDPOINT", "S3 emulator (moto_server)");
        return new S3ObjectStoreOptions
        {
            ServiceUrl = new Uri(endpoint),
            Credentials = new BasicAWSCredentials(
                Environment.GetEnvironmentVariable("DELTASHARP_S3_ACCESS_KEY_ID") ?? "test",
                Environment.GetEnvironmentVariable("DELTASHARP_S3_SECRET_ACCESS_KEY") ?? "test"),
            Region = Environment.GetEnvironmentVariable("DELTASHARP_S3_REGION") ?? "us-east-1",
            PartSize = S3ObjectStoreOptions.MinimumPartSize,
            MaxRetries = 2,
        };
    }

    public static async Task<string> EnsureBucketAsync(S3ObjectStoreOptions options)
    {
        await BucketLock.WaitAsync();
        try
        {
            if (!bucketReady)
            {
                using AmazonS3Client client = S3ObjectStore.CreateClient(options);
                try
                {
                    await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
                }
                catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                }
                bucketReady = true;
            }
            return Bucket;
        }
        finally
        {
            BucketLock.Release();
        }
    }
}
