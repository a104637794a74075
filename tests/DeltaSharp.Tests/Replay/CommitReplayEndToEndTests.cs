using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Tests.Snapshots;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Replay;

/// <summary>
/// Snapshots built through the columnar commit replay (single commit and read-ahead paths, a JSON V2 checkpoint base
/// and a refresh base) for the reconciliation cases of PROTOCOL.md "Action Reconciliation", with the expected file
/// sets written out by hand from the protocol's rules.
/// </summary>
public sealed class CommitReplayEndToEndTests
{
    private const string DvOne = """{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":1,"sizeInBytes":36,"cardinality":2}""";
    private const string DvTwo = """{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":9,"sizeInBytes":36,"cardinality":3}""";

    private static string DvProtocol() => TestLog.Protocol(3, 7, "\"deletionVectors\",\"v2Checkpoint\"");

    private static List<string> Keys(DeltaSnapshot snapshot) =>
        snapshot.Files.Select(f => f.Path + (f.DeletionVector is null ? string.Empty : "#" + f.DeletionVector.Offset)).OrderBy(p => p, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task CommitsDecideTheCheckpointFilesTheyTouchWhateverThePathSpelling()
    {
        await using var log = new TestLog();
        await log.PutAsync("_delta_log/00000000000000000001.checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json", string.Join("\n",
            """{"checkpointMetadata":{"version":1}}""",
            DvProtocol(),
            TestLog.Metadata(),
            TestLog.Add("a%20b.parquet"),
            TestLog.Add("c.parquet", dv: DvOne),
            TestLog.Add("d.parquet"),
            TestLog.Add("\\u00e9t\\u00e9.parquet"),
            TestLog.Add("kept.parquet")));
        await log.PutAsync("_delta_log/_last_checkpoint", """{"version":1,"size":8}""");
        // Removes of checkpoint files written with another spelling (decoded, percent-encoded, JSON-escaped).
        await log.CommitAsync(2, 2000, TestLog.CommitInfo(), TestLog.Remove("a b.parquet"), TestLog.Remove("%C3%A9t%C3%A9.parquet"));
        // The same path with another DV is another key: removing (c, DvTwo) does not remove (c, DvOne).
        await log.CommitAsync(3, 3000, TestLog.CommitInfo(), TestLog.Remove("c.parquet", DvTwo), TestLog.Remove("d.parquet"));
        // Add then remove in one commit; re-add of a removed file.
        await log.CommitAsync(4, 4000, TestLog.CommitInfo(), TestLog.Add("e.parquet"), TestLog.Remove("e.parquet"), TestLog.Add("d.parquet", size: 99));
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(4, table.Snapshot.Version);
        Assert.Equal(1, table.Snapshot.CheckpointVersion);
        Assert.Equal(new[] { "c.parquet#1", "d.parquet", "kept.parquet" }, Keys(table.Snapshot));
        Assert.Equal(99, table.Snapshot.Files.Single(f => f.Path == "d.parquet").Size);

        // One commit after the checkpoint (the path without read-ahead).
        DeltaSnapshot atTwo = await table.GetSnapshotAsync(2);
        Assert.Equal(new[] { "c.parquet#1", "d.parquet", "kept.parquet" }, Keys(atTwo));
    }

    [Fact]
    public async Task ReplayWithoutCheckpointAgreesWithRefreshAndWithTheRules()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, DvProtocol(), TestLog.Metadata(), TestLog.Add("x%3Dy/f.parquet"), TestLog.Add("g.parquet", dv: DvOne), TestLog.Add("h.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        DeltaSnapshot first = table.Snapshot;
        await log.CommitAsync(1, 2000, TestLog.Remove("x=y/f.parquet"), TestLog.Remove("g.parquet", DvOne), TestLog.Add("g.parquet", dv: DvTwo));
        await log.CommitAsync(2, 3000, TestLog.Remove("h.parquet"), TestLog.Add("x%3dy/f.parquet", size: 7));
        await log.CommitAsync(3, 4000, TestLog.Add("h%2Eparquet"));
        string[] expected = ["g.parquet#9", "h%2Eparquet", "x%3dy/f.parquet"];

        DeltaSnapshot refreshed = await table.RefreshAsync();
        Assert.Equal(expected, Keys(refreshed));
        Assert.Equal(new[] { "g.parquet#1", "h.parquet", "x%3Dy/f.parquet" }, Keys(first));

        await using DeltaTable reopened = await log.OpenAsync();
        Assert.Equal(expected, Keys(reopened.Snapshot));
        Assert.Equal(7, reopened.Snapshot.Files.Single(f => f.Path == "x%3dy/f.parquet").Size);
    }

    /// <summary>The golden tables of Delta and delta-kernel-rs add <c>/some/unqualified/...</c> and remove it as
    /// <c>file:/...</c> or <c>file:///...</c>: Delta canonicalises both spellings to one file, so version 1 is empty.</summary>
    [Theory]
    [InlineData("delta__golden__canonicalized-paths-normal-a")]
    [InlineData("delta__golden__canonicalized-paths-normal-b")]
    [InlineData("delta__golden__canonicalized-paths-special-a")]
    [InlineData("delta__golden__canonicalized-paths-special-b")]
    [InlineData("delta-kernel-rs__golden__canonicalized-paths-normal-a")]
    [InlineData("delta-kernel-rs__golden__canonicalized-paths-normal-b")]
    [InlineData("delta-kernel-rs__golden__canonicalized-paths-special-a")]
    [InlineData("delta-kernel-rs__golden__canonicalized-paths-special-b")]
    public async Task LocalFileUrisAndAbsolutePathsAreOneFile(string tableId)
    {
        string root = Path.Combine(TestEnvironment.RequireConformanceDir(), tableId);
        if (Directory.Exists(Path.Combine(root, "delta", "_delta_log")))
        {
            root = Path.Combine(root, "delta");
        }
        await using DeltaTable table = await DeltaTable.OpenAsync(root);
        Assert.Equal(1, table.Snapshot.Version);
        Assert.Empty(table.Snapshot.Files);
        DeltaSnapshot atZero = await table.GetSnapshotAsync(0);
        Assert.Single(atZero.Files);
    }

    [Fact]
    public async Task LocalFileUriSpellingsDecideTheSameKeyButAnotherHostDoesNot()
    {
        await using var log = new TestLog();
        await log.CommitAsync(0, 1000, TestLog.Protocol(), TestLog.Metadata(), TestLog.Add("/abs/a.parquet"), TestLog.Add("file:///abs/b%20c.parquet"), TestLog.Add("/abs/d.parquet"), TestLog.Add("/abs/e.parquet"));
        await log.CommitAsync(1, 2000, TestLog.Remove("FILE:/abs/a.parquet"), TestLog.Remove("/abs/b c.parquet"), TestLog.Remove("file://host/abs/d.parquet"), TestLog.Remove("file:abs/e.parquet"));
        await using DeltaTable table = await log.OpenAsync();
        Assert.Equal(new[] { "/abs/d.parquet", "/abs/e.parquet" }, Keys(table.Snapshot));
    }
}
