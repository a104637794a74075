using System;
using System.IO;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using DeltaSharp.Storage;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary>Where a probe table lives: a fresh local folder, a fresh moto bucket or a fresh Azurite container.
/// The probes find the emulators through the same DELTASHARP_* variables (inherited from this process).</summary>
internal sealed class ProbeTable : IAsyncDisposable
{
    private readonly string? _localRoot;
    private readonly Func<IObjectStore> _open;

    private ProbeTable(string location, string? localRoot, Func<IObjectStore> open)
    {
        Location = location;
        _localRoot = localRoot;
        _open = open;
    }

    /// <summary>The table location as the probe takes it (path or URI).</summary>
    public string Location { get; }

    /// <summary>The local table folder, or null for a cloud table.</summary>
    public string? LocalPath => _localRoot is null ? null : Path.Combine(_localRoot, "table");

    public IObjectStore OpenStore() => _open();

    public static ProbeTable Local()
    {
        string root = Path.Combine(Path.GetTempPath(), "deltasharp-conc-" + Guid.NewGuid().ToString("N"));
        string table = Path.Combine(root, "table");
        Directory.CreateDirectory(table);
        return new ProbeTable(table, root, () => new LocalObjectStore(table));
    }

    public static async Task<ProbeTable> S3Async()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_S3_ENDPOINT", "moto S3 emulator");
        var options = new S3ObjectStoreOptions
        {
            ServiceUrl = new Uri(endpoint),
            Credentials = new Amazon.Runtime.BasicAWSCredentials(
                TestEnvironment.RequireVariable("DELTASHARP_S3_ACCESS_KEY_ID", "moto S3 emulator"),
                TestEnvironment.RequireVariable("DELTASHARP_S3_SECRET_ACCESS_KEY", "moto S3 emulator")),
            Region = Environment.GetEnvironmentVariable("DELTASHARP_S3_REGION") ?? "us-east-1",
        };
        string bucket = "conc-" + Guid.NewGuid().ToString("N")[..12];
        using (AmazonS3Client client = S3ObjectStore.CreateClient(options))
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, TestContext.Current.CancellationToken);
        }
        string uri = $"s3://{bucket}/tables/t";
        var storeOptions = new ObjectStoreOptions().UseS3(options);
        return new ProbeTable(uri, null, () => storeOptions.Open(uri));
    }

    public static async Task<ProbeTable> AzureAsync()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_AZURITE_BLOB_ENDPOINT", "Azurite blob emulator");
        string container = "conc-" + Guid.NewGuid().ToString("N")[..12];
        string uri = $"az://{container}/tables/t";
        var storeOptions = new ObjectStoreOptions().UseAzure(AzureBlobObjectStoreOptions.ForAzurite(new Uri(endpoint)));
        await using (IObjectStore store = storeOptions.Open(uri))
        {
            await ((AzureBlobObjectStore)store).CreateContainerIfNotExistsAsync(TestContext.Current.CancellationToken);
        }
        return new ProbeTable(uri, null, () => storeOptions.Open(uri));
    }

    /// <summary>A fresh table location on the named store: <c>local</c>, <c>s3</c> (moto) or <c>azure</c> (Azurite).</summary>
    public static async Task<ProbeTable> OnAsync(string store) => store switch
    {
        "local" => Local(),
        "s3" => await S3Async(),
        "azure" => await AzureAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, "expected local, s3 or azure"),
    };

    public async Task CreateAsync()
    {
        ProbeResult created = await WriteProbe.RunAsync("create", Location);
        Assert.True(created.ExitCode == 0, created.ToString());
    }

    public ValueTask DisposeAsync()
    {
        if (_localRoot is not null && Directory.Exists(_localRoot))
        {
            Directory.Delete(_localRoot, recursive: true);
        }
        return ValueTask.CompletedTask;
    }
}
