using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Core.Pipeline;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DeltaSharp.Storage;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;

namespace DeltaSharp.Benchmarks.Storage;

/// <summary>
/// Listing 100k keys and reading a 64 MiB object through each store on loopback: local disk, memory, S3 (moto) and
/// Azure Blob (Azurite). Emulator stores run only when scripts/emulators.sh exported their endpoints. Each run
/// prints the HTTP requests one operation made (counted by a handler under the SDK/pipeline).
/// Throughput: 64 MiB / mean time of the Read* benchmarks.
/// </summary>
[Config(typeof(BriefInProcessConfig))]
[MemoryDiagnoser]
public class ObjectStoreBenchmarks
{
    /// <summary>Keys listed: 100k, or DELTASHARP_BENCH_LIST_KEYS (populating 100k keys in an emulator on a busy
    /// machine takes many minutes).</summary>
    public static readonly int KeyCount = int.TryParse(Environment.GetEnvironmentVariable("DELTASHARP_BENCH_LIST_KEYS"), out int keys) ? keys : 100_000;
    public const int ObjectSize = 64 * 1024 * 1024;
    private const int RangeSize = 8 * 1024 * 1024;

    private static readonly string KeyPrefix = $"keys-{KeyCount}/";

    private IObjectStore store = null!;
    private byte[] rangeBuffer = null!;
    private string? localRoot;

    [ParamsSource(nameof(AvailableStores))]
    public string Store { get; set; } = "memory";

    public static IEnumerable<string> AvailableStores()
    {
        yield return "local";
        yield return "memory";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DELTASHARP_S3_ENDPOINT")))
        {
            yield return "s3-moto";
        }
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DELTASHARP_AZURITE_BLOB_ENDPOINT")))
        {
            yield return "azure-azurite";
        }
    }

    /// <summary>Brief by design (the emulators share the machine): in-process, 1 warm-up, 3 measured iterations.</summary>
    private sealed class BriefInProcessConfig : ManualConfig
    {
        public BriefInProcessConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
        }
    }

    // BenchmarkDotNet's setup hooks are synchronous in-process; benchmark setup (not library code) may block.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        rangeBuffer = new byte[RangeSize];
        store = await OpenAsync(Store);
        // Populate once (emulator data persists across runs in the same emulator process).
        int existing = 0;
        await foreach (ObjectMeta unused in store.ListAsync(KeyPrefix))
        {
            existing++;
        }
        if (existing < KeyCount)
        {
            await Parallel.ForEachAsync(PendingKeys(existing), new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (key, ct) => await store.PutAsync(key, new byte[16], ct));
        }
        try
        {
            await store.GetMetadataAsync("big/object.bin");
        }
        catch (DeltaObjectNotFoundException)
        {
            var content = new byte[ObjectSize];
            new Random(1).NextBytes(content);
            await using var stream = new MemoryStream(content);
            await store.PutAsync("big/object.bin", stream);
        }
        // Requests one operation makes (printed once; the SDK/pipeline handler counts them).
        foreach ((string name, Func<Task> operation) in new (string, Func<Task>)[]
        {
            ($"list {KeyCount} keys", () => List100kKeys()),
            ("read 64 MiB stream", () => ReadWholeObject()),
            ("read 64 MiB in 8 MiB ranges", () => ReadRanges()),
        })
        {
            CountingHandler.Reset();
            await operation();
            Console.WriteLine($"// {Store}: {name}: {CountingHandler.Requests} HTTP requests");
        }
    }

    private static IEnumerable<string> PendingKeys(int existing)
    {
        for (int i = existing; i < KeyCount; i++)
        {
            yield return $"{KeyPrefix}{i / 1000:D3}/{i:D7}.json";
        }
    }

    private async Task CleanupAsync()
    {
        await store.DisposeAsync();
        if (localRoot is not null)
        {
            Directory.Delete(localRoot, recursive: true);
        }
    }

    [Benchmark(Description = "List all keys")]
    public async Task<int> List100kKeys()
    {
        int count = 0;
        await foreach (ObjectMeta unused in store.ListAsync(KeyPrefix))
        {
            count++;
        }
        if (count != KeyCount)
        {
            throw new InvalidOperationException($"listed {count} keys");
        }
        return count;
    }

    [Benchmark(Description = "Read 64 MiB (stream)")]
    public async Task<long> ReadWholeObject()
    {
        await using Stream stream = await store.OpenReadAsync("big/object.bin");
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(rangeBuffer)) > 0)
        {
            total += read;
        }
        return total;
    }

    [Benchmark(Description = "Read 64 MiB (8 MiB ranges)")]
    public async Task<long> ReadRanges()
    {
        long total = 0;
        for (long offset = 0; offset < ObjectSize; offset += RangeSize)
        {
            await store.ReadRangeAsync("big/object.bin", offset, rangeBuffer);
            total += RangeSize;
        }
        return total;
    }

    private async Task<IObjectStore> OpenAsync(string kind)
    {
        switch (kind)
        {
            case "local":
                localRoot = Path.Combine(Path.GetTempPath(), "deltasharp-bench-" + Guid.NewGuid().ToString("N"));
                return new LocalObjectStore(localRoot);
            case "memory":
                return new InMemoryObjectStore();
            case "s3-moto":
            {
                var options = new S3ObjectStoreOptions
                {
                    ServiceUrl = new Uri(Environment.GetEnvironmentVariable("DELTASHARP_S3_ENDPOINT")!),
                    Credentials = new BasicAWSCredentials("bench", "bench"),
                    Region = "us-east-1",
                };
                var config = new AmazonS3Config
                {
                    ServiceURL = options.ServiceUrl.ToString(),
                    ForcePathStyle = true,
                    AuthenticationRegion = "us-east-1",
                    RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                    ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                    HttpClientFactory = new CountingHttpClientFactory(),
                };
                var client = new AmazonS3Client(options.Credentials, config);
                try
                {
                    await client.PutBucketAsync(new PutBucketRequest { BucketName = "deltasharp-bench" });
                }
                catch (AmazonS3Exception)
                {
                    // Exists already.
                }
                return new S3ObjectStore(client, ownsClient: true, "deltasharp-bench", "bench", options);
            }
            case "azure-azurite":
            {
                AzureBlobObjectStoreOptions options = AzureBlobObjectStoreOptions.ForAzurite(new Uri(Environment.GetEnvironmentVariable("DELTASHARP_AZURITE_BLOB_ENDPOINT")!));
                options.Transport = new HttpClientTransport(new CountingHandler(new SocketsHttpHandler()));
                var created = new AzureBlobObjectStore("deltasharp-bench", "bench", options);
                await created.CreateContainerIfNotExistsAsync();
                return created;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown store");
        }
    }

    private sealed class CountingHttpClientFactory : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CountingHandler(new SocketsHttpHandler()));

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    /// <summary>Counts HTTP requests (process-wide; one benchmark process measures one store).</summary>
    internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private static long requests;

        public static long Requests => Interlocked.Read(ref requests);

        public static void Reset() => Interlocked.Exchange(ref requests, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
