using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.Writing;
using Xunit;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Tests.Writing;

/// <summary>Checkpoints written every delta.checkpointInterval commits, read back by the snapshot loader alone.</summary>
public sealed class CheckpointWriteTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deltasharp-cp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task CheckpointAtTheIntervalRebuildsTheSameSnapshotWithoutTheJsonCommits()
    {
        Directory.CreateDirectory(_root);
        var ct = TestContext.Current.CancellationToken;
        await using var store = new LocalObjectStore(_root);
        var schema = new DeltaSchema(new DeltaStructType(
        [
            new DeltaStructField("id", DeltaPrimitiveType.Long, false),
            new DeltaStructField("part", DeltaPrimitiveType.String, true),
        ]));
        await DeltaTableWriter.CreateTableAsync(store, schema, new DeltaCreateTableOptions
        {
            PartitionColumns = ["part"],
            Properties = new Dictionary<string, string?> { ["delta.checkpointInterval"] = "3", ["custom.key"] = "v" },
        }, ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, _root, cancellationToken: ct);
        var results = new List<DeltaWriteResult>();
        for (int i = 0; i < 3; i++)
        {
            using RecordBatch batch = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [i * 10L, (i * 10L) + 1]), false),
                ("part", TestArrays.String([i == 1 ? null : "p" + i, "q"]), true));
            results.Add(await DeltaTableWriter.WriteAsync(table, [batch], new DeltaWriteOptions { AppId = "job", AppVersion = i }, ct));
        }

        Assert.Null(results[0].CheckpointVersion);
        Assert.Null(results[1].CheckpointVersion);
        Assert.Equal(3, results[2].CheckpointVersion);
        string log = Path.Combine(_root, "_delta_log");
        Assert.True(File.Exists(Path.Combine(log, "00000000000000000003.checkpoint.parquet")));
        using (JsonDocument hint = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(log, "_last_checkpoint"), ct)))
        {
            Assert.Equal(3, hint.RootElement.GetProperty("version").GetInt64());
            Assert.Equal(6, hint.RootElement.GetProperty("numOfAddFiles").GetInt64());
        }
        DeltaSnapshot before = table.Snapshot;

        // Remove the JSON commits the checkpoint covers: the snapshot must come from the checkpoint alone.
        for (int v = 0; v <= 3; v++)
        {
            File.Delete(Path.Combine(log, $"{v:D20}.json"));
        }
        await using DeltaTable reopened = await DeltaTable.OpenAsync(store, _root, cancellationToken: ct);
        DeltaSnapshot after = reopened.Snapshot;

        Assert.Equal(3, after.Version);
        Assert.Equal(3, after.CheckpointVersion);
        Assert.Equal(before.Metadata.Id, after.Metadata.Id);
        Assert.Equal(before.Schema, after.Schema);
        Assert.Equal(["part"], after.PartitionColumns);
        Assert.Equal("v", after.Properties["custom.key"]);
        Assert.Equal(before.Protocol.MinWriterVersion, after.Protocol.MinWriterVersion);
        Assert.Equal(2, after.GetTransactionVersion("job"));
        Assert.Equal(before.Files.Select(f => f.Path).Order(), after.Files.Select(f => f.Path).Order());
        foreach (AddFile file in after.Files)
        {
            AddFile original = before.Files.Single(f => f.Path == file.Path);
            Assert.Equal(original.Size, file.Size);
            Assert.Equal(original.PartitionValues.OrderBy(k => k.Key), file.PartitionValues.OrderBy(k => k.Key));
            Assert.Equal(original.StatsJson, file.StatsJson);
        }
        Assert.Contains(after.Files, f => f.PartitionValues["part"] is null);
    }
}
