using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Expressions;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// PROTOCOL.md "Checkpoints", "Checkpoint Schema", "V2 Spec", "Sidecar Files", "Last Checkpoint File Schema":
/// checkpoints as other writers write them (built by DuckDB, column by column): only <c>stats_parsed</c>,
/// <c>partitionValues_parsed</c>, column-mapped physical names, actions in any row order, optional columns missing,
/// nulls, multi-part checkpoints whose parts differ in schema, V2 checkpoints with sidecars.
/// </summary>
public sealed class CheckpointSpecTests
{
    private const string CheckpointName = "_delta_log/00000000000000000001.checkpoint.parquet";

    private static readonly string Schema = SpecTable.Schema(
        SpecTable.Field("id", "\"long\""),
        SpecTable.Field("s", "\"string\""),
        SpecTable.Field("d", "\"date\""),
        SpecTable.Field("ts", "\"timestamp\""),
        SpecTable.Field("dec", "\"decimal(10,2)\""),
        SpecTable.Field("x", "\"double\""),
        SpecTable.Field("p", "\"integer\""));

    private const string Values = "STRUCT(id BIGINT, s VARCHAR, d DATE, ts TIMESTAMPTZ, dec DECIMAL(10,2), x DOUBLE)";
    private const string Counts = "STRUCT(id BIGINT, s BIGINT, d BIGINT, ts BIGINT, dec BIGINT, x BIGINT)";
    private const string StatsParsed = "STRUCT(numRecords BIGINT, minValues " + Values + ", maxValues " + Values + ", nullCount " + Counts + ")";

    private const string AddWithStatsParsedOnly = "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, " +
        "tags MAP(VARCHAR, VARCHAR), deletionVector " + DuckParquet.Dv + ", baseRowId BIGINT, defaultRowCommitVersion BIGINT, " +
        "partitionValues_parsed STRUCT(p INTEGER), stats_parsed " + StatsParsed + ")";

    /// <summary>File 1 (p = 1): ids 1..3, small values; file 2 (p = 2): ids 10..12, large values.</summary>
    private static async Task<(long Size1, long Size2)> PutDataFilesAsync(SpecTable table, string name1 = "p=1/f1.parquet", string name2 = "p=2/f2.parquet")
    {
        long size1 = await PutAsync(table, name1, "(1, 'a', DATE '2024-01-01', TIMESTAMPTZ '2024-01-01 00:00:01+00', 1.50, -1.5), (2, 'b', DATE '2024-01-02', TIMESTAMPTZ '2024-01-01 00:00:02+00', 2.50, -2.5), (3, 'c', DATE '2024-01-03', TIMESTAMPTZ '2024-01-01 00:00:03+00', 3.50, -3.5)");
        long size2 = await PutAsync(table, name2, "(10, 'x', DATE '2024-07-01', TIMESTAMPTZ '2024-07-01 00:00:01+00', 100.25, 10.5), (11, 'y', DATE '2024-07-02', TIMESTAMPTZ '2024-07-01 00:00:02+00', 110.25, 11.5), (12, 'z', DATE '2024-07-03', TIMESTAMPTZ '2024-07-01 00:00:03+00', 120.25, 12.5)");
        return (size1, size2);

        static async Task<long> PutAsync(SpecTable table, string key, string values)
        {
            byte[] bytes = DuckParquet.Write($"SELECT id::BIGINT AS id, s::VARCHAR AS s, d::DATE AS d, ts::TIMESTAMPTZ AS ts, dec::DECIMAL(10,2) AS dec, x::DOUBLE AS x FROM (VALUES {values}) v(id, s, d, ts, dec, x)");
            await table.PutAsync(key, bytes);
            return bytes.Length;
        }
    }

    private static string StatsParsedOf(int file) => file == 1
        ? "{'numRecords': 3, 'minValues': {'id': 1, 's': 'a', 'd': DATE '2024-01-01', 'ts': TIMESTAMPTZ '2024-01-01 00:00:01+00', 'dec': 1.50, 'x': -3.5}, " +
          "'maxValues': {'id': 3, 's': 'c', 'd': DATE '2024-01-03', 'ts': TIMESTAMPTZ '2024-01-01 00:00:03+00', 'dec': 3.50, 'x': -1.5}, " +
          "'nullCount': {'id': 0, 's': 0, 'd': 0, 'ts': 0, 'dec': 0, 'x': 0}}"
        : "{'numRecords': 3, 'minValues': {'id': 10, 's': 'x', 'd': DATE '2024-07-01', 'ts': TIMESTAMPTZ '2024-07-01 00:00:01+00', 'dec': 100.25, 'x': 10.5}, " +
          "'maxValues': {'id': 12, 's': 'z', 'd': DATE '2024-07-03', 'ts': TIMESTAMPTZ '2024-07-01 00:00:03+00', 'dec': 120.25, 'x': 12.5}, " +
          "'nullCount': {'id': 0, 's': 0, 'd': 0, 'ts': 0, 'dec': 0, 'x': 0}}";

    private static async Task<List<string>> IdsAsync(SpecTable table, string? filter, DeltaScanReport? report = null) =>
        await table.RowsAsync(new DeltaScanOptions { Columns = ["id", "p"], Filter = filter is null ? null : DeltaExpressionParser.Parse(filter), Report = report });

    private static readonly string[] All = ["{\"id\":1,\"p\":1}", "{\"id\":2,\"p\":1}", "{\"id\":3,\"p\":1}", "{\"id\":10,\"p\":2}", "{\"id\":11,\"p\":2}", "{\"id\":12,\"p\":2}"];

    private static string[] Sorted(IEnumerable<string> rows) => rows.OrderBy(r => r, StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("id > 5", 2)]
    [InlineData("s = 'b'", 1)]
    [InlineData("d >= DATE '2024-06-01'", 2)]
    [InlineData("ts < TIMESTAMP '2024-01-01 00:00:02Z'", 1)]
    [InlineData("ts > TIMESTAMP '2024-07-01 00:00:02.5Z'", 2)]
    [InlineData("dec > 50", 2)]
    [InlineData("x < 0", 1)]
    public async Task CheckpointWithOnlyStatsParsedSkipsFilesByTypedStatistics(string filter, int liveFile)
    {
        // writeStatsAsJson=false, writeStatsAsStruct=true: the checkpoint has no `stats` column at all, only
        // `stats_parsed` with the columns' own types (Spark, Databricks, delta-rs all can write this).
        await using var table = new SpecTable();
        (long size1, long size2) = await PutDataFilesAsync(table);
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata).Column("add", AddWithStatsParsedOnly).Column("remove", DuckParquet.Remove)
            .Row("protocol", DuckParquet.ProtocolRow(1, 2))
            .Row("metaData", DuckParquet.MetadataRow(Schema, ["p"], new Dictionary<string, string> { ["delta.checkpoint.writeStatsAsJson"] = "false", ["delta.checkpoint.writeStatsAsStruct"] = "true" }))
            .Row("add", $"{{'path': 'p=1/f1.parquet', 'partitionValues': MAP {{'p': '1'}}, 'size': {size1}, 'modificationTime': 1, 'dataChange': false, 'partitionValues_parsed': {{'p': 1}}, 'stats_parsed': {StatsParsedOf(1)}}}")
            .Row("add", $"{{'path': 'p=2/f2.parquet', 'partitionValues': MAP {{'p': '2'}}, 'size': {size2}, 'modificationTime': 1, 'dataChange': false, 'partitionValues_parsed': {{'p': 2}}, 'stats_parsed': {StatsParsedOf(2)}}}")
            .ToParquet();
        await table.PutAsync(CheckpointName, checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":1,\"size\":4}");

        var report = new DeltaScanReport();
        List<string> rows = await IdsAsync(table, filter, report);
        Assert.Equal(1, report.FilesSkippedByStatistics);
        Assert.All(rows, r => Assert.EndsWith("\"p\":" + liveFile + "}", r, StringComparison.Ordinal));
        Assert.Equal(Sorted(All), Sorted(await IdsAsync(table, null)));
    }

    [Fact]
    public async Task PartitionValuesParsedIsReadWhenTheStringMapIsMissing()
    {
        // partitionValues_parsed holds the typed values; a checkpoint without the `partitionValues` string map
        // (required by the spec, but a writer may drop it) must still give each file its partition values (dates,
        // strings with spaces, nulls). When the map column exists it is the one read (a null map = no values).
        const bool mapColumnPresent = false;
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""), SpecTable.Field("p", "\"integer\""), SpecTable.Field("q", "\"date\""), SpecTable.Field("r", "\"string\""),
            SpecTable.Field("t", "\"timestamp\""), SpecTable.Field("m", "\"decimal(10,2)\""), SpecTable.Field("b", "\"boolean\""), SpecTable.Field("x", "\"double\""));
        byte[] f1 = DuckParquet.Write("SELECT 1::BIGINT AS id");
        byte[] f2 = DuckParquet.Write("SELECT 2::BIGINT AS id");
        await table.PutAsync("f1.parquet", f1);
        await table.PutAsync("f2.parquet", f2);
        string parsed = "STRUCT(p INTEGER, q DATE, r VARCHAR, t TIMESTAMPTZ, m DECIMAL(10,2), b BOOLEAN, x DOUBLE)";
        string add = mapColumnPresent
            ? "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, partitionValues_parsed " + parsed + ")"
            : "STRUCT(path VARCHAR, size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, partitionValues_parsed " + parsed + ")";
        string map = mapColumnPresent ? "'partitionValues': NULL, " : string.Empty;
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata).Column("add", add)
            .Row("protocol", DuckParquet.ProtocolRow(1, 2))
            .Row("metaData", DuckParquet.MetadataRow(schema, ["p", "q", "r", "t", "m", "b", "x"]))
            .Row("add", $"{{'path': 'f1.parquet', {map}'size': {f1.Length}, 'modificationTime': 1, 'dataChange': true, 'partitionValues_parsed': {{'p': 7, 'q': DATE '2024-02-29', 'r': 'a b', 't': TIMESTAMPTZ '1969-12-31 23:59:59.123456+00', 'm': -12.50, 'b': true, 'x': 1.0E300}}}}")
            .Row("add", $"{{'path': 'f2.parquet', {map}'size': {f2.Length}, 'modificationTime': 1, 'dataChange': true, 'partitionValues_parsed': {{'p': NULL, 'q': NULL, 'r': NULL, 't': NULL, 'm': NULL, 'b': NULL, 'x': NULL}}}}")
            .ToParquet();
        await table.PutAsync(CheckpointName, checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        Assert.Equal(
            new[]
            {
                "{\"id\":1,\"p\":7,\"q\":\"2024-02-29\",\"r\":\"a b\",\"t\":\"1969-12-31T23:59:59.123456Z\",\"m\":\"-12.50\",\"b\":true,\"x\":1e+300}",
                "{\"id\":2,\"p\":null,\"q\":null,\"r\":null,\"t\":null,\"m\":null,\"b\":null,\"x\":null}",
            },
            Sorted(await table.RowsAsync()));
        var report = new DeltaScanReport();
        Assert.Single(await table.RowsAsync(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("q = DATE '2024-02-29' AND t < TIMESTAMP '1970-01-01 00:00:00Z' AND m = -12.5 AND b"), Report = report }));
        Assert.Equal(1, report.FilesSkippedByPartition);
    }

    [Fact]
    public async Task ColumnMappedCheckpointKeysStatisticsAndPartitionValuesByPhysicalName()
    {
        // "Checkpoint Schema" for a column-mapped table: partitionValues, partitionValues_parsed and stats_parsed are
        // keyed by physical names; the data file's columns too.
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(
            SpecTable.Field("id", "\"long\"", metadata: SpecTable.Mapping(1, "col-11111111-aaaa")),
            SpecTable.Field("p", "\"string\"", metadata: SpecTable.Mapping(2, "col-22222222-bbbb")));
        byte[] f1 = DuckParquet.Write("SELECT * FROM (VALUES (1::BIGINT), (2::BIGINT)) v(\"col-11111111-aaaa\")");
        byte[] f2 = DuckParquet.Write("SELECT * FROM (VALUES (10::BIGINT), (20::BIGINT)) v(\"col-11111111-aaaa\")");
        await table.PutAsync("a/f1.parquet", f1);
        await table.PutAsync("b/f2.parquet", f2);
        string stats = "STRUCT(numRecords BIGINT, minValues STRUCT(\"col-11111111-aaaa\" BIGINT), maxValues STRUCT(\"col-11111111-aaaa\" BIGINT), nullCount STRUCT(\"col-11111111-aaaa\" BIGINT))";
        string add = "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, " +
            "partitionValues_parsed STRUCT(\"col-22222222-bbbb\" VARCHAR), stats_parsed " + stats + ")";
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata).Column("add", add)
            .Row("protocol", DuckParquet.ProtocolRow(2, 5))
            .Row("metaData", DuckParquet.MetadataRow(schema, ["p"], new Dictionary<string, string> { ["delta.columnMapping.mode"] = "name", ["delta.columnMapping.maxColumnId"] = "2" }))
            .Row("add", $"{{'path': 'a/f1.parquet', 'partitionValues': MAP {{'col-22222222-bbbb': 'A'}}, 'size': {f1.Length}, 'modificationTime': 1, 'dataChange': true, " +
                "'partitionValues_parsed': {'col-22222222-bbbb': 'A'}, 'stats_parsed': {'numRecords': 2, 'minValues': {'col-11111111-aaaa': 1}, 'maxValues': {'col-11111111-aaaa': 2}, 'nullCount': {'col-11111111-aaaa': 0}}}")
            .Row("add", $"{{'path': 'b/f2.parquet', 'partitionValues': MAP {{'col-22222222-bbbb': 'B'}}, 'size': {f2.Length}, 'modificationTime': 1, 'dataChange': true, " +
                "'partitionValues_parsed': {'col-22222222-bbbb': 'B'}, 'stats_parsed': {'numRecords': 2, 'minValues': {'col-11111111-aaaa': 10}, 'maxValues': {'col-11111111-aaaa': 20}, 'nullCount': {'col-11111111-aaaa': 0}}}")
            .ToParquet();
        await table.PutAsync(CheckpointName, checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        Assert.Equal(new[] { "{\"id\":1,\"p\":\"A\"}", "{\"id\":10,\"p\":\"B\"}", "{\"id\":2,\"p\":\"A\"}", "{\"id\":20,\"p\":\"B\"}" }, Sorted(await table.RowsAsync()));
        var report = new DeltaScanReport();
        Assert.Equal(new[] { "{\"id\":10,\"p\":\"B\"}", "{\"id\":20,\"p\":\"B\"}" }, Sorted(await table.RowsAsync(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("id > 5"), Report = report })));
        Assert.Equal(1, report.FilesSkippedByStatistics);
        var byPartition = new DeltaScanReport();
        Assert.Equal(new[] { "{\"id\":1,\"p\":\"A\"}", "{\"id\":2,\"p\":\"A\"}" }, Sorted(await table.RowsAsync(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("p = 'A'"), Report = byPartition })));
        Assert.Equal(1, byPartition.FilesSkippedByPartition);
    }

    [Fact]
    public async Task ActionsInAnyRowOrderAcrossRowGroups()
    {
        // Row order in a checkpoint carries no meaning: tombstones and txn first, thousands of adds across several
        // row groups, then domainMetadata, and metaData / protocol in the last row group.
        await using var table = new SpecTable();
        byte[] data = DuckParquet.Write("SELECT 5::BIGINT AS id");
        await table.PutAsync("live.parquet", data);
        const int Adds = 5000;
        string add = "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR)";
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("txn", DuckParquet.Txn).Column("add", add).Column("remove", DuckParquet.Remove).Column("metaData", DuckParquet.Metadata)
            .Column("protocol", DuckParquet.Protocol).Column("domainMetadata", DuckParquet.Domain)
            .Rows("remove", 100, "{'path': 'gone/' || n || '.parquet', 'deletionTimestamp': 1000 + n, 'dataChange': true}")
            .Row("txn", "{'appId': 'stream-1', 'version': 42, 'lastUpdated': NULL}")
            .Rows("add", Adds, "{'path': 'missing/' || n || '.parquet', 'partitionValues': MAP {}, 'size': 1, 'modificationTime': 1, 'dataChange': false, 'stats': '{\"numRecords\":0}'}")
            .Row("add", $"{{'path': 'live.parquet', 'partitionValues': MAP {{}}, 'size': {data.Length}, 'modificationTime': 1, 'dataChange': false, 'stats': '{{\"numRecords\":1}}'}}")
            .Row("domainMetadata", "{'domain': 'delta.rowTracking', 'configuration': '{\"rowIdHighWaterMark\":4}', 'removed': false}")
            .Row("txn", "{'appId': 'stream-2', 'version': 7, 'lastUpdated': 99}")
            .Row("metaData", DuckParquet.MetadataRow(SpecTable.Schema(SpecTable.Field("id", "\"long\""))))
            .Row("protocol", DuckParquet.ProtocolRow(1, 7, null, ["domainMetadata"]))
            .ToParquet(rowGroupSize: 2048);
        await table.PutAsync(CheckpointName, checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        // Commit 2 removes every missing/ file, leaving live.parquet.
        await table.CommitAsync(2, Enumerable.Range(0, Adds).Select(n => SpecTable.Remove($"missing/{n}.parquet")).ToArray());
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(1, opened.Snapshot.CheckpointVersion);
        Assert.Equal(7, opened.Snapshot.Protocol.MinWriterVersion);
        Assert.Equal(new[] { "stream-1", "stream-2" }, opened.Snapshot.Transactions.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
        Assert.Equal(42, opened.Snapshot.GetTransactionVersion("stream-1"));
        Assert.Equal("{\"rowIdHighWaterMark\":4}", opened.Snapshot.DomainMetadata["delta.rowTracking"].Configuration);
        Assert.Equal("live.parquet", Assert.Single(opened.Snapshot.Files).Path);
        Assert.Equal(new[] { "{\"id\":5}" }, await SpecTable.RowsAsync(opened.Snapshot));
        DeltaSnapshot at1 = await opened.GetSnapshotAsync(1);
        Assert.Equal(Adds + 1, at1.Files.Count);
    }

    [Fact]
    public async Task MinimalCheckpointSchemaWithoutOptionalColumns()
    {
        // Only what the spec requires: no remove / txn / domainMetadata columns, an add struct without stats, tags,
        // deletionVector, baseRowId, defaultRowCommitVersion; a protocol struct without the feature lists.
        await using var table = new SpecTable();
        byte[] data = DuckParquet.Write("SELECT 9::BIGINT AS id");
        await table.PutAsync("f.parquet", data);
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)")
            .Column("metaData", "STRUCT(id VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR))")
            .Column("add", "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)")
            .Row("add", $"{{'path': 'f.parquet', 'partitionValues': MAP {{}}, 'size': {data.Length}, 'modificationTime': 1, 'dataChange': false}}")
            .Row("protocol", "{'minReaderVersion': 1, 'minWriterVersion': 2}")
            .Row("metaData", $"{{'id': 'x', 'format': {{'provider': 'parquet', 'options': MAP {{}}}}, 'schemaString': {DuckParquet.Str(SpecTable.Schema(SpecTable.Field("id", "\"long\"")))}, 'partitionColumns': [], 'configuration': MAP {{}}}}")
            .ToParquet();
        await table.PutAsync(CheckpointName, checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        Assert.Equal(new[] { "{\"id\":9}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task NullsInRequiredLookingFieldsAreTolerated()
    {
        // Writers leave optional-in-practice fields null: modificationTime, dataChange, stats, an unpartitioned
        // table's partitionValues, metaData.format / configuration / createdTime, txn.lastUpdated,
        // remove.deletionTimestamp / dataChange, feature lists on a legacy protocol.
        await using var table = new SpecTable();
        byte[] data = DuckParquet.Write("SELECT 3::BIGINT AS id");
        await table.PutAsync("f.parquet", data);
        string add = "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR), deletionVector " + DuckParquet.Dv + ")";
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata).Column("add", add).Column("remove", DuckParquet.Remove).Column("txn", DuckParquet.Txn)
            .Row("protocol", "{'minReaderVersion': 1, 'minWriterVersion': 2, 'readerFeatures': NULL, 'writerFeatures': NULL}")
            .Row("metaData", $"{{'id': 'x', 'name': NULL, 'description': NULL, 'format': NULL, 'schemaString': {DuckParquet.Str(SpecTable.Schema(SpecTable.Field("id", "\"long\"")))}, 'partitionColumns': NULL, 'createdTime': NULL, 'configuration': NULL}}")
            .Row("add", $"{{'path': 'f.parquet', 'partitionValues': NULL, 'size': {data.Length}, 'modificationTime': NULL, 'dataChange': NULL, 'stats': NULL, 'tags': NULL, 'deletionVector': NULL}}")
            .Row("remove", "{'path': 'old.parquet', 'deletionTimestamp': NULL, 'dataChange': NULL}")
            .Row("txn", "{'appId': 'app', 'version': 3, 'lastUpdated': NULL}")
            .ToParquet();
        await table.PutAsync(CheckpointName, checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(3, opened.Snapshot.GetTransactionVersion("app"));
        Assert.Empty(opened.Snapshot.PartitionColumns);
        Assert.Equal(new[] { "{\"id\":3}" }, await SpecTable.RowsAsync(opened.Snapshot));
    }

    [Fact]
    public async Task MultiPartCheckpointWhosePartsHaveDifferentSchemas()
    {
        // Each part is its own Parquet file; nothing says the parts share a schema (a writer may drop all-null
        // columns per part). Part 1: protocol, metaData, adds with JSON stats; part 2: adds with stats_parsed only,
        // tags and a remove column.
        await using var table = new SpecTable();
        (long size1, long size2) = await PutDataFilesAsync(table);
        byte[] part1 = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata)
            .Column("add", "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR)")
            .Row("protocol", DuckParquet.ProtocolRow(1, 2))
            .Row("metaData", DuckParquet.MetadataRow(Schema, ["p"]))
            .Row("add", $"{{'path': 'p=1/f1.parquet', 'partitionValues': MAP {{'p': '1'}}, 'size': {size1}, 'modificationTime': 1, 'dataChange': false, 'stats': '{{\"numRecords\":3,\"minValues\":{{\"id\":1}},\"maxValues\":{{\"id\":3}},\"nullCount\":{{\"id\":0}}}}'}}")
            .ToParquet();
        byte[] part2 = new DuckParquet.Checkpoint()
            .Column("add", AddWithStatsParsedOnly).Column("remove", DuckParquet.Remove)
            .Row("remove", "{'path': 'p=3/gone.parquet', 'deletionTimestamp': 5, 'dataChange': true}")
            .Row("add", $"{{'path': 'p=2/f2.parquet', 'partitionValues': MAP {{'p': '2'}}, 'size': {size2}, 'modificationTime': 1, 'dataChange': false, 'tags': MAP {{'INSERTION_TIME': '1'}}, 'stats_parsed': {StatsParsedOf(2)}}}")
            .ToParquet();
        await table.PutAsync("_delta_log/00000000000000000001.checkpoint.0000000001.0000000002.parquet", part1);
        await table.PutAsync("_delta_log/00000000000000000001.checkpoint.0000000002.0000000002.parquet", part2);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":1,\"size\":5,\"parts\":2}");
        Assert.Equal(Sorted(All), Sorted(await IdsAsync(table, null)));
        var high = new DeltaScanReport();
        Assert.Equal(new[] { "{\"id\":10,\"p\":2}", "{\"id\":11,\"p\":2}", "{\"id\":12,\"p\":2}" }, Sorted(await IdsAsync(table, "id > 5", high)));
        Assert.Equal(1, high.FilesSkippedByStatistics);
        var low = new DeltaScanReport();
        Assert.Equal(new[] { "{\"id\":1,\"p\":1}", "{\"id\":2,\"p\":1}", "{\"id\":3,\"p\":1}" }, Sorted(await IdsAsync(table, "id < 5", low)));
        Assert.Equal(1, low.FilesSkippedByStatistics);
    }

    private static byte[] V2Sidecar(long size1, long size2) => new DuckParquet.Checkpoint()
        .Column("add", "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR)")
        .Column("remove", DuckParquet.Remove)
        .Row("add", $"{{'path': 'p=1/f1.parquet', 'partitionValues': MAP {{'p': '1'}}, 'size': {size1}, 'modificationTime': 1, 'dataChange': false, 'stats': '{{\"numRecords\":3,\"minValues\":{{\"id\":1}},\"maxValues\":{{\"id\":3}}}}'}}")
        .Row("remove", "{'path': 'p=9/old.parquet', 'deletionTimestamp': 5, 'dataChange': true}")
        .Row("add", $"{{'path': 'p=2/f2.parquet', 'partitionValues': MAP {{'p': '2'}}, 'size': {size2}, 'modificationTime': 1, 'dataChange': false, 'stats': '{{\"numRecords\":3,\"minValues\":{{\"id\":10}},\"maxValues\":{{\"id\":12}}}}'}}")
        .ToParquet();

    private static readonly string[] V2Protocol = ["v2Checkpoint"];

    [Theory]
    [InlineData("_delta_log/00000000000000000001.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.parquet")]
    [InlineData("_delta_log/00000000000000000001.checkpoint.parquet")]
    public async Task V2ParquetCheckpointWithSidecarsUuidNamedOrClassicNamed(string checkpointName)
    {
        // A V2-spec checkpoint may be UUID-named or classic-named; its file actions live in sidecars.
        await using var table = new SpecTable();
        (long size1, long size2) = await PutDataFilesAsync(table);
        byte[] sidecar = V2Sidecar(size1, size2);
        await table.PutAsync("_delta_log/_sidecars/3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet", sidecar);
        byte[] top = new DuckParquet.Checkpoint()
            .Column("checkpointMetadata", DuckParquet.CheckpointMetadata).Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata)
            .Column("txn", DuckParquet.Txn).Column("sidecar", DuckParquet.Sidecar)
            .Column("add", "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR)")
            .Column("remove", DuckParquet.Remove)
            .Row("checkpointMetadata", "{'version': 1, 'tags': MAP {}}")
            .Row("protocol", DuckParquet.ProtocolRow(3, 7, V2Protocol, V2Protocol))
            .Row("metaData", DuckParquet.MetadataRow(Schema, ["p"], new Dictionary<string, string> { ["delta.checkpointPolicy"] = "v2" }))
            .Row("txn", "{'appId': 'a', 'version': 1, 'lastUpdated': NULL}")
            .Row("sidecar", $"{{'path': '3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet', 'sizeInBytes': {sidecar.Length}, 'modificationTime': 1, 'tags': MAP {{}}}}")
            .ToParquet();
        await table.PutAsync(checkpointName, top);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await table.CommitAsync(2, SpecTable.Remove("p=1/f1.parquet"));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(1, opened.Snapshot.CheckpointVersion);
        Assert.Equal(1, opened.Snapshot.GetTransactionVersion("a"));
        Assert.Equal(new[] { "{\"id\":10,\"p\":2}", "{\"id\":11,\"p\":2}", "{\"id\":12,\"p\":2}" },
            Sorted(await SpecTable.RowsAsync(opened.Snapshot, new DeltaScanOptions { Columns = ["id", "p"] })));
        Assert.Equal(Sorted(All), Sorted(await SpecTable.RowsAsync(await opened.GetSnapshotAsync(1), new DeltaScanOptions { Columns = ["id", "p"] })));
    }

    [Fact]
    public async Task V2JsonCheckpointWithFileActionsInlineAndNoSidecars()
    {
        // "Example-3: Json UUID-named checkpoint without sidecars": adds and removes are rows of the JSON file itself.
        await using var table = new SpecTable();
        (long size1, long size2) = await PutDataFilesAsync(table);
        await table.PutTextAsync("_delta_log/00000000000000000001.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json", string.Join("\n",
            "{\"checkpointMetadata\":{\"version\":1,\"tags\":{}}}",
            SpecTable.Metadata(Schema, ["p"]),
            SpecTable.Protocol(3, 7, V2Protocol, V2Protocol),
            "{\"txn\":{\"appId\":\"a\",\"version\":5}}",
            SpecTable.Add("p=1/f1.parquet", size1, new Dictionary<string, string?> { ["p"] = "1" }),
            SpecTable.Add("p=2/f2.parquet", size2, new Dictionary<string, string?> { ["p"] = "2" }),
            SpecTable.Remove("p=9/old.parquet")) + "\n");
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(1, opened.Snapshot.CheckpointVersion);
        Assert.Equal(5, opened.Snapshot.GetTransactionVersion("a"));
        Assert.Equal(Sorted(All), Sorted(await SpecTable.RowsAsync(opened.Snapshot, new DeltaScanOptions { Columns = ["id", "p"] })));
    }

    [Fact]
    public async Task V2CheckpointTableWithOnlyAClassicV1Checkpoint()
    {
        // "A table could use classic checkpoints which can follow V1 or V2 spec": a v2Checkpoint table whose only
        // checkpoint is a V1 one (no checkpointMetadata) is read normally.
        await using var table = new SpecTable();
        (long size1, long size2) = await PutDataFilesAsync(table);
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata)
            .Column("add", "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN)")
            .Row("protocol", DuckParquet.ProtocolRow(3, 7, V2Protocol, V2Protocol))
            .Row("metaData", DuckParquet.MetadataRow(Schema, ["p"]))
            .Row("add", $"{{'path': 'p=1/f1.parquet', 'partitionValues': MAP {{'p': '1'}}, 'size': {size1}, 'modificationTime': 1, 'dataChange': false}}")
            .Row("add", $"{{'path': 'p=2/f2.parquet', 'partitionValues': MAP {{'p': '2'}}, 'size': {size2}, 'modificationTime': 1, 'dataChange': false}}")
            .ToParquet();
        await table.PutAsync(CheckpointName, checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await table.PutTextAsync("_delta_log/_last_checkpoint", "{\"version\":1,\"size\":4,\"sizeInBytes\":" + checkpoint.Length + ",\"numOfAddFiles\":2}");
        Assert.Equal(Sorted(All), Sorted(await IdsAsync(table, null)));
    }

    [Fact]
    public async Task LastCheckpointCarryingV2CheckpointAndUnknownFields()
    {
        // "_last_checkpoint" of a V2 table: v2Checkpoint (path, sizeInBytes, modificationTime, nonFileActions,
        // sidecarFiles), checksum, sizeInBytes, numOfAddFiles, checkpointSchema and fields we do not know.
        await using var table = new SpecTable();
        (long size1, long size2) = await PutDataFilesAsync(table);
        byte[] sidecar = V2Sidecar(size1, size2);
        await table.PutAsync("_delta_log/_sidecars/016ae953-37a9-438e-8683-9a9a4a79a395.parquet", sidecar);
        const string Name = "00000000000000000001.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json";
        string sidecarAction = "{\"sidecar\":{\"path\":\"016ae953-37a9-438e-8683-9a9a4a79a395.parquet\",\"sizeInBytes\":" + sidecar.Length + ",\"modificationTime\":1,\"tags\":{}}}";
        string top = string.Join("\n",
            "{\"checkpointMetadata\":{\"version\":1,\"tags\":{}}}",
            SpecTable.Protocol(3, 7, V2Protocol, V2Protocol),
            SpecTable.Metadata(Schema, ["p"]),
            sidecarAction) + "\n";
        await table.PutTextAsync("_delta_log/" + Name, top);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        await table.CommitAsync(2, SpecTable.CommitInfo());
        string lastCheckpoint = "{\"version\":1,\"size\":4,\"sizeInBytes\":" + top.Length + ",\"numOfAddFiles\":2," +
            "\"v2Checkpoint\":{\"path\":\"" + Name + "\",\"sizeInBytes\":" + top.Length + ",\"modificationTime\":1," +
            "\"nonFileActions\":[{\"checkpointMetadata\":{\"version\":1,\"tags\":{}}}]," +
            "\"sidecarFiles\":[{\"path\":\"016ae953-37a9-438e-8683-9a9a4a79a395.parquet\",\"sizeInBytes\":" + sidecar.Length + ",\"modificationTime\":1}]}," +
            "\"checkpointSchema\":{\"type\":\"struct\",\"fields\":[]},\"tags\":{},\"futureField\":[1,{\"x\":null}],\"checksum\":\"0123456789abcdef0123456789abcdef\"}";
        await table.PutTextAsync("_delta_log/_last_checkpoint", lastCheckpoint);
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(2, opened.Snapshot.Version);
        Assert.Equal(1, opened.Snapshot.CheckpointVersion);
        Assert.Equal(Sorted(All), Sorted(await SpecTable.RowsAsync(opened.Snapshot, new DeltaScanOptions { Columns = ["id", "p"] })));
    }
}
