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

    // moto 5.2.1's threaded server checks If-None-Match: * and then stores without a lock (observed: 2 winners of
    // 16). scripts/emulators.sh therefore runs moto one request at a time (scripts/moto_serial.py), which makes the
    // check-and-write atomic as it is on S3, so the 16-writer race below proves exactly one winner here too.

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
