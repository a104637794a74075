using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// PROTOCOL.md "Checkpoints": "readers should prefer to use the newest complete checkpoint", several checkpoints of
/// one version ("a client can choose which checkpoint to use"), incomplete multi-part checkpoints ignored, commits
/// cleaned up before a checkpoint.
/// </summary>
public sealed class CheckpointSelectionSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""));

    private static string[] Paths(DeltaSnapshot snapshot) => snapshot.Files.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    /// <summary>A V1 checkpoint with protocol, metadata and the given adds.</summary>
    private static byte[] Checkpoint(params string[] paths)
    {
        var checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata)
            .Column("add", "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)")
            .Row("protocol", DuckParquet.ProtocolRow(1, 2))
            .Row("metaData", DuckParquet.MetadataRow(Schema));
        foreach (string path in paths)
        {
            checkpoint.Row("add", $"{{'path': {DuckParquet.Str(path)}, 'partitionValues': MAP {{}}, 'size': 1, 'modificationTime': 1, 'dataChange': false}}");
        }
        return checkpoint.ToParquet();
    }

    [Fact]
    public async Task ACompleteClassicCheckpointIsUsedWhenAMultiPartOneOfTheSameVersionIsIncomplete()
    {
        await using var table = new SpecTable();
        await table.PutAsync("_delta_log/00000000000000000003.checkpoint.parquet", Checkpoint("a", "b"));
        await table.PutTextAsync("_delta_log/00000000000000000003.checkpoint.0000000001.0000000002.parquet", "not parquet");
        await table.CommitAsync(3, SpecTable.CommitInfo());
        await table.CommitAsync(4, SpecTable.Add("c", 1));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(3, opened.Snapshot.CheckpointVersion);
        Assert.Equal(new[] { "a", "b", "c" }, Paths(opened.Snapshot));
    }

    [Fact]
    public async Task TheNewestCompleteCheckpointWinsOverAStaleLastCheckpointHint()
    {
        // _last_checkpoint names version 2; a newer complete checkpoint at 5 exists (the hint is only a hint).
        await using var table = new SpecTable();
        await table.PutAsync("_delta_log/00000000000000000002.checkpoint.parquet", Checkpoint("a"));
        await table.PutAsync("_delta_log/00000000000000000005.checkpoint.parquet", Checkpoint("a", "b", "c"));
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":2,\"size\":3}");
        for (long v = 2; v <= 6; v++)
        {
            await table.CommitAsync(v, v == 6 ? SpecTable.Add("d", 1) : SpecTable.CommitInfo());
        }
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(5, opened.Snapshot.CheckpointVersion);
        Assert.Equal(new[] { "a", "b", "c", "d" }, Paths(opened.Snapshot));
    }

    [Fact]
    public async Task ALastCheckpointHintBeyondTheLogIsNotTrusted()
    {
        // A hint naming version 9 while the log ends at 4 (e.g. a copied table): the table is what the listing shows.
        await using var table = new SpecTable();
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema), SpecTable.Add("a", 1));
        for (long v = 1; v <= 4; v++)
        {
            await table.CommitAsync(v, SpecTable.Add("f" + v, 1));
        }
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":9,\"size\":3}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(4, opened.Snapshot.Version);
        Assert.Equal(5, opened.Snapshot.Files.Count);
    }

    [Fact]
    public async Task CommitsBeforeACheckpointCleanedUpIncludingTheCheckpointsOwnCommit()
    {
        // Older writers deleted the commit at the checkpoint version too: checkpoint 5, commits 6 and 7 only.
        await using var table = new SpecTable();
        table.Now = DateTimeOffset.FromUnixTimeMilliseconds(5_000);
        await table.PutAsync("_delta_log/00000000000000000005.checkpoint.parquet", Checkpoint("a", "b"));
        table.Now = DateTimeOffset.FromUnixTimeMilliseconds(6_000);
        await table.CommitAsync(6, SpecTable.Remove("a"));
        table.Now = DateTimeOffset.FromUnixTimeMilliseconds(7_000);
        await table.CommitAsync(7, SpecTable.Add("c", 1));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(7, opened.Snapshot.Version);
        Assert.Equal(new[] { "b", "c" }, Paths(opened.Snapshot));
        DeltaSnapshot at5 = await opened.GetSnapshotAsync(5);
        Assert.Equal(new[] { "a", "b" }, Paths(at5));
        await Assert.ThrowsAsync<DeltaVersionNotFoundException>(() => opened.GetSnapshotAsync(4));
    }

    [Fact]
    public async Task AUuidNamedAndAClassicCheckpointOfOneVersionGiveTheSameTable()
    {
        await using var table = new SpecTable();
        string[] v2 = ["v2Checkpoint"];
        byte[] classic = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata).Column("checkpointMetadata", DuckParquet.CheckpointMetadata)
            .Column("add", "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)")
            .Row("checkpointMetadata", "{'version': 3, 'tags': MAP {}}")
            .Row("protocol", DuckParquet.ProtocolRow(3, 7, v2, v2))
            .Row("metaData", DuckParquet.MetadataRow(Schema))
            .Row("add", "{'path': 'a', 'partitionValues': MAP {}, 'size': 1, 'modificationTime': 1, 'dataChange': false}")
            .ToParquet();
        await table.PutAsync("_delta_log/00000000000000000003.checkpoint.parquet", classic);
        await table.PutTextAsync("_delta_log/00000000000000000003.checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json", string.Join("\n",
            "{\"checkpointMetadata\":{\"version\":3}}", SpecTable.Protocol(3, 7, v2, v2), SpecTable.Metadata(Schema), SpecTable.Add("a", 1)) + "\n");
        await table.CommitAsync(3, SpecTable.CommitInfo());
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(3, opened.Snapshot.CheckpointVersion);
        Assert.Equal(new[] { "a" }, Paths(opened.Snapshot));
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AMissingCommitInTheMiddleIsAnErrorNotASkippedVersion(bool withCheckpoint)
    {
        // "A table has a single serial history of atomic versions, named using contiguous integers": replaying
        // 2 then 4 without 3 would silently lose version 3's actions.
        await using var table = new SpecTable();
        if (withCheckpoint)
        {
            await table.PutAsync("_delta_log/00000000000000000001.checkpoint.parquet", Checkpoint("a"));
        }
        else
        {
            await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema), SpecTable.Add("a", 1));
        }
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await table.CommitAsync(2, SpecTable.Add("b", 1));
        await table.CommitAsync(4, SpecTable.Add("d", 1));
        DeltaException error = await Assert.ThrowsAnyAsync<DeltaException>(() => table.OpenAsync());
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AV2CheckpointWithAMissingSidecarIsNotACompleteCheckpoint(bool commitsPresent)
    {
        // A UUID-named checkpoint whose sidecar is gone (a failed or cleaned-up writer) cannot give the table state:
        // with every commit present the state is replayed from them, otherwise the error names the sidecar.
        await using var table = new SpecTable();
        string[] v2 = ["v2Checkpoint"];
        if (commitsPresent)
        {
            await table.CommitAsync(0, SpecTable.Protocol(3, 7, v2, v2), SpecTable.Metadata(Schema), SpecTable.Add("a", 1));
            await table.CommitAsync(1, SpecTable.Add("b", 1));
            await table.CommitAsync(2, SpecTable.CommitInfo());
        }
        await table.PutTextAsync("_delta_log/00000000000000000002.checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json", string.Join("\n",
            "{\"checkpointMetadata\":{\"version\":2}}", SpecTable.Protocol(3, 7, v2, v2), SpecTable.Metadata(Schema),
            "{\"sidecar\":{\"path\":\"016ae953-37a9-438e-8683-9a9a4a79a395.parquet\",\"sizeInBytes\":100,\"modificationTime\":1}}") + "\n");
        await table.CommitAsync(3, SpecTable.Add("c", 1));
        if (commitsPresent)
        {
            await using DeltaTable opened = await table.OpenAsync();
            Assert.Equal(new[] { "a", "b", "c" }, Paths(opened.Snapshot));
        }
        else
        {
            DeltaException error = await Assert.ThrowsAnyAsync<DeltaException>(() => table.OpenAsync());
            Assert.Contains("016ae953-37a9-438e-8683-9a9a4a79a395.parquet", error.Message, StringComparison.Ordinal);
        }
    }
    [Fact]
    public async Task TimeTravelNeverUsesACheckpointNewerThanTheVersion()
    {
        // "For time travel, the checkpoint used must not be newer than the time travel version."
        await using var table = new SpecTable();
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema), SpecTable.Add("a", 1));
        await table.CommitAsync(1, SpecTable.Add("b", 1));
        await table.CommitAsync(2, SpecTable.Remove("a"));
        await table.CommitAsync(3, SpecTable.Add("c", 1));
        await table.PutAsync("_delta_log/00000000000000000002.checkpoint.parquet", Checkpoint("b"));
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":2,\"size\":3}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "b", "c" }, Paths(opened.Snapshot));
        DeltaSnapshot at1 = await opened.GetSnapshotAsync(1);
        Assert.Null(at1.CheckpointVersion);
        Assert.Equal(new[] { "a", "b" }, Paths(at1));
        Assert.Equal(2, (await opened.GetSnapshotAsync(2)).CheckpointVersion);
    }
    [Fact]
    public async Task ALogOfOnlyACheckpointIsTheTableAtThatVersion()
    {
        // After metadata cleanup and before the next commit, the log may hold just a checkpoint (and its hint).
        await using var table = new SpecTable();
        table.Now = DateTimeOffset.FromUnixTimeMilliseconds(9_000);
        await table.PutAsync("_delta_log/00000000000000000005.checkpoint.parquet", Checkpoint("a", "b"));
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":5,\"size\":4}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(5, opened.Snapshot.Version);
        Assert.Equal(new[] { "a", "b" }, Paths(opened.Snapshot));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(9_000), opened.Snapshot.Timestamp);
    }
}
