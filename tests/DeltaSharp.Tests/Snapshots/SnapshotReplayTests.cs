using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Schema;
using Xunit;

namespace DeltaSharp.Tests.Snapshots;

public sealed class SnapshotReplayTests
{
    private const string DvA = """{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":1,"sizeInBytes":36,"cardinality":2}""";
    private const string DvB = """{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":40,"sizeInBytes":36,"cardinality":3}""";

    private static string[] Paths(DeltaSnapshot snapshot) => snapshot.Files.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task AddsAndRemovesReconcile()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.CommitInfo(), TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("a.parquet"), TestLog.Add("b.parquet"));
        await log.CommitAsync(1, 2000, TestLog.CommitInfo(), TestLog.Remove("a.parquet"), TestLog.Add("c.parquet", p: null));
        await log.CommitAsync(2, 3000, TestLog.CommitInfo(), TestLog.Add("a.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        DeltaSnapshot snapshot = table.Snapshot;
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(new[] { "a.parquet", "b.parquet", "c.parquet" }, Paths(snapshot));
        Assert.Null(snapshot.Files.Single(f => f.Path == "c.parquet").PartitionValues["p"]);
        Assert.Equal(30, snapshot.TotalFileSize);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(3000), snapshot.Timestamp);
        Assert.Equal(new[] { "p" }, snapshot.PartitionColumns);
        Assert.Equal(DeltaPrimitiveType.Long, snapshot.Schema.FindField("id")!.Type);

        DeltaSnapshot v1 = await table.GetSnapshotAsync(1);
        Assert.Equal(new[] { "b.parquet", "c.parquet" }, Paths(v1));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2000), v1.Timestamp);
    }

    [Fact]
    public async Task FilesAreKeyedByPathAndDeletionVector()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(3, 7, "\"deletionVectors\""), TestLog.Metadata(), TestLog.Add("f.parquet"));
        // A DELETE: remove the DV-less entry, add the same file with a DV.
        await log.CommitAsync(1, 2000, TestLog.Remove("f.parquet"), TestLog.Add("f.parquet", dv: DvA));
        // Another DELETE: replace DV A with DV B.
        await log.CommitAsync(2, 3000, TestLog.Remove("f.parquet", DvA), TestLog.Add("f.parquet", dv: DvB));
        // A remove naming a DV the file does not have changes nothing.
        await log.CommitAsync(3, 4000, TestLog.Remove("f.parquet", DvA));
        await using DeltaTable table = await log.OpenAsync();
        AddFile file = Assert.Single(table.Snapshot.Files);
        Assert.Equal(3, file.DeletionVector!.Cardinality);
        Assert.Equal(2, Assert.Single((await table.GetSnapshotAsync(1)).Files).DeletionVector!.Cardinality);
    }

    [Fact]
    public async Task PathsAreComparedPercentDecoded()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("p=a%20b/x%2Dy.parquet"), TestLog.Add("keep.parquet"));
        await log.CommitAsync(1, 2000, TestLog.Remove("p=a b/x-y.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(new[] { "keep.parquet" }, Paths(table.Snapshot));
    }

    [Fact]
    public async Task TransactionsAndDomainMetadataKeepTheLatest()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(),
            """{"txn":{"appId":"app","version":1}}""",
            """{"domainMetadata":{"domain":"d1","configuration":"one","removed":false}}""",
            """{"domainMetadata":{"domain":"d2","configuration":"two","removed":false}}""");
        await log.CommitAsync(1, 2000,
            """{"txn":{"appId":"app","version":2,"lastUpdated":5}}""",
            """{"txn":{"appId":"other","version":9}}""",
            """{"domainMetadata":{"domain":"d1","configuration":"one","removed":true}}""",
            """{"domainMetadata":{"domain":"d2","configuration":"three","removed":false}}""");
        await using DeltaTable table = await log.OpenAsync();
        DeltaSnapshot snapshot = table.Snapshot;
        Assert.Equal(2, snapshot.GetTransactionVersion("app"));
        Assert.Equal(9, snapshot.GetTransactionVersion("other"));
        Assert.Null(snapshot.GetTransactionVersion("nobody"));
        Assert.False(snapshot.DomainMetadata.ContainsKey("d1"));
        Assert.Equal("three", snapshot.DomainMetadata["d2"].Configuration);
        Assert.Equal(1, (await table.GetSnapshotAsync(0)).GetTransactionVersion("app"));
    }

    [Fact]
    public async Task LatestProtocolAndMetadataWin()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata());
        await log.CommitAsync(1, 2000, TestLog.Protocol(2, 5), TestLog.Metadata("\"delta.columnMapping.mode\":\"name\""));
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(2, table.Snapshot.Protocol.MinReaderVersion);
        Assert.Equal(ColumnMappingMode.Name, table.Snapshot.ColumnMappingMode);
    }

    [Fact]
    public async Task MissingProtocolOrMetadataIsCorruption()
    {
        await using var noProtocol = new TestLog();
        await noProtocol.CommitAsync(0, 1000, TestLog.Metadata());
        DeltaLogCorruptException ex = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => noProtocol.OpenAsync());
        Assert.Contains("protocol", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.Version);

        await using var noMetadata = new TestLog();
        await noMetadata.CommitAsync(0, 1000, TestLog.Protocol());
        await Assert.ThrowsAsync<DeltaLogCorruptException>(() => noMetadata.OpenAsync());
    }

    [Fact]
    public async Task MalformedCommitNamesFileVersionAndLine()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata());
        await log.CommitAsync(1, 2000, TestLog.CommitInfo(), "{\"add\":{\"path\":\"x\",");
        DeltaLogCorruptException ex = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => log.OpenAsync());
        Assert.Equal(1, ex.Version);
        Assert.Equal("_delta_log/00000000000000000001.json", ex.Path);
        Assert.Contains("Line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownReaderFeatureIsRejectedByName()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(3, 7, "\"deletionVectors\",\"fancyNewThing\""), TestLog.Metadata());
        DeltaUnsupportedFeatureException ex = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => log.OpenAsync());
        Assert.Equal("fancyNewThing", ex.FeatureName);
        Assert.Contains("fancyNewThing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReaderVersionAboveThreeIsRejected()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(4, 7), TestLog.Metadata());
        DeltaUnsupportedFeatureException ex = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => log.OpenAsync());
        Assert.Equal("readerVersion 4", ex.FeatureName);
    }

    [Fact]
    public async Task ReaderVersionThreeWithoutFeatureListIsCorrupt()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(3, 7), TestLog.Metadata());
        await Assert.ThrowsAsync<DeltaLogCorruptException>(() => log.OpenAsync());
    }

    [Fact]
    public async Task CatalogManagedNeedsAnExplicitVersionOrOptIn()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(3, 7, "\"catalogManaged\""), TestLog.Metadata(), TestLog.Add("a.parquet"));
        await log.PutAsync("_delta_log/_staged_commits/00000000000000000001.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json", TestLog.Add("staged.parquet"));
        DeltaUnsupportedFeatureException ex = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => log.OpenAsync());
        Assert.Equal("catalogManaged", ex.FeatureName);
        await using DeltaTable table = await log.OpenAsync(new DeltaTableOptions { AllowPublishedCatalogManagedLog = true });
        Assert.Equal(0, table.Snapshot.Version);
        Assert.Equal(new[] { "a.parquet" }, Paths(table.Snapshot));
    }

    [Fact]
    public async Task RefreshReplaysOnlyNewCommits()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("a.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        DeltaSnapshot first = table.Snapshot;
        Assert.Same(first, await table.RefreshAsync());

        await log.CommitAsync(1, 2000, TestLog.Add("b.parquet"), """{"txn":{"appId":"app","version":3}}""");
        await log.CommitAsync(2, 3000, TestLog.Remove("a.parquet"));
        DeltaSnapshot refreshed = await table.RefreshAsync();
        Assert.Equal(2, refreshed.Version);
        Assert.Same(refreshed, table.Snapshot);
        Assert.Equal(new[] { "b.parquet" }, Paths(refreshed));
        Assert.Equal(3, refreshed.GetTransactionVersion("app"));
        Assert.Equal(new[] { "a.parquet" }, Paths(first));
    }

    [Fact]
    public async Task RefreshNeverReadsTheCommitsItAlreadyHas()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("a.parquet"), TestLog.Add("c.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        DeltaSnapshot first = table.Snapshot;

        // Commit 0 becomes unreadable: a replay from scratch would fail, an incremental refresh never opens it.
        await log.PutAsync("_delta_log/00000000000000000000.json", "this is not JSON");
        await log.CommitAsync(1, 2000, TestLog.Add("b.parquet"), TestLog.Remove("c.parquet"));
        DeltaSnapshot refreshed = await table.RefreshAsync();

        Assert.Equal(1, refreshed.Version);
        Assert.Equal(new[] { "a.parquet", "b.parquet" }, Paths(refreshed));
        // The untouched file is carried over from the prior snapshot's table (its bytes shared, not decoded again).
        AddFile before = first.Files.Single(f => f.Path == "a.parquet");
        AddFile after = refreshed.Files.Single(f => f.Path == "a.parquet");
        Assert.Equal(before.Size, after.Size);
        Assert.Equal(before.ModificationTime, after.ModificationTime);
        Assert.Same(first.Files.Single(f => f.Path == "a.parquet").PartitionValues, after.PartitionValues);
        Assert.Same(first.Metadata, refreshed.Metadata);
        await Assert.ThrowsAsync<DeltaLogCorruptException>(() => log.OpenAsync());
    }

    [Fact]
    public async Task TimeTravelByVersionOutOfRange()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata());
        await using DeltaTable table = await log.OpenAsync();
        DeltaVersionNotFoundException ex = await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => table.GetSnapshotAsync(3));
        Assert.Equal(0, ex.LatestVersion);
    }

    [Fact]
    public async Task TimestampTravelUsesMonotonizedFileTimes()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("a.parquet"));
        await log.CommitAsync(1, 2000, TestLog.Add("b.parquet"));
        // Clock skew: version 2's file is older than version 1's; it counts as 2001.
        await log.CommitAsync(2, 1500, TestLog.Add("c.parquet"));
        await log.CommitAsync(3, 5000, TestLog.Add("d.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(0, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(1000)));
        Assert.Equal(0, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(1999)));
        Assert.Equal(1, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(2000)));
        Assert.Equal(2, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(2001)));
        Assert.Equal(2, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(4999)));
        Assert.Equal(3, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(5000)));
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(999)));
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(5001)));
        DeltaSnapshot atTwo = await table.GetSnapshotAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(3000));
        Assert.Equal(2, atTwo.Version);
    }

    [Fact]
    public async Task TimestampTravelUsesInCommitTimestampsAfterEnablement()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.CommitInfo(), TestLog.Protocol(), TestLog.Metadata());
        await log.CommitAsync(1, 2000, TestLog.CommitInfo(), TestLog.Add("a.parquet"));
        // ICT enabled at version 2; file times from here on are meaningless (the files were copied at 9_000_000).
        await log.CommitAsync(2, 9_000_000, TestLog.CommitInfo(ict: 10_000), TestLog.Metadata("\"delta.enableInCommitTimestamps\":\"true\",\"delta.inCommitTimestampEnablementVersion\":\"2\",\"delta.inCommitTimestampEnablementTimestamp\":\"10000\""));
        await log.CommitAsync(3, 9_000_000, TestLog.CommitInfo(ict: 20_000), TestLog.Add("b.parquet"));
        await log.CommitAsync(4, 9_000_000, TestLog.CommitInfo(ict: 30_000), TestLog.Add("c.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(30_000), table.Snapshot.Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2000), (await table.GetSnapshotAsync(1)).Timestamp);
        Assert.Equal(1, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(5000)));
        Assert.Equal(2, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(19_999)));
        Assert.Equal(3, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(20_000)));
        Assert.Equal(4, await table.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(30_000)));
    }

    [Fact]
    public async Task HistoryIsNewestFirstWithCommitInfo()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.CommitInfo(operation: "CREATE TABLE"), TestLog.Protocol(), TestLog.Metadata());
        await log.CommitAsync(1, 2000, TestLog.Add("a.parquet"), TestLog.CommitInfo(operation: "WRITE"));
        await log.CommitAsync(2, 3000, TestLog.Add("b.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        var entries = new List<DeltaHistoryEntry>();
        await foreach (DeltaHistoryEntry entry in table.GetHistoryAsync())
        {
            entries.Add(entry);
        }
        Assert.Equal(new long[] { 2, 1, 0 }, entries.Select(e => e.Version).ToArray());
        Assert.Null(entries[0].CommitInfo);
        Assert.Equal("WRITE", entries[1].Operation);
        Assert.Equal("CREATE TABLE", entries[2].Operation);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2000), entries[1].Timestamp);

        int limited = 0;
        await foreach (DeltaHistoryEntry unused in table.GetHistoryAsync(limit: 2))
        {
            limited++;
        }
        Assert.Equal(2, limited);
    }

    [Fact]
    public async Task JsonV2CheckpointIsUsedAndCommitsBeforeItMayBeGone()
    {
        await using var log = new TestLog();
        // Versions 0..1 were cleaned up; a UUID-named JSON checkpoint at 1 holds the state.
        await log.PutAsync("_delta_log/00000000000000000001.checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json", string.Join("\n",
            """{"checkpointMetadata":{"version":1}}""",
            TestLog.Protocol(3, 7, "\"v2Checkpoint\""),
            TestLog.Metadata(),
            TestLog.Add("a.parquet"),
            TestLog.Add("b.parquet"),
            """{"remove":{"path":"old.parquet","deletionTimestamp":1,"dataChange":true}}"""));
        await log.PutAsync("_delta_log/_last_checkpoint", """{"version":1,"size":6}""");
        await log.CommitAsync(1, 1000, TestLog.CommitInfo(), TestLog.Add("b.parquet"));
        await log.CommitAsync(2, 2000, TestLog.CommitInfo(), TestLog.Remove("a.parquet"), TestLog.Add("c.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(2, table.Snapshot.Version);
        Assert.Equal(1, table.Snapshot.CheckpointVersion);
        Assert.Equal(new[] { "b.parquet", "c.parquet" }, Paths(table.Snapshot));
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => table.GetSnapshotAsync(0));
    }

    [Fact]
    public async Task StaleOrCorruptLastCheckpointIsTolerated()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("a.parquet"));
        await log.CommitAsync(1, 2000, TestLog.Add("b.parquet"));
        await log.PutAsync("_delta_log/_last_checkpoint", """{"version":7,"size":3}""");
        await using (DeltaTable stale = await log.OpenAsync())
        {
            Assert.Equal(1, stale.Snapshot.Version);
        }
        await log.PutAsync("_delta_log/_last_checkpoint", "\"malformed");
        await using DeltaTable corrupt = await log.OpenAsync();
        Assert.Equal(2, corrupt.Snapshot.Files.Count);
    }

    [Fact]
    public async Task LongLinesSpanningBufferRefillsDecode()
    {
        await using var log = new TestLog();
        string bigStats = new string('x', 200_000);
        string add = $"{{\"add\":{{\"path\":\"big.parquet\",\"partitionValues\":{{\"p\":\"a\"}},\"size\":1,\"modificationTime\":1,\"dataChange\":true,\"stats\":\"{bigStats}\"}}}}";
        var lines = new List<string> { TestLog.Protocol(), TestLog.Metadata(), add };
        for (int i = 0; i < 5000; i++)
        {
            lines.Add(TestLog.Add($"f{i}.parquet", p: (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        await log.CommitAsync(0, 1000, lines.ToArray());
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(5001, table.Snapshot.Files.Count);
        Assert.Equal(bigStats, table.Snapshot.Files.Single(f => f.Path == "big.parquet").StatsJson);
        // Equal partition values share one map.
        IReadOnlyDictionary<string, string?>[] maps = table.Snapshot.Files.Where(f => f.PartitionValues["p"] == "3").Select(f => f.PartitionValues).ToArray();
        Assert.True(maps.Length > 100);
        Assert.All(maps, m => Assert.Same(maps[0], m));
    }

    [Fact]
    public async Task NoLogIsTableNotFound()
    {
        await using var log = new TestLog();
        await log.PutAsync("part-0.parquet", "x");
        await Assert.ThrowsAsync<DeltaTableNotFoundException>(() => log.OpenAsync());
    }

    [Fact]
    public async Task WithoutStatisticsOptionDropsStats()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("a.parquet"));
        await using DeltaTable table = await log.OpenAsync(new DeltaTableOptions { IncludeFileStatistics = false });
        Assert.Null(Assert.Single(table.Snapshot.Files).StatsJson);
    }
}
