using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using DeltaSharp.Storage;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.ExternalFiles;

/// <summary>
/// The shallow clone of <see cref="ShallowCloneTable"/> on the emulators: on moto the clone's bucket names files in
/// another bucket (<c>s3://</c> and <c>s3a://</c>) and in another prefix of its own bucket; on Azurite the clone's
/// container names files in another container (<c>abfss://</c>, <c>wasbs://</c>, the path-style endpoint URL) and in
/// another prefix of its own. Truth: the rows written. Locally the emulators are skipped when absent; in CI they
/// are required.
/// </summary>
public sealed class CloudShallowCloneTests : LeakCheckedTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task S3CloneReadsFilesInAnotherBucketAndAnotherPrefix()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_S3_ENDPOINT", "moto S3 emulator");
        var s3 = new S3ObjectStoreOptions
        {
            ServiceUrl = new Uri(endpoint),
            Credentials = new Amazon.Runtime.BasicAWSCredentials(
                TestEnvironment.RequireVariable("DELTASHARP_S3_ACCESS_KEY_ID", "moto S3 emulator"),
                TestEnvironment.RequireVariable("DELTASHARP_S3_SECRET_ACCESS_KEY", "moto S3 emulator")),
            Region = Environment.GetEnvironmentVariable("DELTASHARP_S3_REGION") ?? "us-east-1",
        };
        string sourceBucket = Unique("ext-src-");
        string cloneBucket = Unique("ext-clone-");
        using (AmazonS3Client client = S3ObjectStore.CreateClient(s3))
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = sourceBucket }, Ct);
            await client.PutBucketAsync(new PutBucketRequest { BucketName = cloneBucket }, Ct);
        }
        ObjectStoreOptions storage = new ObjectStoreOptions().UseS3(s3);
        var source = new Place(storage, $"s3://{sourceBucket}/src prefix ü", (key, form) => form switch
        {
            0 => $"s3://{sourceBucket}/" + Place.Escape("src prefix ü/" + key, keepNonAscii: false),
            1 => $"s3a://{sourceBucket}/" + Place.Escape("src prefix ü/" + key, keepNonAscii: true),
            _ => $"s3://{sourceBucket}/" + Place.Escape("src prefix ü/" + key, keepNonAscii: true),
        });
        var clone = new Place(storage, $"s3://{cloneBucket}/tables/clone", (key, _) => $"s3://{cloneBucket}/tables/clone/" + Place.Escape(key, false));
        var elsewhere = new Place(storage, $"s3://{cloneBucket}/other prefix", (key, _) => $"s3://{cloneBucket}/" + Place.Escape("other prefix/" + key, false));
        await ShallowCloneTable.BuildAsync(source, clone, elsewhere);
        await AssertCloneAsync(storage, clone.Location);
    }

    [Fact]
    public async Task AzureCloneReadsFilesInAnotherContainerAndAnotherPrefix()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_AZURITE_BLOB_ENDPOINT", "Azurite blob emulator").TrimEnd('/');
        AzureBlobObjectStoreOptions azure = AzureBlobObjectStoreOptions.ForAzurite(new Uri(endpoint));
        azure.AccountName = Environment.GetEnvironmentVariable("DELTASHARP_AZURITE_ACCOUNT") ?? azure.AccountName;
        azure.AccountKey = Environment.GetEnvironmentVariable("DELTASHARP_AZURITE_KEY") ?? azure.AccountKey;
        string account = azure.AccountName!;
        string sourceContainer = Unique("ext-src-");
        string cloneContainer = Unique("ext-clone-");
        ObjectStoreOptions storage = new ObjectStoreOptions().UseAzure(azure);
        foreach (string container in new[] { sourceContainer, cloneContainer })
        {
            await using IObjectStore store = storage.Open($"az://{container}");
            await ((AzureBlobObjectStore)store).CreateContainerIfNotExistsAsync(Ct);
        }
        var source = new Place(storage, $"az://{sourceContainer}/src dir ü", (key, form) => form switch
        {
            0 => $"abfss://{sourceContainer}@{account}.dfs.core.windows.net/" + Place.Escape("src dir ü/" + key, keepNonAscii: false),
            1 => $"wasbs://{sourceContainer}@{account}.blob.core.windows.net/" + Place.Escape("src dir ü/" + key, keepNonAscii: true),
            _ => $"{endpoint}/{sourceContainer}/" + Place.Escape("src dir ü/" + key, keepNonAscii: false),
        });
        var clone = new Place(storage, $"az://{cloneContainer}/tables/clone", (key, _) => $"az://{cloneContainer}/tables/clone/" + Place.Escape(key, false));
        var elsewhere = new Place(storage, $"az://{cloneContainer}/other prefix", (key, _) => $"abfss://{cloneContainer}@{account}.dfs.core.windows.net/" + Place.Escape("other prefix/" + key, false));
        await ShallowCloneTable.BuildAsync(source, clone, elsewhere);
        await AssertCloneAsync(storage, clone.Location);
    }

    private async Task AssertCloneAsync(ObjectStoreOptions storage, string location)
    {
        await using DeltaTable table = await DeltaTable.OpenAsync(location, new DeltaTableOptions { Allocator = Allocator, Storage = storage }, Ct);
        Assert.Equal(4, table.Snapshot.Version);
        Assert.Equal(ShallowCloneTable.ExpectedRows(4), await ShallowCloneTable.RowsAsync(table.Snapshot));
        Assert.Equal(ShallowCloneTable.ExpectedRows(0), await ShallowCloneTable.RowsAsync(await table.GetSnapshotAsync(0, Ct)));
        Assert.Equal(ShallowCloneTable.ExpectedChanges(), await ShallowCloneTable.ChangesAsync(table, 1));
    }
}
