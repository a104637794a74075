using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.Transactions;
using DeltaSharp.Writing;
using Xunit;
using DeltaSharp.TestSupport.DuckDb;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Tests.Writing;

/// <summary>Creating tables and writing data, read back through the snapshot reader and DuckDB.</summary>
public sealed class DeltaWriteTests() : ValidatedTableTest("deltasharp-write-")
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RecordBatch Rows(long[] ids, string?[] names, string?[] countries)
    {
        return TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(ArrowType.Int64, ids.Select(i => (long?)i).ToArray()), false),
            ("name", TestArrays.String(names), true),
            ("country", TestArrays.String(countries), true));
    }

    private static DeltaSchema PeopleSchema() => new(new DeltaStructType(
    [
        new DeltaStructField("id", DeltaPrimitiveType.Long, false),
        new DeltaStructField("name", DeltaPrimitiveType.String, true),
        new DeltaStructField("country", DeltaPrimitiveType.String, true),
    ]));

    [Fact]
    public async Task CreateAppendAndReadBack()
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        Assert.Equal(0, await DeltaTableWriter.CreateTableAsync(store, PeopleSchema(), cancellationToken: Ct));
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        Assert.Equal(1, table.Snapshot.Protocol.MinReaderVersion);
        Assert.Equal(2, table.Snapshot.Protocol.MinWriterVersion);
        Assert.Empty(table.Snapshot.Files);

        using RecordBatch batch = Rows([3, 1, 2], ["c", null, "a-very-long-name-that-is-longer-than-thirty-two-characters"], ["NL", "US", null]);
        DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, [batch], cancellationToken: Ct);

        Assert.Equal(1, result.Version);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, table.Snapshot.Version);
        AddFile file = Assert.Single(table.Snapshot.Files);
        using JsonDocument stats = JsonDocument.Parse(file.StatsJson!);
        JsonElement s = stats.RootElement;
        Assert.Equal(3, s.GetProperty("numRecords").GetInt64());
        Assert.Equal(1, s.GetProperty("minValues").GetProperty("id").GetInt64());
        Assert.Equal(3, s.GetProperty("maxValues").GetProperty("id").GetInt64());
        Assert.Equal("a-very-long-name-that-is-longer-", s.GetProperty("minValues").GetProperty("name").GetString());
        Assert.Equal("c", s.GetProperty("maxValues").GetProperty("name").GetString());
        Assert.Equal(1, s.GetProperty("nullCount").GetProperty("name").GetInt64());
        Assert.Equal(1, s.GetProperty("nullCount").GetProperty("country").GetInt64());
        Assert.True(s.GetProperty("tightBounds").GetBoolean());

        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        string path = Path.Combine(Root, file.RelativePath);
        Assert.Equal("6|2|2", db.Scalar($"SELECT sum(id) || '|' || count(name) || '|' || count(country) FROM read_parquet('{path}')"));

        // Commit info and blind append flag are in the log.
        string log = await File.ReadAllTextAsync(Path.Combine(Root, "_delta_log", "00000000000000000001.json"), Ct);
        Assert.Contains("\"isBlindAppend\":true", log, StringComparison.Ordinal);
        Assert.Contains("\"readVersion\":0", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartitionedWritesUseHiveDirectoriesAndEveryValueSerialization()
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        var schema = new DeltaSchema(new DeltaStructType(
        [
            new DeltaStructField("v", DeltaPrimitiveType.Integer, true),
            new DeltaStructField("s", DeltaPrimitiveType.String, true),
            new DeltaStructField("d", DeltaPrimitiveType.Date, true),
            new DeltaStructField("ts", DeltaPrimitiveType.Timestamp, true),
            new DeltaStructField("b", DeltaPrimitiveType.Boolean, true),
            new DeltaStructField("dec", new DeltaDecimalType(10, 2), true),
        ]));
        await DeltaTableWriter.CreateTableAsync(store, schema, new DeltaCreateTableOptions { PartitionColumns = ["s", "d", "ts", "b", "dec"] }, Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);

        using RecordBatch batch = TestArrays.Batch(
            ("v", TestArrays.Primitive<int>(ArrowType.Int32, [1, 2, 3, 4]), true),
            ("s", TestArrays.String(["a/b=c", null, "a/b=c", "x y%"]), true),
            ("d", TestArrays.Primitive<int>(ArrowType.Date32, [19723, 0, 19723, -1]), true),
            ("ts", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), [1_700_000_000_123_456, 0, 1_700_000_000_123_456, null]), true),
            ("b", TestArrays.Boolean([true, false, true, null]), true),
            ("dec", TestArrays.Decimal128(10, 2, [12.34m, -0.05m, 12.34m, null]), true));
        DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, [batch], cancellationToken: Ct);

        Assert.Equal(3, result.AddedFiles.Count);
        Assert.Equal(3, table.Snapshot.Files.Count);
        AddFile first = table.Snapshot.Files.Single(f => f.PartitionValues["s"] == "a/b=c");
        Assert.Equal("2024-01-01", first.PartitionValues["d"]);
        Assert.Equal("2023-11-14 22:13:20.123456", first.PartitionValues["ts"]);
        Assert.Equal("true", first.PartitionValues["b"]);
        Assert.Equal("12.34", first.PartitionValues["dec"]);
        Assert.StartsWith("s=a%2Fb%3Dc/d=2024-01-01/", first.RelativePath, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, first.RelativePath)));
        using (JsonDocument stats = JsonDocument.Parse(first.StatsJson!))
        {
            Assert.Equal(2, stats.RootElement.GetProperty("numRecords").GetInt64());
            Assert.Equal(1, stats.RootElement.GetProperty("minValues").GetProperty("v").GetInt32());
            Assert.Equal(3, stats.RootElement.GetProperty("maxValues").GetProperty("v").GetInt32());
            Assert.False(stats.RootElement.GetProperty("minValues").TryGetProperty("s", out _)); // partition columns are not in stats
        }

        AddFile nulls = table.Snapshot.Files.Single(f => f.PartitionValues["s"] is null);
        Assert.Equal("1970-01-01", nulls.PartitionValues["d"]);
        Assert.Equal("-0.05", nulls.PartitionValues["dec"]);
        Assert.StartsWith("s=__HIVE_DEFAULT_PARTITION__/", nulls.RelativePath, StringComparison.Ordinal);

        AddFile spaced = table.Snapshot.Files.Single(f => f.PartitionValues["s"] == "x y%");
        Assert.Null(spaced.PartitionValues["ts"]);
        Assert.Null(spaced.PartitionValues["b"]);
        Assert.Null(spaced.PartitionValues["dec"]);
        Assert.Equal("1969-12-31", spaced.PartitionValues["d"]);
        Assert.StartsWith("s=x y%25/", spaced.RelativePath, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, spaced.RelativePath)));

        // Data files hold only the data columns.
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        Assert.Equal("v", db.Scalar($"SELECT string_agg(name, ',') FROM parquet_schema('{Path.Combine(Root, first.RelativePath)}') WHERE name <> 'spark_schema' AND name <> 'schema'"));
    }

    [Fact]
    public async Task OverwriteReplacesAllFiles()
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, PeopleSchema(), cancellationToken: Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        using RecordBatch one = Rows([1, 2], ["a", "b"], ["x", "y"]);
        using RecordBatch two = Rows([10], ["z"], ["w"]);
        await DeltaTableWriter.WriteAsync(table, [one], cancellationToken: Ct);
        await DeltaTableWriter.WriteAsync(table, [one], cancellationToken: Ct);
        Assert.Equal(2, table.Snapshot.Files.Count);

        DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, [two], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, Ct);

        Assert.Equal(2, result.RemovedFileCount);
        AddFile file = Assert.Single(table.Snapshot.Files);
        Assert.Equal(result.AddedFiles[0], file.Path);
        string log = await File.ReadAllTextAsync(Path.Combine(Root, "_delta_log", "00000000000000000003.json"), Ct);
        Assert.Contains("\"isBlindAppend\":false", log, StringComparison.Ordinal);
        Assert.Equal(2, log.Split('\n').Count(l => l.StartsWith("{\"remove\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task IdempotentWritesAreSkippedOnReplay()
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, PeopleSchema(), cancellationToken: Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        using RecordBatch batch = Rows([1], ["a"], ["x"]);
        var options = new DeltaWriteOptions { AppId = "ingest-job", AppVersion = 7 };

        DeltaWriteResult first = await DeltaTableWriter.WriteAsync(table, [batch], options, Ct);
        DeltaWriteResult again = await DeltaTableWriter.WriteAsync(table, [batch], options, Ct);
        DeltaWriteResult older = await DeltaTableWriter.WriteAsync(table, [batch], new DeltaWriteOptions { AppId = "ingest-job", AppVersion = 6 }, Ct);

        Assert.False(first.Skipped);
        Assert.True(again.Skipped);
        Assert.True(older.Skipped);
        Assert.Equal(1, table.Snapshot.Version);
        Assert.Equal(7, table.Snapshot.GetTransactionVersion("ingest-job"));
        Assert.Single(table.Snapshot.Files);
    }

    [Fact]
    public async Task ConcurrentAppendsRebaseAndOverwriteAgainstAnAppendFollowsTheIsolationLevel()
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, PeopleSchema(), cancellationToken: Ct);
        await using DeltaTable a = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        await using DeltaTable b = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        await using DeltaTable c = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        using RecordBatch batch = Rows([1], ["a"], ["x"]);

        DeltaWriteResult ra = await DeltaTableWriter.WriteAsync(a, [batch], cancellationToken: Ct);
        DeltaWriteResult rb = await DeltaTableWriter.WriteAsync(b, [batch], cancellationToken: Ct); // read v0, v1 taken

        Assert.Equal(1, ra.Version);
        Assert.Equal(2, rb.Version);
        Assert.Equal(2, rb.Attempts);
        Assert.Equal(2, b.Snapshot.Files.Count);

        // c read v0 and overwrites under Serializable: the blind append at v1 added files it read (the whole
        // table) -> conflict naming version 1.
        await using DeltaTable d = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        await using DeltaTable stale = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        await DeltaTableWriter.WriteAsync(d, [batch], cancellationToken: Ct); // v3
        DeltaCommitConflictException e = await Assert.ThrowsAsync<DeltaCommitConflictException>(
            () => DeltaTableWriter.WriteAsync(c, [batch], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, IsolationLevel = DeltaIsolationLevel.Serializable }, Ct));
        Assert.Equal(1, e.WinningVersion);
        Assert.Equal(DeltaConflictKind.ConcurrentAppend, e.Kind);
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);

        // Under WriteSerializable (the default) the same race rebases: the blind appends are ordered after the
        // overwrite, so their files stay and the overwrite removes only what it read.
        await c.RefreshAsync(Ct);
        Assert.Equal(3, c.Snapshot.Version);
        DeltaWriteResult overwrite = await DeltaTableWriter.WriteAsync(stale, [batch], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, Ct);
        Assert.Equal(4, overwrite.Version);
        Assert.Equal(2, overwrite.Attempts);
        Assert.Equal(2, overwrite.RemovedFileCount);
        Assert.Equal(2, stale.Snapshot.Files.Count); // d's appended file survives next to the overwrite's

        // Two overwrites from one snapshot: the winner rewrote what the loser read (its adds come first in Spark's
        // order of checks) -> conflict either way.
        await using DeltaTable e1 = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        await using DeltaTable e2 = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        await DeltaTableWriter.WriteAsync(e1, [batch], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, Ct);
        DeltaCommitConflictException deleteRead = await Assert.ThrowsAsync<DeltaCommitConflictException>(
            () => DeltaTableWriter.WriteAsync(e2, [batch], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, Ct));
        Assert.Equal(DeltaConflictKind.ConcurrentAppend, deleteRead.Kind);
        Assert.Equal(5, deleteRead.WinningVersion);
    }

    [Fact]
    public async Task SchemaMismatchesAndUnsupportedWriterFeaturesAreRefused()
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, PeopleSchema(), cancellationToken: Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);

        using RecordBatch missing = TestArrays.Batch(("name", TestArrays.String(["a"]), true));
        DeltaSchemaMismatchException e1 = await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [missing], cancellationToken: Ct));
        Assert.Contains("'id'", e1.Message, StringComparison.Ordinal);

        using RecordBatch wrongType = TestArrays.Batch(
            ("id", TestArrays.Primitive<int>(ArrowType.Int32, [1]), false),
            ("name", TestArrays.String(["a"]), true),
            ("country", TestArrays.String(["x"]), true));
        DeltaSchemaMismatchException e2 = await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [wrongType], cancellationToken: Ct));
        Assert.Contains("'id'", e2.Message, StringComparison.Ordinal);

        using RecordBatch nullId = TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(ArrowType.Int64, [null]), true),
            ("name", TestArrays.String(["a"]), true),
            ("country", TestArrays.String(["x"]), true));
        await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [nullId], cancellationToken: Ct));
        Assert.Equal(0, table.Snapshot.Version);

        // A table needing a writer feature we lack is refused, naming the feature.
        string other = Path.Combine(Root, "other");
        Directory.CreateDirectory(Path.Combine(other, "_delta_log"));
        await File.WriteAllTextAsync(Path.Combine(other, "_delta_log", "00000000000000000000.json"),
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[],\"writerFeatures\":[\"rowTracking\",\"domainMetadata\"]}}\n" +
            "{\"metaData\":{\"id\":\"x\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\",\"partitionColumns\":[],\"configuration\":{}}}\n", Ct);
        await using var otherStore = new LocalObjectStore(other);
        await using DeltaTable otherTable = await DeltaTable.OpenAsync(otherStore, other, cancellationToken: Ct);
        using RecordBatch ids = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [1]), true));
        DeltaUnsupportedFeatureException e3 = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => DeltaTableWriter.WriteAsync(otherTable, [ids], cancellationToken: Ct));
        Assert.Equal("rowTracking", e3.FeatureName);
    }

    [Fact]
    public async Task StatisticsHonourNumIndexedColsAndStatsColumns()
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, PeopleSchema(), new DeltaCreateTableOptions
        {
            Properties = new Dictionary<string, string?> { ["delta.dataSkippingNumIndexedCols"] = "1" },
        }, Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        using RecordBatch batch = Rows([5, 6], ["a", "b"], ["x", "y"]);
        await DeltaTableWriter.WriteAsync(table, [batch], cancellationToken: Ct);
        using (JsonDocument stats = JsonDocument.Parse(table.Snapshot.Files[0].StatsJson!))
        {
            Assert.True(stats.RootElement.GetProperty("minValues").TryGetProperty("id", out _));
            Assert.False(stats.RootElement.GetProperty("minValues").TryGetProperty("name", out _));
            Assert.False(stats.RootElement.GetProperty("nullCount").TryGetProperty("country", out _));
        }

        string second = Path.Combine(Root, "t2");
        Directory.CreateDirectory(second);
        await using var store2 = new LocalObjectStore(second);
        await DeltaTableWriter.CreateTableAsync(store2, PeopleSchema(), new DeltaCreateTableOptions
        {
            Properties = new Dictionary<string, string?> { ["delta.dataSkippingStatsColumns"] = "country" },
        }, Ct);
        await using DeltaTable table2 = await DeltaTable.OpenAsync(store2, second, cancellationToken: Ct);
        await DeltaTableWriter.WriteAsync(table2, [batch], cancellationToken: Ct);
        using JsonDocument stats2 = JsonDocument.Parse(table2.Snapshot.Files[0].StatsJson!);
        Assert.Equal("x", stats2.RootElement.GetProperty("minValues").GetProperty("country").GetString());
        Assert.False(stats2.RootElement.GetProperty("minValues").TryGetProperty("id", out _));
    }

    [Theory]
    [InlineData("4", null, "a,s.x,s.y")]
    [InlineData("5", null, "a,s.x,s.y,b")]
    [InlineData("-1", null, "a,s.x,s.y,b,c")]
    [InlineData(null, "s.y, c", "s.y,c")]
    [InlineData(null, "s", "s.x,s.y")]
    public async Task IndexedColumnsAreCountedAsSparkDoesNestedLeavesAndArraysIncluded(string? numIndexed, string? statsColumns, string expected)
    {
        Directory.CreateDirectory(Root);
        await using var store = new LocalObjectStore(Root);
        var schema = new DeltaSchema(new DeltaStructType(
        [
            new DeltaStructField("a", DeltaPrimitiveType.Long, true),
            new DeltaStructField("s", new DeltaStructType([new DeltaStructField("x", DeltaPrimitiveType.Integer, true), new DeltaStructField("y", DeltaPrimitiveType.Integer, true)]), true),
            new DeltaStructField("arr", new DeltaArrayType(DeltaPrimitiveType.Integer, true), true),
            new DeltaStructField("b", DeltaPrimitiveType.Long, true),
            new DeltaStructField("c", DeltaPrimitiveType.Long, true),
        ]));
        var properties = new Dictionary<string, string?>();
        if (numIndexed is not null)
        {
            properties["delta.dataSkippingNumIndexedCols"] = numIndexed;
        }
        if (statsColumns is not null)
        {
            properties["delta.dataSkippingStatsColumns"] = statsColumns;
        }
        await DeltaTableWriter.CreateTableAsync(store, schema, new DeltaCreateTableOptions { Properties = properties }, Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
        Field[] sFields = [new Field("x", ArrowType.Int32), new Field("y", ArrowType.Int32)];
        using RecordBatch batch = TestArrays.Batch(
            ("a", TestArrays.Primitive<long>(ArrowType.Int64, [1]), true),
            ("s", TestArrays.Struct(sFields, [TestArrays.Primitive<int>(ArrowType.Int32, [2]), TestArrays.Primitive<int>(ArrowType.Int32, [3])], null), true),
            ("arr", TestArrays.List(TestArrays.Primitive<int>(ArrowType.Int32, [4, 5]), [0, 2], null), true),
            ("b", TestArrays.Primitive<long>(ArrowType.Int64, [6]), true),
            ("c", TestArrays.Primitive<long>(ArrowType.Int64, [7]), true));
        await DeltaTableWriter.WriteAsync(table, [batch], cancellationToken: Ct);
        using JsonDocument stats = JsonDocument.Parse(table.Snapshot.Files[0].StatsJson!);
        var columns = new List<string>();
        foreach (JsonProperty p in stats.RootElement.GetProperty("maxValues").EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                columns.AddRange(p.Value.EnumerateObject().Select(c => p.Name + "." + c.Name));
            }
            else
            {
                columns.Add(p.Name);
            }
        }
        Assert.Equal(expected, string.Join(",", columns));
    }
}
