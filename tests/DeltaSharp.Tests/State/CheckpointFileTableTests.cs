using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Tests.State;

/// <summary>
/// Checkpoints written by DuckDB (an independent Parquet writer) loaded through the column-wise path into the file
/// table: adds shadowed by later commits are dropped (with and without deletion vectors), the commits' adds join,
/// and checkpoint columns of the wrong type or missing required values fail with the checkpoint named.
/// </summary>
public sealed class CheckpointFileTableTests : IDisposable
{
    private const string CheckpointName = "_delta_log/00000000000000000001.checkpoint.parquet";
    private const string SchemaString = "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}";
    private const string Protocol = "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)";
    private const string Metadata = "STRUCT(id VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)";

    private readonly string root = Path.Combine(Path.GetTempPath(), "ds-ckpt-table-" + Guid.NewGuid().ToString("N"));

    public CheckpointFileTableTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "_delta_log"));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task CommitsAfterTheCheckpointShadowItsAdds()
    {
        const string Add = "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, " +
            "deletionVector STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, \"offset\" INTEGER, sizeInBytes INTEGER, cardinality BIGINT))";
        WriteCheckpoint(
            Add,
            "{'path': 'f' || n || (CASE WHEN n = 3 THEN '%20x' ELSE '' END) || '.parquet', 'partitionValues': MAP {}::MAP(VARCHAR, VARCHAR), 'size': n, 'modificationTime': 1, " +
            "'dataChange': true, 'stats': '{\"numRecords\":' || n || '}', " +
            "'deletionVector': CASE WHEN n = 4 THEN {'storageType': 'i', 'pathOrInlineDv': 'wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L', 'offset': NULL, 'sizeInBytes': 40, 'cardinality': 6} ELSE NULL END}::" + Add,
            rows: 6);
        // Commit 2 removes f1 and f3 (the latter by its percent-encoded path's other spelling), re-adds f2 bigger,
        // removes f4 without its DV (a different key: f4 with its DV stays) and adds g.
        await File.WriteAllTextAsync(Path.Combine(root, "_delta_log", "00000000000000000002.json"), string.Join('\n',
            "{\"remove\":{\"path\":\"f1.parquet\",\"deletionTimestamp\":5,\"dataChange\":true}}",
            "{\"remove\":{\"path\":\"f3 x.parquet\",\"deletionTimestamp\":5,\"dataChange\":true}}",
            "{\"add\":{\"path\":\"f2.parquet\",\"partitionValues\":{},\"size\":200,\"modificationTime\":2,\"dataChange\":true}}",
            "{\"remove\":{\"path\":\"f4.parquet\",\"deletionTimestamp\":5,\"dataChange\":true}}",
            "{\"add\":{\"path\":\"g.parquet\",\"partitionValues\":{},\"size\":7,\"modificationTime\":2,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":7}\"}}") + "\n");

        await using DeltaTable table = await DeltaTable.OpenAsync(root);
        DeltaSnapshot snapshot = table.Snapshot;
        Assert.Equal(1, snapshot.CheckpointVersion);
        var files = snapshot.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"{f.Path}:{f.Size}:{f.StatsJson}:{f.DeletionVector?.Cardinality}").ToArray();
        Assert.Equal(
            new[] { "f0.parquet:0:{\"numRecords\":0}:", "f2.parquet:200::", "f4.parquet:4:{\"numRecords\":4}:6", "f5.parquet:5:{\"numRecords\":5}:", "g.parquet:7:{\"numRecords\":7}:" },
            files);
        Assert.Equal(0 + 200 + 4 + 5 + 7, snapshot.TotalFileSize);
    }

    [Theory]
    [InlineData("STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size VARCHAR, modificationTime BIGINT, dataChange BOOLEAN)",
        "{'path': 'f' || n, 'partitionValues': MAP {}::MAP(VARCHAR, VARCHAR), 'size': 'big', 'modificationTime': 1, 'dataChange': true}")]
    [InlineData("STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)",
        "{'path': CASE WHEN n = 2 THEN NULL ELSE 'f' || n END, 'partitionValues': MAP {}::MAP(VARCHAR, VARCHAR), 'size': 1, 'modificationTime': 1, 'dataChange': true}")]
    [InlineData("STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)",
        "{'path': 'f' || n, 'partitionValues': MAP {}::MAP(VARCHAR, VARCHAR), 'size': CASE WHEN n = 3 THEN NULL ELSE 1 END, 'modificationTime': 1, 'dataChange': true}")]
    [InlineData("STRUCT(path INTEGER, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)",
        "{'path': n, 'partitionValues': MAP {}::MAP(VARCHAR, VARCHAR), 'size': 1, 'modificationTime': 1, 'dataChange': true}")]
    [InlineData("STRUCT(path VARCHAR, partitionValues VARCHAR, size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)",
        "{'path': 'f' || n, 'partitionValues': 'a=1', 'size': 1, 'modificationTime': 1, 'dataChange': true}")]
    public async Task CorruptAddColumnsNameTheCheckpoint(string addType, string add)
    {
        WriteCheckpoint(addType, add + "::" + addType, rows: 5);
        DeltaLogCorruptException error = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => DeltaTable.OpenAsync(root));
        Assert.Equal(CheckpointName, error.Path);
        Assert.Equal(1, error.Version);
    }

    /// <summary>Writes checkpoint 1: protocol, metadata, then <paramref name="rows"/> adds given by the SQL
    /// expression <paramref name="add"/> over row number <c>n</c>.</summary>
    private void WriteCheckpoint(string addType, string add, int rows)
    {
        TestEnvironment.RequireDuckDbLibrary();
        string sql =
            $"SELECT CASE WHEN n >= 0 THEN {add} END::{addType} AS add, " +
            $"CASE WHEN n = -1 THEN {{'id': 'table-id', 'format': {{'provider': 'parquet', 'options': MAP {{}}::MAP(VARCHAR, VARCHAR)}}, 'schemaString': '{SchemaString}', " +
            $"'partitionColumns': []::VARCHAR[], 'configuration': MAP {{}}::MAP(VARCHAR, VARCHAR), 'createdTime': 1}}::{Metadata} END AS metaData, " +
            $"CASE WHEN n = -2 THEN {{'minReaderVersion': 1, 'minWriterVersion': 2}}::{Protocol} END AS protocol " +
            $"FROM range(-2, {rows}) t(n) ORDER BY n";
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        duck.Execute("SET threads=1");
        duck.Execute($"COPY ({sql}) TO '{Path.Combine(root, CheckpointName)}' (FORMAT parquet)");
        File.WriteAllText(Path.Combine(root, "_delta_log", "_last_checkpoint"), "{\"version\":1,\"size\":" + (rows + 2) + "}");
    }
}
