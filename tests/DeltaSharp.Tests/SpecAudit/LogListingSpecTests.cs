using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// PROTOCOL.md "Log Compaction Files", "Delta Log Entries" (and `_staged_commits`), "Version Checksum File": what is
/// in `_delta_log` besides commits and checkpoints never changes the table.
/// </summary>
public sealed class LogListingSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""));

    private static string[] Paths(DeltaSnapshot snapshot) => snapshot.Files.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    private static string Txn(long version) => "{\"txn\":{\"appId\":\"3ae45b72-24e1-865a-a211-34987ae02f2a\",\"version\":" + version + "}}";

    /// <summary>The spec's own example: commits 4, 5, 6 and their compaction 4.6 (commit 0-3 create f0 and f1).</summary>
    private static async Task SpecExampleAsync(SpecTable table, bool withCompaction)
    {
        var config = new Dictionary<string, string> { ["delta.enableInCommitTimestamps"] = "true" };
        await table.CommitAsync(0, SpecTable.CommitInfo(1000), SpecTable.Protocol(1, 7, null, ["inCommitTimestamp"]), SpecTable.Metadata(Schema, configuration: config));
        await table.CommitAsync(1, SpecTable.CommitInfo(1001), SpecTable.Add("f0", 1));
        await table.CommitAsync(2, SpecTable.CommitInfo(1002), SpecTable.Add("f1", 1));
        await table.CommitAsync(3, SpecTable.CommitInfo(1003), "{\"domainMetadata\":{\"domain\":\"user.a\",\"configuration\":\"x\",\"removed\":false}}");
        await table.CommitAsync(4, SpecTable.CommitInfo(1004), SpecTable.Add("f2", 1), SpecTable.Remove("f1"));
        await table.CommitAsync(5, SpecTable.CommitInfo(1005), SpecTable.Add("f3", 1), SpecTable.Add("f4", 1), Txn(4389));
        await table.CommitAsync(6, SpecTable.CommitInfo(1006), SpecTable.Remove("f3"), Txn(4390),
            "{\"domainMetadata\":{\"domain\":\"user.a\",\"configuration\":\"x\",\"removed\":true}}");
        if (withCompaction)
        {
            await table.PutTextAsync("_delta_log/00000000000000000004.00000000000000000006.compacted.json", string.Join("\n",
                SpecTable.Add("f2", 1), SpecTable.Add("f4", 1), SpecTable.Remove("f1"), SpecTable.Remove("f3"), Txn(4390),
                "{\"domainMetadata\":{\"domain\":\"user.a\",\"configuration\":\"x\",\"removed\":true}}") + "\n");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ACompactionGivesTheSameSnapshotsAsItsCommits(bool withCompaction)
    {
        await using var table = new SpecTable();
        await SpecExampleAsync(table, withCompaction);
        await using DeltaTable opened = await table.OpenAsync();
        DeltaSnapshot latest = opened.Snapshot;
        Assert.Equal(6, latest.Version);
        Assert.Equal(new[] { "f0", "f2", "f4" }, Paths(latest));
        Assert.Equal(4390, latest.GetTransactionVersion("3ae45b72-24e1-865a-a211-34987ae02f2a"));
        Assert.Empty(latest.DomainMetadata);
        // The snapshot's commit timestamp comes from commit 6's commitInfo (compactions keep no commitInfo).
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1006), latest.Timestamp);
        // Versions inside the compaction's range are replayed from the commits.
        DeltaSnapshot at5 = await opened.GetSnapshotAsync(5);
        Assert.Equal(new[] { "f0", "f2", "f3", "f4" }, Paths(at5));
        Assert.Equal(4389, at5.GetTransactionVersion("3ae45b72-24e1-865a-a211-34987ae02f2a"));
        Assert.Equal("x", at5.DomainMetadata["user.a"].Configuration);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1005), at5.Timestamp);
        Assert.Equal(5, await opened.GetVersionAtTimestampAsync(DateTimeOffset.FromUnixTimeMilliseconds(1005)));
    }

    [Fact]
    public async Task CompactionsThatDoNotFitTheSegmentAreIgnored()
    {
        // A compaction reaching past the latest commit, one straddling the checkpoint, one with its range reversed
        // or equal (y must be greater than x): none may add versions or actions.
        await using var table = new SpecTable();
        await SpecExampleAsync(table, withCompaction: false);
        string bogus = SpecTable.Add("bogus", 1) + "\n";
        await table.PutTextAsync("_delta_log/00000000000000000005.00000000000000000009.compacted.json", bogus);
        await table.PutTextAsync("_delta_log/00000000000000000006.00000000000000000006.compacted.json", bogus);
        await table.PutTextAsync("_delta_log/00000000000000000006.00000000000000000004.compacted.json", bogus);
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(6, opened.Snapshot.Version);
        Assert.Equal(new[] { "f0", "f2", "f4" }, Paths(opened.Snapshot));
        Assert.Equal(new[] { "f0", "f2", "f3", "f4" }, Paths(await opened.GetSnapshotAsync(5)));
    }

    [Fact]
    public async Task StagedCommitsTemporaryFilesAndForeignNamesAreNotPartOfTheLog()
    {
        // `_staged_commits/<v>.<uuid>.json` are proposals, ratified only by a catalog; a plain listing must ignore
        // them, as it ignores temp files, Hadoop's hidden checksums, wrong digit counts, other case, sub-directories.
        await using var table = new SpecTable();
        await SpecExampleAsync(table, withCompaction: false);
        string later = SpecTable.CommitInfo(2000) + "\n" + SpecTable.Add("staged", 1) + "\n";
        await table.PutTextAsync("_delta_log/_staged_commits/00000000000000000007.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json", later);
        await table.PutTextAsync("_delta_log/_commits/00000000000000000007.016ae953-37a9-438e-8683-9a9a4a79a395.json", later);
        await table.PutTextAsync("_delta_log/00000000000000000007.json.tmp", later);
        await table.PutTextAsync("_delta_log/.00000000000000000007.json.crc", "garbage");
        await table.PutTextAsync("_delta_log/.00000000000000000007.json.3f1e.tmp", later);
        await table.PutTextAsync("_delta_log/0000000000000000007.json", later);
        await table.PutTextAsync("_delta_log/00000000000000000007.JSON", later);
        await table.PutTextAsync("_delta_log/00000000000000000007.json/part-0", later);
        await table.PutTextAsync("_delta_log/00000000000000000008.crc", "{\"numFiles\":1}");
        await table.PutTextAsync("_delta_log/00000000000000000007.checkpoint.parquet.tmp", "x");
        await table.PutTextAsync("_delta_log/_last_checkpoint.tmp", "{\"version\":7,\"size\":1}");
        await table.PutTextAsync("nested/_delta_log/00000000000000000007.json", later);
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(6, opened.Snapshot.Version);
        Assert.Equal(new[] { "f0", "f2", "f4" }, Paths(opened.Snapshot));
        var versions = new List<long>();
        await foreach (DeltaHistoryEntry entry in opened.GetHistoryAsync())
        {
            versions.Add(entry.Version);
        }
        Assert.Equal(new long[] { 6, 5, 4, 3, 2, 1, 0 }, versions);
    }

    [Fact]
    public async Task DirectoriesInsideTheLogOnLocalDiskAreIgnored()
    {
        // On a file system a directory can carry a log-like name; listing it must not turn it into a commit.
        string root = Path.Combine(Path.GetTempPath(), "specaudit-listing-" + Guid.NewGuid().ToString("N"));
        string log = Path.Combine(root, "_delta_log");
        Directory.CreateDirectory(log);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(log, "00000000000000000000.json"),
                SpecTable.Protocol(1, 2) + "\n" + SpecTable.Metadata(Schema) + "\n");
            Directory.CreateDirectory(Path.Combine(log, "00000000000000000001.json"));
            Directory.CreateDirectory(Path.Combine(log, "00000000000000000002.checkpoint.parquet"));
            Directory.CreateDirectory(Path.Combine(log, "_staged_commits"));
            await File.WriteAllTextAsync(Path.Combine(log, "_staged_commits", "00000000000000000001.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json"), SpecTable.CommitInfo() + "\n");
            Directory.CreateDirectory(Path.Combine(log, "_sidecars"));
            await using DeltaTable opened = await DeltaTable.OpenAsync(root);
            Assert.Equal(0, opened.Snapshot.Version);
            Assert.Empty(opened.Snapshot.Files);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
