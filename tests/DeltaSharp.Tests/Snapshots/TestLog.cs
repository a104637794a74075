using System;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Storage;

namespace DeltaSharp.Tests.Snapshots;

/// <summary>Writes hand-made Delta logs into an in-memory store, with controlled modification times.</summary>
internal sealed class TestLog : IAsyncDisposable
{
    public const string Schema = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}},{\\\"name\\\":\\\"p\\\",\\\"type\\\":\\\"string\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";

    private readonly ManualTime clock = new();

    public TestLog()
    {
        Store = new InMemoryObjectStore(clock);
    }

    public InMemoryObjectStore Store { get; }

    public static string Protocol(int reader = 1, int writer = 2, string? readerFeatures = null) =>
        readerFeatures is null
            ? $"{{\"protocol\":{{\"minReaderVersion\":{reader},\"minWriterVersion\":{writer}}}}}"
            : $"{{\"protocol\":{{\"minReaderVersion\":{reader},\"minWriterVersion\":{writer},\"readerFeatures\":[{readerFeatures}],\"writerFeatures\":[]}}}}";

    public static string Metadata(string configuration = "", string partitionColumns = "\"p\"") =>
        $"{{\"metaData\":{{\"id\":\"t\",\"format\":{{\"provider\":\"parquet\",\"options\":{{}}}},\"schemaString\":\"{Schema}\",\"partitionColumns\":[{partitionColumns}],\"configuration\":{{{configuration}}},\"createdTime\":1}}}}";

    public static string Add(string path, string? p = "a", long size = 10, string? dv = null, long records = 5) =>
        $"{{\"add\":{{\"path\":\"{path}\",\"partitionValues\":{{\"p\":{(p is null ? "null" : "\"" + p + "\"")}}},\"size\":{size},\"modificationTime\":1,\"dataChange\":true,\"stats\":\"{{\\\"numRecords\\\":{records}}}\"{(dv is null ? string.Empty : ",\"deletionVector\":" + dv)}}}}}";

    public static string Remove(string path, string? dv = null) =>
        $"{{\"remove\":{{\"path\":\"{path}\",\"deletionTimestamp\":5,\"dataChange\":true{(dv is null ? string.Empty : ",\"deletionVector\":" + dv)}}}}}";

    public static string CommitInfo(long? ict = null, string operation = "WRITE") =>
        ict is long t
            ? $"{{\"commitInfo\":{{\"inCommitTimestamp\":{t},\"timestamp\":{t},\"operation\":\"{operation}\"}}}}"
            : $"{{\"commitInfo\":{{\"timestamp\":1,\"operation\":\"{operation}\"}}}}";

    /// <summary>Writes commit <paramref name="version"/> stamped at <paramref name="modifiedMs"/> (ms since epoch).</summary>
    public async Task CommitAsync(long version, long modifiedMs, params string[] lines)
    {
        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(modifiedMs);
        await Store.PutAsync($"_delta_log/{version:D20}.json", Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
    }

    public async Task PutAsync(string path, string content)
    {
        await Store.PutAsync(path, Encoding.UTF8.GetBytes(content));
    }

    public Task<DeltaTable> OpenAsync(DeltaTableOptions? options = null) => DeltaTable.OpenAsync(Store, "memory://test", options);

    public ValueTask DisposeAsync() => Store.DisposeAsync();

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
