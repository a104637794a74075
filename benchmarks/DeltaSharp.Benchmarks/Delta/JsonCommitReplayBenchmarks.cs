using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Storage;

namespace DeltaSharp.Benchmarks.Delta;

/// <summary>
/// JSON commit replay in memory, shaped like the compare workload <c>json_many_commits</c>: <see cref="Commits"/>
/// commits of <see cref="ActionsPerCommit"/> file actions (after the first, 80% adds and 20% removes of the previous
/// commit's files), each add with a stats string, written by <see cref="Utf8JsonWriter"/> with its default encoder
/// (so the stats quotes are <c>\u0022</c> escapes, as in the benchmark datasets). One operation = open the table
/// (decode + reconcile); divide <c>Commits × ActionsPerCommit</c> by the time for actions/s. With
/// <see cref="PercentEncodedPaths"/> every path lies in a timestamp partition directory written the way Spark writes
/// it (<c>ts=2024-01-01%2012%3A00%3A00/…</c>), so every action's reconciliation key is percent-decoded.
/// </summary>
[MemoryDiagnoser]
public class JsonCommitReplayBenchmarks : IAsyncDisposable
{
    private const long Timestamp = 1_704_067_200_000;
    private InMemoryObjectStore store = null!;

    [Params(100)]
    public int Commits { get; set; }

    [Params(1000)]
    public int ActionsPerCommit { get; set; }

    /// <summary>Paths in a percent-encoded timestamp partition directory.</summary>
    [Params(false, true)]
    public bool PercentEncodedPaths { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        store = new InMemoryObjectStore();
        int removes = ActionsPerCommit / 5;
        for (int v = 0; v < Commits; v++)
        {
            using var buffer = new MemoryStream();
            Action(buffer, "commitInfo", w =>
            {
                w.WriteNumber("timestamp", Timestamp);
                w.WriteString("operation", "WRITE");
            });
            if (v == 0)
            {
                Action(buffer, "protocol", w =>
                {
                    w.WriteNumber("minReaderVersion", 1);
                    w.WriteNumber("minWriterVersion", 2);
                });
                Action(buffer, "metaData", w =>
                {
                    w.WriteString("id", "bench");
                    w.WriteStartObject("format");
                    w.WriteString("provider", "parquet");
                    w.WriteEndObject();
                    w.WriteString("schemaString", "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}");
                    w.WriteStartArray("partitionColumns");
                    w.WriteEndArray();
                    w.WriteStartObject("configuration");
                    w.WriteEndObject();
                });
            }
            else
            {
                for (int j = 0; j < removes; j++)
                {
                    string removed = FilePath(v - 1, j);
                    Action(buffer, "remove", w =>
                    {
                        w.WriteString("path", removed);
                        w.WriteNumber("deletionTimestamp", Timestamp);
                        w.WriteBoolean("dataChange", true);
                        w.WriteBoolean("extendedFileMetadata", true);
                        w.WriteStartObject("partitionValues");
                        w.WriteEndObject();
                        w.WriteNumber("size", 100000);
                    });
                }
            }
            int adds = v == 0 ? ActionsPerCommit : ActionsPerCommit - removes;
            for (int j = 0; j < adds; j++)
            {
                long n = ((long)v * ActionsPerCommit) + j;
                string path = FilePath(v, j);
                Action(buffer, "add", w =>
                {
                    w.WriteString("path", path);
                    w.WriteStartObject("partitionValues");
                    w.WriteEndObject();
                    w.WriteNumber("size", 100000 + (n % 1000));
                    w.WriteNumber("modificationTime", Timestamp);
                    w.WriteBoolean("dataChange", true);
                    w.WriteString("stats", Stats(n));
                });
            }
            await store.PutAsync(string.Create(CultureInfo.InvariantCulture, $"_delta_log/{v:D20}.json"), buffer.ToArray());
        }
    }

    [Benchmark]
    public async Task<int> ReplayWithStatistics()
    {
        await using DeltaTable table = await DeltaTable.OpenAsync(store, "memory://bench", new DeltaTableOptions { IncludeFileStatistics = true });
        return table.Snapshot.Files.Count;
    }

    [Benchmark]
    public async Task<int> ReplayWithoutStatistics()
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

    private string FilePath(int version, int index) => PercentEncodedPaths
        ? string.Create(CultureInfo.InvariantCulture, $"ts=2024-01-{1 + (version % 28):D2}%20{index % 24:D2}%3A00%3A00/part-{version:D5}-{index:D5}.parquet")
        : string.Create(CultureInfo.InvariantCulture, $"part-{version:D5}-{index:D5}.parquet");

    private static string Stats(long n) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"numRecords\":1000,\"minValues\":{{\"id\":{n * 1000},\"name\":\"name_{n % 5000:D6}\"}},\"maxValues\":{{\"id\":{(n * 1000) + 999},\"name\":\"name_{(n % 5000) + 5000:D6}\"}},\"nullCount\":{{\"id\":0,\"name\":0}}}}");

    private static void Action(Stream output, string name, Action<Utf8JsonWriter> body)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(name);
            body(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }
}
