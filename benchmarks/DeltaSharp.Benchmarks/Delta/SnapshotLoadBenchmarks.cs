using System;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Storage;

namespace DeltaSharp.Benchmarks.Delta;

/// <summary>
/// Log replay cost: one operation = open a table whose single commit adds <see cref="Files"/> files across 100
/// partitions (in memory, so only decoding and reconciliation are measured), with and without statistics.
/// </summary>
[MemoryDiagnoser]
public class SnapshotLoadBenchmarks : IAsyncDisposable
{
    private InMemoryObjectStore store = null!;

    [Params(100_000)]
    public int Files { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        store = new InMemoryObjectStore();
        var log = new StringBuilder();
        log.Append("{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n");
        log.Append("{\"metaData\":{\"id\":\"b\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}},{\\\"name\\\":\\\"p\\\",\\\"type\\\":\\\"integer\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\",\"partitionColumns\":[\"p\"],\"configuration\":{},\"createdTime\":1}}\n");
        for (int i = 0; i < Files; i++)
        {
            int p = i % 100;
            log.Append(CultureInfo.InvariantCulture, $"{{\"add\":{{\"path\":\"p={p}/part-{i:D5}-3935a07c-416b-4344-ad97-2a38342ee2fc.c000.snappy.parquet\",\"partitionValues\":{{\"p\":\"{p}\"}},\"size\":{1000 + i},\"modificationTime\":1700000000000,\"dataChange\":true,\"stats\":\"{{\\\"numRecords\\\":100,\\\"minValues\\\":{{\\\"id\\\":{i * 100}}},\\\"maxValues\\\":{{\\\"id\\\":{(i * 100) + 99}}},\\\"nullCount\\\":{{\\\"id\\\":0}}}}\"}}}}\n");
        }
        await store.PutAsync("_delta_log/00000000000000000000.json", Encoding.UTF8.GetBytes(log.ToString()));
    }

    [Benchmark]
    public async Task<int> OpenWithStatistics()
    {
        await using DeltaTable table = await DeltaTable.OpenAsync(store, "memory://bench", new DeltaTableOptions { IncludeFileStatistics = true });
        return table.Snapshot.Files.Count;
    }

    [Benchmark]
    public async Task<int> OpenWithoutStatistics()
    {
        await using DeltaTable table = await DeltaTable.OpenAsync(store, "memory://bench", new DeltaTableOptions { IncludeFileStatistics = false });
        return table.Snapshot.Files.Count;
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
