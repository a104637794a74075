using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using DeltaSharp.Storage;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>
/// A conformance table uploaded to each emulator (moto for S3, Azurite for Azure Blob) reads through
/// <c>deltasharp cat s3://…</c> and <c>deltasharp cat az://…</c> with exactly the rows read from local disk.
/// </summary>
public sealed class CliCloudStoreTests
{
    private const string TableId = "delta-kernel-rs__basic_partitioned";

    [Fact]
    public async Task CatOverS3MatchesLocalDisk()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_S3_ENDPOINT", "moto S3 emulator");
        string accessKey = TestEnvironment.RequireVariable("DELTASHARP_S3_ACCESS_KEY_ID", "moto S3 emulator");
        string secretKey = TestEnvironment.RequireVariable("DELTASHARP_S3_SECRET_ACCESS_KEY", "moto S3 emulator");
        var s3 = new S3ObjectStoreOptions
        {
            ServiceUrl = new Uri(endpoint),
            Credentials = new Amazon.Runtime.BasicAWSCredentials(accessKey, secretKey),
            Region = "us-east-1",
        };
        string bucket = "cli-e2e-" + Guid.NewGuid().ToString("N")[..12];
        using (AmazonS3Client client = S3ObjectStore.CreateClient(s3))
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, TestContext.Current.CancellationToken);
        }
        string uri = $"s3://{bucket}/tables/{TableId}";
        await using (IObjectStore store = new ObjectStoreOptions().UseS3(s3).Open(uri))
        {
            await UploadTableAsync(store);
        }

        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = endpoint,
            ["AWS_ACCESS_KEY_ID"] = accessKey,
            ["AWS_SECRET_ACCESS_KEY"] = secretKey,
            ["AWS_REGION"] = "us-east-1",
        };
        await AssertSameRowsAsLocalAsync(environment, uri);
    }

    [Fact]
    public async Task CatOverAzureBlobMatchesLocalDisk()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_AZURITE_BLOB_ENDPOINT", "Azurite blob emulator");
        string account = TestEnvironment.RequireVariable("DELTASHARP_AZURITE_ACCOUNT", "Azurite blob emulator");
        string key = TestEnvironment.RequireVariable("DELTASHARP_AZURITE_KEY", "Azurite blob emulator");
        string container = "cli-e2e-" + Guid.NewGuid().ToString("N")[..12];
        string uri = $"az://{container}/tables/{TableId}";
        AzureBlobObjectStoreOptions azure = AzureBlobObjectStoreOptions.ForAzurite(new Uri(endpoint));
        await using (IObjectStore store = new ObjectStoreOptions().UseAzure(azure).Open(uri))
        {
            await ((AzureBlobObjectStore)store).CreateContainerIfNotExistsAsync(TestContext.Current.CancellationToken);
            await UploadTableAsync(store);
        }

        var environment = new Dictionary<string, string>
        {
            ["AZURE_STORAGE_CONNECTION_STRING"] = $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};BlobEndpoint={endpoint}",
        };
        await AssertSameRowsAsLocalAsync(environment, uri);
    }

    private static async Task UploadTableAsync(IObjectStore store)
    {
        string root = Path.Combine(TestEnvironment.RequireConformanceDir(), TableId);
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            string key = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            await store.PutAsync(key, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        }
    }

    private static async Task AssertSameRowsAsLocalAsync(Dictionary<string, string> environment, string uri)
    {
        string local = Path.Combine(TestEnvironment.RequireConformanceDir(), TableId);
        CliResult expected = await CliRunner.RunAsync("cat", local, "--format", "jsonl");
        Assert.True(expected.ExitCode == 0, expected.StandardError);
        CliResult actual = await CliRunner.RunAsync(environment, "cat", uri, "--format", "jsonl");
        Assert.True(actual.ExitCode == 0, actual.StandardError);

        string[] expectedRows = expected.OutputLines;
        string[] actualRows = actual.OutputLines;
        Array.Sort(expectedRows, StringComparer.Ordinal);
        Array.Sort(actualRows, StringComparer.Ordinal);
        Assert.NotEmpty(expectedRows);
        Assert.Equal(expectedRows, actualRows);
    }
}
