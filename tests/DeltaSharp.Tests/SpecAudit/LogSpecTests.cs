using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>PROTOCOL.md "Checkpoints", "Last Checkpoint File", "Version Checksum File", "Action Reconciliation".</summary>
public sealed class LogSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""));

    private static string[] Paths(DeltaSnapshot snapshot) => snapshot.Files.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    private static async Task BaseAsync(SpecTable table)
    {
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema), SpecTable.Add("a.parquet", 1));
        await table.CommitAsync(1, SpecTable.Add("b.parquet", 1));
        await table.CommitAsync(2, SpecTable.Add("c.parquet", 1));
    }

    [Fact]
    public async Task LastCheckpointPointingAtAMissingCheckpointIsIgnored()
    {
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":1,\"size\":4}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(2, opened.Snapshot.Version);
        Assert.Equal(new[] { "a.parquet", "b.parquet", "c.parquet" }, Paths(opened.Snapshot));
    }

    [Fact]
    public async Task MultiPartCheckpointWithAMissingPartIsIgnored()
    {
        // "readers must ignore multi-part checkpoints with missing parts": the present part is garbage, so reading it
        // would fail.
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.PutTextAsync("_delta_log/00000000000000000001.checkpoint.0000000001.0000000002.parquet", "not parquet");
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":1,\"size\":4,\"parts\":2}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "a.parquet", "b.parquet", "c.parquet" }, Paths(opened.Snapshot));
        Assert.Null(opened.Snapshot.CheckpointVersion);
    }

    [Fact]
    public async Task LastCheckpointWithAWrongChecksumOrUnknownFieldsDoesNotMatter()
    {
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":0,\"size\":3,\"checksum\":\"00000000000000000000000000000000\",\"tags\":{\"x\":\"y\"},\"v2Checkpoint\":{\"path\":\"nowhere\"}}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(2, opened.Snapshot.Version);
        Assert.Equal(3, opened.Snapshot.Files.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{\"tableSizeBytes\":3,\"numFiles\":3,\"numMetadata\":1,\"numProtocol\":1}")]
    [InlineData("{\"numFiles\":999}")]
    [InlineData("\u0000garbage{")]
    public async Task VersionChecksumFilesDoNotChangeTheSnapshot(string? crc)
    {
        // "Readers MUST continue functioning if Version Checksum files are missing" — present, wrong or corrupt alike.
        await using var table = new SpecTable();
        await BaseAsync(table);
        if (crc is not null)
        {
            await table.PutTextAsync("_delta_log/00000000000000000002.crc", crc);
            await table.PutTextAsync("_delta_log/00000000000000000001.crc", crc);
        }
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "a.parquet", "b.parquet", "c.parquet" }, Paths(opened.Snapshot));
    }

    [Fact]
    public async Task ARemovedFileAddedAgainIsLive()
    {
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.CommitAsync(3, SpecTable.Remove("b.parquet"));
        await table.CommitAsync(4, SpecTable.Add("b.parquet", 7));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "a.parquet", "b.parquet", "c.parquet" }, Paths(opened.Snapshot));
        Assert.Equal(7, opened.Snapshot.Files.Single(f => f.Path == "b.parquet").Size);
        DeltaSnapshot at3 = await opened.GetSnapshotAsync(3);
        Assert.Equal(new[] { "a.parquet", "c.parquet" }, Paths(at3));
    }

    [Fact]
    public async Task RemoveAndAddOfOnePathInOneCommitKeepsTheAdd()
    {
        // A commit may hold remove(path, dvA) and add(path, dvB); and re-committing (path, NULL) updates its metadata.
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.CommitAsync(3, SpecTable.Remove("a.parquet"), SpecTable.Add("a.parquet", 9));
        await table.CommitAsync(4, SpecTable.Add("c.parquet", 11));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "a.parquet", "b.parquet", "c.parquet" }, Paths(opened.Snapshot));
        Assert.Equal(9, opened.Snapshot.Files.Single(f => f.Path == "a.parquet").Size);
        Assert.Equal(11, opened.Snapshot.Files.Single(f => f.Path == "c.parquet").Size);
    }

    [Fact]
    public async Task TwoAddsOfOnePathInOneCommitAreOneLogicalFile()
    {
        // Invalid per the spec ("A single transaction should not contain duplicate add"); a reader must at least never
        // return the file twice.
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.CommitAsync(3, SpecTable.Add("d.parquet", 1), SpecTable.Add("d.parquet", 2));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Single(opened.Snapshot.Files, f => f.Path == "d.parquet");
    }

    [Fact]
    public async Task RemovedDomainMetadataIsNotInTheSnapshot()
    {
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.CommitAsync(3,
            "{\"domainMetadata\":{\"domain\":\"delta.clustering\",\"configuration\":\"{}\",\"removed\":false}}",
            "{\"domainMetadata\":{\"domain\":\"user.x\",\"configuration\":\"1\",\"removed\":false}}");
        await table.CommitAsync(4, "{\"domainMetadata\":{\"domain\":\"user.x\",\"configuration\":\"1\",\"removed\":true}}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "delta.clustering" }, opened.Snapshot.DomainMetadata.Keys.ToArray());
        DeltaSnapshot at3 = await opened.GetSnapshotAsync(3);
        Assert.Equal(2, at3.DomainMetadata.Count);
    }

    [Fact]
    public async Task CommitsWithoutCommitInfoUseTheFileTime()
    {
        await using var table = new SpecTable();
        table.Now = DateTimeOffset.FromUnixTimeMilliseconds(5_000);
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(5_000), opened.Snapshot.Timestamp);
    }

    [Theory]
    [InlineData("016ae953-37a9-438e-8683-9a9a4a79a395.parquet")]
    [InlineData("memory://spec/_delta_log/_sidecars/016ae953-37a9-438e-8683-9a9a4a79a395.parquet")]
    [InlineData("_delta_log/_sidecars/016ae953%2D37a9-438e-8683-9a9a4a79a395.parquet")]
    public async Task V2JsonCheckpointWithAParquetSidecarNamedRelatively(string sidecarPath)
    {
        // Sidecars "must always reside in the table's own _delta_log/_sidecars directory"; the URI-encoded path may be
        // just the file name (encouraged), a relative path or a full URI.
        await using var table = new SpecTable();
        long dataSize = await table.PutParquetAsync("x.parquet", TestArrays.Batch(("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 42 }), true)));
        ArrayData path = TestArrays.String(new[] { "x.parquet" });
        ArrayData partitionValues = TestArrays.Map(TestArrays.String(Array.Empty<string>()), TestArrays.String(Array.Empty<string>()), [0, 0], null);
        ArrayData add = TestArrays.Struct(
            [
                new Field("path", BinaryType.Utf8, true), new Field("partitionValues", partitionValues.Type, true), new Field("size", IntegerType.Int64, true),
                new Field("modificationTime", IntegerType.Int64, true), new Field("dataChange", ArrowType.Boolean, true),
            ],
            [path, partitionValues, TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { dataSize }), TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1 }), TestArrays.Boolean(new bool?[] { true })],
            null);
        long sidecarSize = await table.PutParquetAsync("_delta_log/_sidecars/016ae953-37a9-438e-8683-9a9a4a79a395.parquet", TestArrays.Batch(("add", add, true)));
        await table.PutTextAsync("_delta_log/00000000000000000003.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json", string.Join("\n",
            "{\"checkpointMetadata\":{\"version\":3,\"tags\":{}}}",
            SpecTable.Protocol(3, 7, ["v2Checkpoint"], ["v2Checkpoint"]),
            SpecTable.Metadata(Schema),
            "{\"sidecar\":{\"path\":\"" + sidecarPath + "\",\"sizeInBytes\":" + sidecarSize + ",\"modificationTime\":1,\"tags\":{}}}"));
        await table.CommitAsync(3, SpecTable.CommitInfo());
        await table.CommitAsync(4, SpecTable.CommitInfo());
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(3, opened.Snapshot.CheckpointVersion);
        Assert.Equal(new[] { "{\"id\":42}" }, await SpecTable.RowsAsync(opened.Snapshot));
    }

    [Fact]
    public async Task ACorruptCheckpointFallsBackToTheCommitsWhenTheyAreAllThere()
    {
        // A truncated classic checkpoint is not a complete checkpoint; commits 0..3 still define the table.
        await using var table = new SpecTable();
        await BaseAsync(table);
        await table.CommitAsync(3, SpecTable.Remove("a.parquet"));
        await table.PutTextAsync("_delta_log/00000000000000000002.checkpoint.parquet", "PAR1 truncated");
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":2,\"size\":4}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(3, opened.Snapshot.Version);
        Assert.Equal(new[] { "b.parquet", "c.parquet" }, Paths(opened.Snapshot));
        Assert.Equal(new[] { "a.parquet", "b.parquet", "c.parquet" }, Paths(await opened.GetSnapshotAsync(2)));
    }

    [Fact]
    public async Task ACorruptCheckpointWithoutTheCommitsBeforeItIsAnError()
    {
        await using var table = new SpecTable();
        await table.PutTextAsync("_delta_log/00000000000000000002.checkpoint.parquet", "PAR1 truncated");
        await table.CommitAsync(3, SpecTable.Add("d.parquet", 1));
        await Assert.ThrowsAsync<DeltaLogCorruptException>(() => table.OpenAsync());
    }
}
