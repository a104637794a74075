using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>Timestamp time travel: latest commit at or before T (Delta's rule), and PROTOCOL.md "In-Commit Timestamps"
/// ("Recommendations for Readers of Tables with In-Commit Timestamps").</summary>
public sealed class TimeTravelSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""));

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static async Task CommitAtAsync(SpecTable table, long version, long fileTimeMs, params string[] actions)
    {
        table.Now = Ms(fileTimeMs);
        await table.CommitAsync(version, actions);
    }

    [Fact]
    public async Task LatestCommitAtOrBeforeTheTimestamp()
    {
        await using var table = new SpecTable();
        await CommitAtAsync(table, 0, 1000, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema));
        await CommitAtAsync(table, 1, 2000, SpecTable.CommitInfo());
        await CommitAtAsync(table, 2, 3000, SpecTable.CommitInfo());
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(0, await opened.GetVersionAtTimestampAsync(Ms(1000)));
        Assert.Equal(1, await opened.GetVersionAtTimestampAsync(Ms(2000)));
        Assert.Equal(1, await opened.GetVersionAtTimestampAsync(Ms(2999)));
        Assert.Equal(2, await opened.GetVersionAtTimestampAsync(Ms(3000)));
        var before = await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => opened.GetVersionAtTimestampAsync(Ms(999)));
        Assert.Equal(0, before.EarliestVersion);
        Assert.Contains("version 0", before.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => opened.GetVersionAtTimestampAsync(Ms(3001)));
    }

    [Fact]
    public async Task NonMonotonicFileTimesAreMadeIncreasing()
    {
        await using var table = new SpecTable();
        await CommitAtAsync(table, 0, 3000, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema));
        await CommitAtAsync(table, 1, 2000, SpecTable.CommitInfo());
        await CommitAtAsync(table, 2, 4000, SpecTable.CommitInfo());
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(0, await opened.GetVersionAtTimestampAsync(Ms(3000)));
        Assert.Equal(1, await opened.GetVersionAtTimestampAsync(Ms(3001)));
        Assert.Equal(1, await opened.GetVersionAtTimestampAsync(Ms(3999)));
        Assert.Equal(2, await opened.GetVersionAtTimestampAsync(Ms(4000)));
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => opened.GetVersionAtTimestampAsync(Ms(2500)));
    }

    [Fact]
    public async Task InCommitTimestampsFromTheEnablementVersionFileTimesBefore()
    {
        // Versions 0-1 have no ICT (file times 1000, 2000); version 2 enables them at ICT 10000; version 3 has ICT 20000.
        // File times after enablement are deliberately misleading.
        await using var table = new SpecTable();
        await CommitAtAsync(table, 0, 1000, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema));
        await CommitAtAsync(table, 1, 2000, SpecTable.CommitInfo());
        var config = new Dictionary<string, string>
        {
            ["delta.enableInCommitTimestamps"] = "true",
            ["delta.inCommitTimestampEnablementVersion"] = "2",
            ["delta.inCommitTimestampEnablementTimestamp"] = "10000",
        };
        await CommitAtAsync(table, 2, 500, SpecTable.CommitInfo(10000), SpecTable.Protocol(1, 7, null, ["inCommitTimestamp"]), SpecTable.Metadata(Schema, configuration: config));
        await CommitAtAsync(table, 3, 600, SpecTable.CommitInfo(20000));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(Ms(20000), opened.Snapshot.Timestamp);
        Assert.Equal(Ms(2000), (await opened.GetSnapshotAsync(1)).Timestamp);
        Assert.Equal(Ms(10000), (await opened.GetSnapshotAsync(2)).Timestamp);
        // X < enablementTimestamp: only versions < enablementVersion, by file time.
        Assert.Equal(1, await opened.GetVersionAtTimestampAsync(Ms(2000)));
        Assert.Equal(1, await opened.GetVersionAtTimestampAsync(Ms(9999)));
        Assert.Equal(0, await opened.GetVersionAtTimestampAsync(Ms(1500)));
        // X >= enablementTimestamp: only versions >= enablementVersion, by ICT.
        Assert.Equal(2, await opened.GetVersionAtTimestampAsync(Ms(10000)));
        Assert.Equal(2, await opened.GetVersionAtTimestampAsync(Ms(19999)));
        Assert.Equal(3, await opened.GetVersionAtTimestampAsync(Ms(20000)));
        await foreach (DeltaHistoryEntry entry in opened.GetHistoryAsync())
        {
            long expected = entry.Version switch { 0 => 1000, 1 => 2000, 2 => 10000, _ => 20000 };
            Assert.Equal(Ms(expected), entry.Timestamp);
        }
    }
    [Fact]
    public async Task InCommitTimestampsFromTableCreationIgnoreFileTimes()
    {
        // Enabled in version 0 (no enablement properties): every commit's time is its ICT; file times (here
        // decreasing and far off) play no part. Before the first ICT / after the last → error; equal → that version.
        await using var table = new SpecTable();
        var config = new Dictionary<string, string> { ["delta.enableInCommitTimestamps"] = "true" };
        await CommitAtAsync(table, 0, 90_000, SpecTable.CommitInfo(5000), SpecTable.Protocol(1, 7, null, ["inCommitTimestamp"]), SpecTable.Metadata(Schema, configuration: config));
        await CommitAtAsync(table, 1, 100, SpecTable.CommitInfo(6000));
        await CommitAtAsync(table, 2, 50, SpecTable.CommitInfo(7000));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(Ms(7000), opened.Snapshot.Timestamp);
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => opened.GetVersionAtTimestampAsync(Ms(4999)));
        Assert.Equal(0, await opened.GetVersionAtTimestampAsync(Ms(5000)));
        Assert.Equal(0, await opened.GetVersionAtTimestampAsync(Ms(5999)));
        Assert.Equal(1, await opened.GetVersionAtTimestampAsync(Ms(6500)));
        Assert.Equal(2, await opened.GetVersionAtTimestampAsync(Ms(7000)));
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => opened.GetVersionAtTimestampAsync(Ms(7001)));
    }

    [Fact]
    public async Task InCommitTimestampsAfterLogCleanupStartAtTheCheckpoint()
    {
        // Commits 0-1 cleaned up, checkpoint at 2 (its commit kept, as "Metadata Cleanup" requires): a time before
        // commit 2's ICT is before the earliest version that can be rebuilt.
        await using var table = new SpecTable();
        var config = new Dictionary<string, string> { ["delta.enableInCommitTimestamps"] = "true" };
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata)
            .Row("protocol", DuckParquet.ProtocolRow(1, 7, null, ["inCommitTimestamp"]))
            .Row("metaData", DuckParquet.MetadataRow(Schema, null, config))
            .ToParquet();
        await table.PutAsync("_delta_log/00000000000000000002.checkpoint.parquet", checkpoint);
        await CommitAtAsync(table, 2, 100, SpecTable.CommitInfo(7000));
        await CommitAtAsync(table, 3, 50, SpecTable.CommitInfo(8000));
        await using DeltaTable opened = await table.OpenAsync();
        DeltaVersionNotFoundException before = await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => opened.GetVersionAtTimestampAsync(Ms(6999)));
        Assert.Equal(2, before.EarliestVersion);
        Assert.Equal(2, await opened.GetVersionAtTimestampAsync(Ms(7000)));
        Assert.Equal(3, await opened.GetVersionAtTimestampAsync(Ms(8000)));
        Assert.Equal(Ms(7000), (await opened.GetSnapshotAsync(2)).Timestamp);
    }
}
