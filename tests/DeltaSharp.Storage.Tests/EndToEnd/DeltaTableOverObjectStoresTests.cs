using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;
using DeltaSharp.Storage.Tests.Conformance;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Storage.Tests.EndToEnd;

/// <summary>
/// Conformance tables uploaded to each store (moto, Azurite, local, memory) and opened through
/// <see cref="DeltaTable.OpenAsync(string, DeltaTableOptions?, CancellationToken)"/> with the store's URI. Checked
/// against the corpus INDEX (version, partition columns, protocol) and the add actions' own sizes and the Parquet
/// magic of every data file read through the store.
/// </summary>
public sealed class DeltaTableOverObjectStoresTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string store in new[] { "s3", "azure", "local", "memory" })
        {
            foreach (string table in new[] { "delta-kernel-rs__app-txn-checkpoint", "delta-kernel-rs__golden__basic-with-inserts-deletes-checkpoint", "delta-kernel-rs__golden__multi-part-checkpoint" })
            {
                data.Add(store, table);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Conformance_table_reads_the_same_through_every_store(string storeKind, string tableId)
    {
        string corpus = TestEnvironment.RequireConformanceDir();
        JsonElement entry = FindEntry(corpus, tableId);
        string tableDir = Path.GetFullPath(Path.Combine(corpus, tableId, entry.GetProperty("delta_root").GetString()!));
        string run = Guid.NewGuid().ToString("N");
        string? localDir = null;
        (ObjectStoreOptions storage, string location) = storeKind switch
        {
            "s3" => (new ObjectStoreOptions().UseS3(MotoEnvironment.RequireOptions()), $"s3://{await MotoEnvironment.EnsureBucketAsync(MotoEnvironment.RequireOptions())}/e2e/{run}/{tableId}"),
            "azure" => (new ObjectStoreOptions().UseAzure(await AzuriteAsync()), $"abfss://{AzuriteEnvironment.Container}@{AzureBlobObjectStoreOptions.DevelopmentAccountName}.dfs.core.windows.net/e2e/{run}/{tableId}"),
            "local" => (new ObjectStoreOptions(), localDir = Path.Combine(Path.GetTempPath(), "deltasharp-e2e-" + run)),
            _ => (new ObjectStoreOptions(), $"memory://e2e/{run}/{tableId}"),
        };
        try
        {
            await using (IObjectStore upload = storage.Open(location))
            {
                foreach (string file in Directory.EnumerateFiles(tableDir, "*", SearchOption.AllDirectories))
                {
                    string key = Path.GetRelativePath(tableDir, file).Replace('\\', '/');
                    await using FileStream source = File.OpenRead(file);
                    await upload.PutAsync(key, source, Token);
                }
            }

            await using DeltaTable table = await DeltaTable.OpenAsync(location, new DeltaTableOptions { Storage = storage }, Token);
            DeltaSnapshot snapshot = table.Snapshot;
            Assert.Equal(entry.GetProperty("latest_version").GetInt64(), snapshot.Version);
            Assert.Equal(entry.GetProperty("partition_columns").EnumerateArray().Select(e => e.GetString()!).ToList(), snapshot.PartitionColumns.ToList());
            JsonElement protocol = entry.GetProperty("protocol");
            Assert.Equal(protocol.GetProperty("minReaderVersion").GetInt32(), snapshot.Protocol.MinReaderVersion);
            Assert.Equal(protocol.GetProperty("minWriterVersion").GetInt32(), snapshot.Protocol.MinWriterVersion);
            Assert.NotEmpty(snapshot.Files);

            await using IObjectStore store = storage.Open(location);
            var magic = new byte[4];
            foreach (AddFile add in snapshot.Files)
            {
                ObjectMeta meta = await store.GetMetadataAsync(add.RelativePath, Token);
                Assert.Equal(add.Size, meta.Size);
                await store.ReadRangeAsync(add.RelativePath, 0, magic, Token);
                Assert.Equal("PAR1"u8.ToArray(), magic);
                await store.ReadRangeAsync(add.RelativePath, meta.Size - 4, magic, Token);
                Assert.Equal("PAR1"u8.ToArray(), magic);
            }
        }
        finally
        {
            if (localDir is not null && Directory.Exists(localDir))
            {
                Directory.Delete(localDir, recursive: true);
            }
        }
    }

    private static async Task<AzureBlobObjectStoreOptions> AzuriteAsync()
    {
        AzureBlobObjectStoreOptions options = AzuriteEnvironment.RequireOptions();
        await AzuriteEnvironment.EnsureContainerAsync(options);
        return options;
    }

    private static JsonElement FindEntry(string corpus, string id)
    {
        using JsonDocument index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(corpus, "INDEX.json")));
        foreach (JsonElement entry in index.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("id").GetString() == id)
            {
                return entry.Clone();
            }
        }
        throw new InvalidOperationException($"{id} is not in INDEX.json");
    }
}
