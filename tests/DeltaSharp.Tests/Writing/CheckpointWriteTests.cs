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
public sealed class CheckpointWriteTests() : ValidatedTableTest("deltasharp-cp-")
{
    [Fact]
    public async Task CheckpointAtTheIntervalRebuildsTheSameSnapshotWithoutTheJsonCommits()
    {
        Directory.CreateDirectory(Root);
        var ct = TestContext.Current.CancellationToken;
        await using var store = new LocalObjectStore(Root);
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
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
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
        string log = Path.Combine(Root, "_delta_log");
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
        await using DeltaTable reopened = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
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

    private static DeltaSchema IdPartSchema() => new(new DeltaStructType(
    [
        new DeltaStructField("id", DeltaPrimitiveType.Long, false),
        new DeltaStructField("part", DeltaPrimitiveType.String, true),
    ]));

    private static RecordBatch IdPartBatch(long first, string? part) => TestArrays.Batch(
        ("id", TestArrays.Primitive<long>(ArrowType.Int64, [first, first + 1]), false),
        ("part", TestArrays.String([part, part]), true));

    private static async Task<Dictionary<string, int>> CountActionsAsync(string file)
    {
        var counts = new Dictionary<string, int>();
        await using DeltaSharp.Parquet.ParquetReader reader = await DeltaSharp.Parquet.ParquetReader.OpenFileAsync(file);
        await foreach (RecordBatch batch in reader.ReadAsync())
        {
            using (batch)
            {
                for (int c = 0; c < batch.ColumnCount; c++)
                {
                    ArrowArray column = batch.Column(c);
                    int valid = 0;
                    for (int row = 0; row < batch.Length; row++)
                    {
                        valid += column.IsValid(row) ? 1 : 0;
                    }
                    counts[batch.Schema.Fields[c].Name] = counts.GetValueOrDefault(batch.Schema.Fields[c].Name) + valid;
                }
            }
        }
        return counts;
    }

    [Theory]
    [InlineData(null, 2)]
    [InlineData("interval 0 seconds", 0)]
    public async Task ClassicCheckpointCarriesUnexpiredRemoveTombstones(string? retention, int expectedRemoves)
    {
        Directory.CreateDirectory(Root);
        var ct = TestContext.Current.CancellationToken;
        await using var store = new LocalObjectStore(Root);
        var properties = new Dictionary<string, string?> { ["delta.checkpointInterval"] = "100" };
        if (retention is not null)
        {
            properties["delta.deletedFileRetentionDuration"] = retention;
        }
        await DeltaTableWriter.CreateTableAsync(store, IdPartSchema(), new DeltaCreateTableOptions { Properties = properties }, ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
        using (RecordBatch a = IdPartBatch(0, "a"))
        {
            await DeltaTableWriter.WriteAsync(table, [a], cancellationToken: ct);
            await DeltaTableWriter.WriteAsync(table, [a], cancellationToken: ct);
        }
        using (RecordBatch b = IdPartBatch(10, "b"))
        {
            await DeltaTableWriter.WriteAsync(table, [b], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, ct);
        }
        Assert.Equal(3, await DeltaTableWriter.CheckpointAsync(table, ct));
        await DeltaLogValidator.ValidateAsync(Root);

        string checkpoint = Path.Combine(Root, "_delta_log", "00000000000000000003.checkpoint.parquet");
        Dictionary<string, int> counts = await CountActionsAsync(checkpoint);
        Assert.Equal(1, counts["add"]);
        Assert.Equal(expectedRemoves, counts["remove"]);
        Assert.Equal(1, counts["protocol"]);
        Assert.Equal(1, counts["metaData"]);
        TestEnvironment.RequireDuckDbLibrary();
        using (var db = DeltaSharp.TestSupport.DuckDb.DuckDbConnection.OpenInMemory())
        {
            Assert.Equal($"1|{expectedRemoves}|{expectedRemoves}", db.Scalar(
                $"SELECT count(add.path) || '|' || count(remove.path) || '|' || count(remove.deletionTimestamp) FROM read_parquet('{checkpoint}')"));
        }

        // A later checkpoint still carries the tombstones it read from the earlier checkpoint.
        for (int v = 0; v <= 3; v++)
        {
            File.Delete(Path.Combine(Root, "_delta_log", $"{v:D20}.json"));
        }
        await using DeltaTable reopened = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
        using (RecordBatch c = IdPartBatch(20, "c"))
        {
            await DeltaTableWriter.WriteAsync(reopened, [c], cancellationToken: ct);
        }
        Assert.Equal(4, await DeltaTableWriter.CheckpointAsync(reopened, ct));
        Dictionary<string, int> later = await CountActionsAsync(Path.Combine(Root, "_delta_log", "00000000000000000004.checkpoint.parquet"));
        Assert.Equal(2, later["add"]);
        Assert.Equal(expectedRemoves, later["remove"]);
        await DeltaLogValidator.ValidateAsync(Root);
    }

    [Fact]
    public async Task StructStatsOnlyCheckpointRoundTripsStatisticsAndTypedPartitionValues()
    {
        Directory.CreateDirectory(Root);
        var ct = TestContext.Current.CancellationToken;
        await using var store = new LocalObjectStore(Root);
        var schema = new DeltaSchema(new DeltaStructType(
        [
            new DeltaStructField("id", DeltaPrimitiveType.Long, false),
            new DeltaStructField("name", DeltaPrimitiveType.String, true),
            new DeltaStructField("amount", new DeltaDecimalType(10, 2), true),
            new DeltaStructField("score", DeltaPrimitiveType.Double, true),
            new DeltaStructField("day", DeltaPrimitiveType.Date, true),
        ]));
        await DeltaTableWriter.CreateTableAsync(store, schema, new DeltaCreateTableOptions
        {
            PartitionColumns = ["day"],
            Properties = new Dictionary<string, string?>
            {
                ["delta.checkpointInterval"] = "2",
                ["delta.checkpoint.writeStatsAsJson"] = "false",
                ["delta.checkpoint.writeStatsAsStruct"] = "true",
            },
        }, ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
        for (int i = 0; i < 2; i++)
        {
            using RecordBatch batch = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [i, i + 100]), false),
                ("name", TestArrays.String(["x" + i, null]), true),
                ("amount", TestArrays.Decimal128(10, 2, [12.34m + i, -0.05m]), true),
                ("score", TestArrays.Primitive<double>(ArrowType.Float64, [0.5, -2.25]), true),
                ("day", TestArrays.Primitive<int>(ArrowType.Date32, [19000 + i, 19000 + i]), true));
            await DeltaTableWriter.WriteAsync(table, [batch], cancellationToken: ct);
        }
        DeltaSnapshot before = table.Snapshot;
        Assert.Equal(2, before.CheckpointVersion ?? 2);
        await DeltaLogValidator.ValidateAsync(Root);

        string checkpoint = Path.Combine(Root, "_delta_log", "00000000000000000002.checkpoint.parquet");
        await using (DeltaSharp.Parquet.ParquetReader reader = await DeltaSharp.Parquet.ParquetReader.OpenFileAsync(checkpoint))
        {
            await foreach (RecordBatch batch in reader.ReadAsync(ct))
            {
                using (batch)
                {
                    var add = (StructArray)batch.Column("add");
                    var addType = add.StructType;
                    Assert.DoesNotContain(addType.Fields, f => f.Name == "stats");
                    var parsedPartitions = (StructType)addType.Fields.Single(f => f.Name == "partitionValues_parsed").DataType;
                    Assert.Equal(ArrowType.Date32, parsedPartitions.Fields.Single().DataType);
                    var stats = (StructType)addType.Fields.Single(f => f.Name == "stats_parsed").DataType;
                    var min = (StructType)stats.Fields.Single(f => f.Name == "minValues").DataType;
                    Assert.Equal(["id", "name", "amount", "score"], min.Fields.Select(f => f.Name));
                    Assert.IsType<DecimalType>(min.Fields[2].DataType);
                }
            }
        }

        for (int v = 0; v <= 2; v++)
        {
            File.Delete(Path.Combine(Root, "_delta_log", $"{v:D20}.json"));
        }
        await using DeltaTable reopened = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
        foreach (AddFile file in reopened.Snapshot.Files)
        {
            AddFile original = before.Files.Single(f => f.Path == file.Path);
            Assert.Equal(original.PartitionValues["day"], file.PartitionValues["day"]);
            AssertSameStats(original.StatsJson!, file.StatsJson!);
        }
        Assert.Equal(2, reopened.Snapshot.Files.Count);
    }

    private static void AssertSameStats(string expectedJson, string actualJson)
    {
        using JsonDocument expected = JsonDocument.Parse(expectedJson);
        using JsonDocument actual = JsonDocument.Parse(actualJson);
        AssertSameJson(expected.RootElement, actual.RootElement, "$");
    }

    private static void AssertSameJson(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(JsonValueKind.Object, actual.ValueKind);
            foreach (JsonProperty p in expected.EnumerateObject())
            {
                Assert.True(actual.TryGetProperty(p.Name, out JsonElement a), $"{path}.{p.Name} missing");
                AssertSameJson(p.Value, a, path + "." + p.Name);
            }
            return;
        }
        if (expected.ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(expected.GetDecimal(), actual.GetDecimal());
            return;
        }
        if (expected.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(expected.GetString(), out DateTimeOffset t) && expected.GetString()!.Contains('T', StringComparison.Ordinal))
        {
            Assert.Equal(t, DateTimeOffset.Parse(actual.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        Assert.Equal(expected.ToString(), actual.ToString());
    }

    [Fact]
    public async Task V2CheckpointIsUuidNamedWithSidecarAndRebuildsTheSnapshot()
    {
        Directory.CreateDirectory(Root);
        var ct = TestContext.Current.CancellationToken;
        await using var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, IdPartSchema(), new DeltaCreateTableOptions
        {
            PartitionColumns = ["part"],
            Properties = new Dictionary<string, string?> { ["delta.checkpointPolicy"] = "v2", ["delta.checkpointInterval"] = "3" },
        }, ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
        Assert.Contains("v2Checkpoint", table.Snapshot.Protocol.ReaderFeatures!);
        using (RecordBatch a = IdPartBatch(0, "a"))
        {
            await DeltaTableWriter.WriteAsync(table, [a], new DeltaWriteOptions { AppId = "app", AppVersion = 1 }, ct);
        }
        using (RecordBatch b = IdPartBatch(10, "b"))
        {
            await DeltaTableWriter.WriteAsync(table, [b], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, ct);
        }
        DeltaWriteResult third;
        using (RecordBatch c = IdPartBatch(20, null))
        {
            third = await DeltaTableWriter.WriteAsync(table, [c], cancellationToken: ct);
        }
        Assert.Equal(3, third.CheckpointVersion);
        await DeltaLogValidator.ValidateAsync(Root);

        string log = Path.Combine(Root, "_delta_log");
        Assert.False(File.Exists(Path.Combine(log, "00000000000000000003.checkpoint.parquet")));
        string top = Directory.GetFiles(log, "00000000000000000003.checkpoint.*.parquet").Single();
        string sidecar = Directory.GetFiles(Path.Combine(log, "_sidecars")).Single();
        Dictionary<string, int> topCounts = await CountActionsAsync(top);
        Assert.Equal(1, topCounts["checkpointMetadata"]);
        Assert.Equal(1, topCounts["sidecar"]);
        Assert.Equal(1, topCounts["txn"]);
        Assert.False(topCounts.ContainsKey("add"));
        Dictionary<string, int> sidecarCounts = await CountActionsAsync(sidecar);
        Assert.Equal(2, sidecarCounts["add"]);
        Assert.Equal(1, sidecarCounts["remove"]);
        // An independent Parquet reader (DuckDB) reads both files with the protocol's nested layout.
        TestEnvironment.RequireDuckDbLibrary();
        using (var db = DeltaSharp.TestSupport.DuckDb.DuckDbConnection.OpenInMemory())
        {
            Assert.Equal("2|1", db.Scalar($"SELECT count(add.path) || '|' || count(remove.path) FROM read_parquet('{sidecar}')"));
            Assert.Equal("3|" + Path.GetFileName(sidecar), db.Scalar($"SELECT max(checkpointMetadata.version) || '|' || max(sidecar.path) FROM read_parquet('{top}')"));
            Assert.Equal("3|7", db.Scalar($"SELECT max(protocol.minReaderVersion) || '|' || max(protocol.minWriterVersion) FROM read_parquet('{top}')"));
        }
        using (JsonDocument hint = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(log, "_last_checkpoint"), ct)))
        {
            JsonElement v2 = hint.RootElement.GetProperty("v2Checkpoint");
            Assert.Equal(Path.GetFileName(top), v2.GetProperty("path").GetString());
            Assert.Equal(Path.GetFileName(sidecar), v2.GetProperty("sidecarFiles")[0].GetProperty("path").GetString());
        }

        DeltaSnapshot before = table.Snapshot;
        for (int v = 0; v <= 3; v++)
        {
            File.Delete(Path.Combine(log, $"{v:D20}.json"));
        }
        await using DeltaTable reopened = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
        DeltaSnapshot after = reopened.Snapshot;
        Assert.Equal(3, after.Version);
        Assert.Equal(3, after.CheckpointVersion);
        Assert.Equal(1, after.GetTransactionVersion("app"));
        Assert.Equal(before.Files.Select(f => f.Path).Order(), after.Files.Select(f => f.Path).Order());
        Assert.Equal(before.Files.Select(f => f.StatsJson).Order(), after.Files.Select(f => f.StatsJson).Order());
        long rows = 0;
        await foreach (RecordBatch batch in after.ReadAsync(cancellationToken: ct))
        {
            using (batch)
            {
                rows += batch.Length;
            }
        }
        Assert.Equal(4, rows);
    }

    [Fact]
    public async Task V2CheckpointLayoutMatchesTheConformanceCorpus()
    {
        string corpus = TestEnvironment.RequireConformanceDir();
        string reference = Path.Combine(corpus, "delta-kernel-rs__v2-checkpoints-parquet-with-last-checkpoint", "_delta_log");
        Directory.CreateDirectory(Root);
        var ct = TestContext.Current.CancellationToken;
        await using var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, IdPartSchema(), new DeltaCreateTableOptions
        {
            Properties = new Dictionary<string, string?> { ["delta.checkpointPolicy"] = "v2" },
        }, ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: ct);
        using (RecordBatch a = IdPartBatch(0, "a"))
        {
            await DeltaTableWriter.WriteAsync(table, [a], cancellationToken: ct);
        }
        await DeltaTableWriter.CheckpointAsync(table, ct);
        await DeltaLogValidator.ValidateAsync(Root);
        string log = Path.Combine(Root, "_delta_log");

        Dictionary<string, ArrowType> ours = await TopLevelTypesAsync(Directory.GetFiles(log, "*.checkpoint.*.parquet").Single());
        Dictionary<string, ArrowType> theirs = await TopLevelTypesAsync(Directory.GetFiles(reference, "*.checkpoint.*.parquet").Single());
        foreach (string action in new[] { "checkpointMetadata", "sidecar", "protocol", "metaData", "txn", "domainMetadata" })
        {
            var mine = (StructType)ours[action];
            var reference2 = (StructType)theirs[action];
            foreach (Field field in mine.Fields)
            {
                Field? match = reference2.Fields.FirstOrDefault(f => f.Name == field.Name);
                Assert.True(match is not null, $"{action}.{field.Name} is not in the reference V2 checkpoint");
                Assert.Equal(match!.DataType.TypeId, field.DataType.TypeId);
            }
        }
        Dictionary<string, ArrowType> sidecarOurs = await TopLevelTypesAsync(Directory.GetFiles(Path.Combine(log, "_sidecars")).Single());
        Dictionary<string, ArrowType> sidecarTheirs = await TopLevelTypesAsync(Directory.GetFiles(Path.Combine(reference, "_sidecars")).First());
        Assert.Equal(sidecarTheirs.Keys.Where(k => k is "add" or "remove").Order(), sidecarOurs.Keys.Order());
        // Our reader reads the reference table's V2 checkpoint with its hint.
        await using DeltaTable referenceTable = await DeltaTable.OpenAsync(Path.GetDirectoryName(reference)!, cancellationToken: ct);
        Assert.Equal(0, referenceTable.Snapshot.CheckpointVersion);
    }

    private static async Task<Dictionary<string, ArrowType>> TopLevelTypesAsync(string file)
    {
        await using DeltaSharp.Parquet.ParquetReader reader = await DeltaSharp.Parquet.ParquetReader.OpenFileAsync(file);
        return reader.Schema.Fields.ToDictionary(f => f.Name, f => f.DataType);
    }

    [Fact]
    public async Task TheLogValidatorRejectsLogsThatBreakTheProtocol()
    {
        string log = Path.Combine(Root, "_delta_log");
        Directory.CreateDirectory(log);
        const string Protocol = "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}";
        const string Metadata = "{\"metaData\":{\"id\":\"x\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\",\"partitionColumns\":[],\"configuration\":{}}}";
        const string CommitInfo = "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"WRITE\"}}";
        string v0 = Path.Combine(log, "00000000000000000000.json");
        await File.WriteAllTextAsync(v0, CommitInfo + "\n" + Protocol + "\n" + Metadata + "\n");
        await DeltaLogValidator.ValidateAsync(Root);

        await File.WriteAllTextAsync(v0, Protocol + "\n" + Metadata + "\n");
        await Assert.ThrowsAnyAsync<Exception>(() => DeltaLogValidator.ValidateAsync(Root));

        await File.WriteAllTextAsync(v0, CommitInfo + "\n" + Protocol + "\n" + Metadata + "\n");
        string v1 = Path.Combine(log, "00000000000000000001.json");
        await File.WriteAllTextAsync(v1, CommitInfo + "\n{\"add\":{\"path\":\"f.parquet\",\"partitionValues\":{\"a\":\"1\"},\"size\":1,\"modificationTime\":1,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":1}\"}}\n");
        await Assert.ThrowsAnyAsync<Exception>(() => DeltaLogValidator.ValidateAsync(Root));
        await File.WriteAllTextAsync(v1, CommitInfo + "\n{\"remove\":{\"path\":\"f.parquet\",\"dataChange\":true}}\n");
        await Assert.ThrowsAnyAsync<Exception>(() => DeltaLogValidator.ValidateAsync(Root));
        Directory.Delete(Root, recursive: true);
    }
}
