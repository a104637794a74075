using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Log;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Tests.Replay;

/// <summary>
/// Reading a log file of known size with ranged reads (<see cref="JsonLogFileReader"/>: whole when it fits one chunk,
/// else chunk by chunk; synchronously on the decoding thread for a local file) delivers exactly the lines written, in
/// order, whatever the chunk boundaries, line lengths (also longer than a chunk) and final newline; the streamed read
/// (size unknown) is the other way of reading the same file. Errors name the file, version and line.
/// </summary>
public sealed class JsonLogFileReaderRangeTests : IDisposable
{
    private const string LogPath = "_delta_log/00000000000000000009.json";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "deltasharp-range-" + Guid.NewGuid().ToString("N"));

    public JsonLogFileReaderRangeTests()
    {
        Directory.CreateDirectory(directory);
    }

    public void Dispose()
    {
        Directory.Delete(directory, true);
    }

    /// <summary>Records the paths of adds and removes, and commitInfo markers, in delivery order.</summary>
    private sealed class Recorder : ActionSink
    {
        public List<string> Events { get; } = new();

        public override bool WantsCommitInfo => true;

        public override void OnAddRow(in AddFileRow row) => Events.Add("add " + Encoding.UTF8.GetString(row.Path) + " " + row.Size);

        public override void OnRemoveRow(in RemoveFileRow row) => Events.Add("remove " + Encoding.UTF8.GetString(row.Path));

        public override void OnCommitInfo(CommitInfo commitInfo) => Events.Add("commitInfo");
    }

    /// <summary>A commit of random lines (some longer than the small chunks) and the events they must produce.</summary>
    private static (byte[] Content, List<string> Expected) Commit(int seed, bool finalNewline)
    {
        var random = new Random(seed);
        var content = new StringBuilder("{\"commitInfo\":{\"timestamp\":1}}\n");
        var expected = new List<string> { "commitInfo" };
        int lines = random.Next(1, 120);
        for (int i = 0; i < lines; i++)
        {
            string path = $"p{i}-" + new string((char)('a' + (i % 26)), random.Next(0, random.Next(4) == 0 ? 3000 : 60)) + ".parquet";
            if (random.Next(4) == 0)
            {
                content.Append("{\"remove\":{\"path\":\"").Append(path).Append("\",\"deletionTimestamp\":5,\"dataChange\":true}}");
                expected.Add("remove " + path);
            }
            else
            {
                long size = random.Next(1, 1_000_000);
                content.Append("{\"add\":{\"path\":\"").Append(path).Append("\",\"partitionValues\":{},\"size\":").Append(size)
                    .Append(",\"modificationTime\":7,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":").Append(i).Append("}\"}}");
                expected.Add("add " + path + " " + size);
            }
            if (i < lines - 1 || finalNewline)
            {
                content.Append('\n');
            }
        }
        return (Encoding.UTF8.GetBytes(content.ToString()), expected);
    }

    private async Task<IObjectStore> StoreWith(bool local, byte[] content)
    {
        IObjectStore store = local ? new LocalObjectStore(directory) : new InMemoryObjectStore();
        await store.PutAsync(LogPath, content, TestContext.Current.CancellationToken);
        return store;
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task EveryChunkSizeDeliversTheLinesWritten(bool local, bool onOwnThread)
    {
        for (int seed = 0; seed < 12; seed++)
        {
            (byte[] content, List<string> expected) = Commit(seed, finalNewline: seed % 3 != 0);
            await using IObjectStore store = await StoreWith(local, content);
            foreach (int chunkSize in new[] { 16, 64, 1024, 1 << 20 })
            {
                var recorder = new Recorder();
                await JsonLogFileReader.ReadAsync(store, LogPath, 9, content.Length, new PartitionValueInterner(), recorder, onOwnThread, chunkSize, TestContext.Current.CancellationToken);
                Assert.Equal(expected, recorder.Events);
            }
            var streamed = new Recorder();
            await JsonLogFileReader.ReadAsync(store, LogPath, 9, new PartitionValueInterner(), streamed, TestContext.Current.CancellationToken);
            Assert.Equal(expected, streamed.Events);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TruncatedLastLineIsCorruptionNamingFileVersionAndLine(bool local)
    {
        byte[] content = Encoding.UTF8.GetBytes("{\"commitInfo\":{}}\n{\"add\":{\"path\":\"a\",\"size\":1,\"partitionValues\":{},\"modificationTime\":1,\"dataChange\":true}}\n{\"add\":{\"path\":\"b\",\"si");
        await using IObjectStore store = await StoreWith(local, content);
        foreach (int chunkSize in new[] { 16, 1 << 20 })
        {
            var ex = await Assert.ThrowsAsync<DeltaLogCorruptException>(async () =>
                await JsonLogFileReader.ReadAsync(store, LogPath, 9, content.Length, new PartitionValueInterner(), new Recorder(), true, chunkSize, TestContext.Current.CancellationToken));
            Assert.Equal(LogPath, ex.Path);
            Assert.Equal(9, ex.Version);
            Assert.Contains("Line 3", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MissingFileIsNotFound(bool local)
    {
        await using IObjectStore store = local ? new LocalObjectStore(directory) : new InMemoryObjectStore();
        await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () =>
            await JsonLogFileReader.ReadAsync(store, LogPath, 9, 100, new PartitionValueInterner(), new Recorder(), true, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CancellationIsHonouredBeforeReading(bool local)
    {
        (byte[] content, _) = Commit(1, true);
        await using IObjectStore store = await StoreWith(local, content);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await JsonLogFileReader.ReadAsync(store, LogPath, 9, content.Length, new PartitionValueInterner(), new Recorder(), true, cancelled.Token));
    }
}
