using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary>What a probe table holds, checked against the log rules independently of the writer: commit versions
/// contiguous from 0, every commit object complete (each line a whole JSON object, one commitInfo), and — through our
/// reader — every probe write present whole (all its rows, each id once) or not at all.</summary>
internal sealed record TableAudit(long LatestVersion, int WriteCommits, IReadOnlyDictionary<(int Writer, int Iteration), int> Writes, long TotalRows,
    IReadOnlyDictionary<long, long> MinIdAddedAt)
{
    public static async Task<TableAudit> RunAsync(ProbeTable table, int rowsPerWrite)
    {
        var ct = TestContext.Current.CancellationToken;
        await using IObjectStore store = table.OpenStore();
        var versions = new List<long>();
        await foreach (ObjectMeta meta in store.ListAsync("_delta_log/", cancellationToken: ct))
        {
            string name = meta.Path["_delta_log/".Length..];
            if (name.Length == 25 && name.EndsWith(".json", StringComparison.Ordinal) && long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
            {
                versions.Add(v);
            }
            else if (name == "_last_checkpoint")
            {
                using JsonDocument lastCheckpoint = JsonDocument.Parse(await ReadAllAsync(store, meta.Path));
                Assert.True(lastCheckpoint.RootElement.TryGetProperty("version", out _), "_last_checkpoint has no version");
            }
        }
        versions.Sort();
        Assert.NotEmpty(versions);
        for (int i = 0; i < versions.Count; i++)
        {
            Assert.True(versions[i] == i, $"commit versions are not contiguous from 0: position {i} holds version {versions[i]}");
        }

        int writeCommits = 0;
        var minIdAddedAt = new Dictionary<long, long>();
        foreach (long version in versions)
        {
            byte[] bytes = await ReadAllAsync(store, $"_delta_log/{version:D20}.json");
            Assert.True(bytes.Length > 0, $"commit {version} is empty");
            int commitInfos = 0;
            foreach (string line in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                if (line.Length == 0)
                {
                    continue;
                }
                JsonDocument action;
                try
                {
                    action = JsonDocument.Parse(line);
                }
                catch (JsonException ex)
                {
                    Assert.Fail($"commit {version} holds an incomplete JSON line ({ex.Message}): {line}");
                    throw;
                }
                using (action)
                {
                    if (action.RootElement.TryGetProperty("commitInfo", out JsonElement info))
                    {
                        commitInfos++;
                        if (info.GetProperty("operation").GetString() == "WRITE")
                        {
                            writeCommits++;
                        }
                    }
                    else if (action.RootElement.TryGetProperty("add", out JsonElement add) && add.TryGetProperty("stats", out JsonElement statsText))
                    {
                        using JsonDocument stats = JsonDocument.Parse(statsText.GetString()!);
                        long minId = stats.RootElement.GetProperty("minValues").GetProperty("id").GetInt64();
                        minIdAddedAt[version] = Math.Min(minId, minIdAddedAt.GetValueOrDefault(version, long.MaxValue));
                    }
                }
            }
            Assert.True(commitInfos == 1, $"commit {version} has {commitInfos} commitInfo actions");
        }

        var ids = new HashSet<long>();
        var writes = new Dictionary<(int, int), int>();
        long total = 0;
        await using DeltaTable delta = await DeltaTable.OpenAsync(store, table.Location, cancellationToken: ct);
        // The snapshot of the listed latest version: on a cloud store a commit PUT that was fully sent by a writer
        // killed mid-request can still land after the listing (the server finishes the request on its own). That
        // commit is whole and legitimate; the next audit sees it.
        Assert.True(delta.Snapshot.Version >= versions[^1], $"the reader's latest version {delta.Snapshot.Version} is older than the listed {versions[^1]}");
        DeltaSnapshot snapshot = await delta.GetSnapshotAsync(versions[^1], ct);
        await foreach (RecordBatch batch in snapshot.ReadAsync(new DeltaScanOptions { Columns = ["id", "writer", "iteration"] }, ct))
        {
            using (batch)
            {
                var id = (PrimitiveArray<long>)batch.Column("id");
                var writer = (PrimitiveArray<int>)batch.Column("writer");
                var iteration = (PrimitiveArray<int>)batch.Column("iteration");
                for (int row = 0; row < batch.Length; row++)
                {
                    long value = id.GetValue(row);
                    Assert.True(ids.Add(value), $"id {value} is present twice");
                    int w = writer.GetValue(row), it = iteration.GetValue(row);
                    long offset = value - FirstId(w, it, rowsPerWrite);
                    Assert.True(offset >= 0 && offset < rowsPerWrite, $"id {value} does not belong to writer {w} iteration {it}");
                    writes[(w, it)] = writes.GetValueOrDefault((w, it)) + 1;
                    total++;
                }
            }
        }
        foreach (KeyValuePair<(int, int), int> write in writes)
        {
            Assert.True(write.Value == rowsPerWrite, $"write {write.Key} is present with {write.Value} of its {rowsPerWrite} rows");
        }
        return new TableAudit(versions[^1], writeCommits, writes, total, minIdAddedAt);
    }

    /// <summary>The first id of iteration <paramref name="iteration"/> of probe writer <paramref name="writer"/>.</summary>
    public static long FirstId(int writer, int iteration, int rowsPerWrite) => (writer * 1_000_000_000L) + ((long)iteration * rowsPerWrite);

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, string path)
    {
        await using Stream stream = await store.OpenReadAsync(path, TestContext.Current.CancellationToken);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, TestContext.Current.CancellationToken);
        return memory.ToArray();
    }
}
