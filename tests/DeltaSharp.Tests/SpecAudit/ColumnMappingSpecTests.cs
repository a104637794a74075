using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>PROTOCOL.md "Column Mapping" (reader requirements, id and name modes).</summary>
public sealed class ColumnMappingSpecTests
{
    private static KeyValuePair<string, string>[] Id(int id) => [new("PARQUET:field_id", id.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static Dictionary<string, string> Mode(string mode) => new() { ["delta.columnMapping.mode"] = mode, ["delta.columnMapping.maxColumnId"] = "10" };

    private static string CmProtocol() => SpecTable.Protocol(2, 5);

    [Fact]
    public async Task IdModeResolvesNestedStructArrayAndMapFieldsByParquetFieldId()
    {
        // The file's names are unrelated to both logical and physical names: only field ids can match them.
        await using var table = new SpecTable();
        var sA = new Field("n1", IntegerType.Int64, true, Id(2));
        var sB = new Field("n2", BinaryType.Utf8, true, Id(3));
        ArrayData s = TestArrays.Struct([sA, sB], [TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 10, 20 }), TestArrays.String(new[] { "x", null })], null);
        var elemX = new Field("n3", IntegerType.Int32, true, Id(5));
        ArrayData elements = TestArrays.Struct([elemX], [TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { 1, 2, 3 })], null);
        ArrayData arr = TestArrays.List(elements, [0, 2, 3], null);
        var valueY = new Field("n4", IntegerType.Int32, true, Id(7));
        ArrayData values = TestArrays.Struct([valueY], [TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { 7, 8 })], null);
        ArrayData m = TestArrays.Map(TestArrays.String(new[] { "k1", "k2" }), values, [0, 1, 2], null);
        var fields = new[]
        {
            new Field("t1", s.Type, true, Id(1)),
            new Field("t2", arr.Type, true, Id(4)),
            new Field("t3", m.Type, true, Id(6)),
        };
        var batch = new RecordBatch(new DeltaSharp.Arrow.Schema(fields), [ArrowArray.FromData(s), ArrowArray.FromData(arr), ArrowArray.FromData(m)], 2);
        long size = await table.PutParquetAsync("f.parquet", batch);
        string schema = SpecTable.Schema(
            SpecTable.Field("s", "{\"type\":\"struct\",\"fields\":[" +
                SpecTable.Field("a", "\"long\"", metadata: SpecTable.Mapping(2, "col-a")) + "," +
                SpecTable.Field("b", "\"string\"", metadata: SpecTable.Mapping(3, "col-b")) + "]}", metadata: SpecTable.Mapping(1, "col-s")),
            SpecTable.Field("arr", "{\"type\":\"array\",\"elementType\":{\"type\":\"struct\",\"fields\":[" +
                SpecTable.Field("x", "\"integer\"", metadata: SpecTable.Mapping(5, "col-x")) + "]},\"containsNull\":true}", metadata: SpecTable.Mapping(4, "col-arr")),
            SpecTable.Field("m", "{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":{\"type\":\"struct\",\"fields\":[" +
                SpecTable.Field("y", "\"integer\"", metadata: SpecTable.Mapping(7, "col-y")) + "]},\"valueContainsNull\":true}", metadata: SpecTable.Mapping(6, "col-m")));
        await table.CommitAsync(0, CmProtocol(), SpecTable.Metadata(schema, configuration: Mode("id")), SpecTable.Add("f.parquet", size));
        Assert.Equal(
            new[]
            {
                "{\"s\":{\"a\":10,\"b\":\"x\"},\"arr\":[{\"x\":1},{\"x\":2}],\"m\":[{\"key\":\"k1\",\"value\":{\"y\":7}}]}",
                "{\"s\":{\"a\":20,\"b\":null},\"arr\":[{\"x\":3}],\"m\":[{\"key\":\"k2\",\"value\":{\"y\":8}}]}",
            },
            await table.RowsAsync());
    }

    [Fact]
    public async Task IdModeReturnsNullsForAnIdTheFileDoesNotHaveEvenIfANameMatches()
    {
        // "For ids that cannot be found in a file, readers must return null values for those columns."
        await using var table = new SpecTable();
        RecordBatch batch = new(new DeltaSharp.Arrow.Schema([new Field("col-a", IntegerType.Int64, true, Id(1)), new Field("col-b", IntegerType.Int64, true, Id(99))]),
            [ArrowArray.FromData(TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1 })), ArrowArray.FromData(TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 2 }))], 1);
        long size = await table.PutParquetAsync("f.parquet", batch);
        string schema = SpecTable.Schema(
            SpecTable.Field("a", "\"long\"", metadata: SpecTable.Mapping(1, "col-a")),
            SpecTable.Field("b", "\"long\"", metadata: SpecTable.Mapping(3, "col-b")));
        await table.CommitAsync(0, CmProtocol(), SpecTable.Metadata(schema, configuration: Mode("id")), SpecTable.Add("f.parquet", size));
        Assert.Equal(new[] { "{\"a\":1,\"b\":null}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task NameModeOnFilesWrittenBeforeMappingThenRenameAndReuseOfTheOldName()
    {
        // Enabling name mode on an existing table keeps physical name == the then-current name ("a"); "a" is then
        // renamed to "b" (same physical name) and a new column "a" gets a fresh physical name, absent in old files.
        await using var table = new SpecTable();
        long old = await table.PutParquetAsync("old.parquet", TestArrays.Batch(("a", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1, 2 }), true)));
        long fresh = await table.PutParquetAsync("new.parquet", TestArrays.Batch(
            ("a", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 3 }), true),
            ("col-7f3e", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 30 }), true)));
        string schema = SpecTable.Schema(
            SpecTable.Field("b", "\"long\"", metadata: SpecTable.Mapping(1, "a")),
            SpecTable.Field("a", "\"long\"", metadata: SpecTable.Mapping(2, "col-7f3e")));
        await table.CommitAsync(0, CmProtocol(), SpecTable.Metadata(schema, configuration: Mode("name")), SpecTable.Add("new.parquet", fresh), SpecTable.Add("old.parquet", old));
        List<string> rows = await table.RowsAsync();
        rows.Sort(System.StringComparer.Ordinal);
        Assert.Equal(new[] { "{\"b\":1,\"a\":null}", "{\"b\":2,\"a\":null}", "{\"b\":3,\"a\":30}" }, rows);
    }

    [Fact]
    public async Task PartitionValuesAndStatisticsAreKeyedByPhysicalName()
    {
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(
            SpecTable.Field("id", "\"long\"", metadata: SpecTable.Mapping(1, "col-id")),
            SpecTable.Field("p", "\"string\"", metadata: SpecTable.Mapping(2, "col-p")));
        var lines = new List<string> { CmProtocol(), SpecTable.Metadata(schema, ["p"], Mode("name")) };
        for (int i = 0; i < 2; i++)
        {
            long size = await table.PutParquetAsync($"f{i}.parquet", TestArrays.Batch(("col-id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { i * 10 }), true)));
            string stats = "{\"numRecords\":1,\"minValues\":{\"col-id\":" + (i * 10) + "},\"maxValues\":{\"col-id\":" + (i * 10) + "},\"nullCount\":{\"col-id\":0}}";
            lines.Add(SpecTable.Add($"f{i}.parquet", size, new Dictionary<string, string?> { ["col-p"] = "v" + i }, stats));
        }
        await table.CommitAsync(0, lines.ToArray());
        List<string> all = await table.RowsAsync();
        all.Sort(System.StringComparer.Ordinal);
        Assert.Equal(new[] { "{\"id\":0,\"p\":\"v0\"}", "{\"id\":10,\"p\":\"v1\"}" }, all);

        var report = new DeltaScanReport();
        Assert.Equal(new[] { "{\"id\":10,\"p\":\"v1\"}" }, await table.RowsAsync(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("id > 5"), Report = report }));
        Assert.Equal(1, report.FilesSkippedByStatistics);
        var byPartition = new DeltaScanReport();
        Assert.Equal(new[] { "{\"id\":0,\"p\":\"v0\"}" }, await table.RowsAsync(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("p = 'v0'"), Report = byPartition }));
        Assert.Equal(1, byPartition.FilesSkippedByPartition);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(3, "timestampNtz")]
    public async Task ModePropertyIsIgnoredWhenTheProtocolDoesNotSupportColumnMapping(int readerVersion, string? readerFeature)
    {
        // "The table property should only be honored if the table's protocol has reader and writer versions and/or
        // table features that support the columnMapping table feature": otherwise columns are read by display name.
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("a", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 5 }), true)));
        string schema = SpecTable.Schema(SpecTable.Field("a", "\"long\"", metadata: SpecTable.Mapping(1, "col-a")));
        string protocol = readerVersion == 3 ? SpecTable.Protocol(3, 7, [readerFeature!], [readerFeature!]) : SpecTable.Protocol(readerVersion, 2);
        await table.CommitAsync(0, protocol, SpecTable.Metadata(schema, configuration: Mode("name")), SpecTable.Add("f.parquet", size));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(ColumnMappingMode.None, opened.Snapshot.ColumnMappingMode);
        Assert.Equal(new[] { "{\"a\":5}" }, await SpecTable.RowsAsync(opened.Snapshot));
    }

    [Fact]
    public async Task ReaderV3WithColumnMappingFeatureHonoursTheMode()
    {
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("col-a", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 5 }), true)));
        string schema = SpecTable.Schema(SpecTable.Field("a", "\"long\"", metadata: SpecTable.Mapping(1, "col-a")));
        await table.CommitAsync(0, SpecTable.Protocol(3, 7, ["columnMapping"], ["columnMapping"]), SpecTable.Metadata(schema, configuration: Mode("name")), SpecTable.Add("f.parquet", size));
        Assert.Equal(new[] { "{\"a\":5}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task NestedStatisticsAreKeyedByPhysicalNamesAtEveryLevel()
    {
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(SpecTable.Field("s", "{\"type\":\"struct\",\"fields\":[" + SpecTable.Field("a", "\"long\"", metadata: SpecTable.Mapping(2, "col-a")) + "]}", metadata: SpecTable.Mapping(1, "col-s")));
        var lines = new List<string> { CmProtocol(), SpecTable.Metadata(schema, configuration: Mode("name")) };
        for (int i = 0; i < 2; i++)
        {
            ArrayData inner = TestArrays.Struct([new Field("col-a", IntegerType.Int64, true)], [TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { i * 100 })], null);
            long size = await table.PutParquetAsync($"f{i}.parquet", TestArrays.Batch(("col-s", inner, true)));
            string stats = "{\"numRecords\":1,\"minValues\":{\"col-s\":{\"col-a\":" + (i * 100) + "}},\"maxValues\":{\"col-s\":{\"col-a\":" + (i * 100) + "}},\"nullCount\":{\"col-s\":{\"col-a\":0}}}";
            lines.Add(SpecTable.Add($"f{i}.parquet", size, stats: stats));
        }
        await table.CommitAsync(0, lines.ToArray());
        var report = new DeltaScanReport();
        Assert.Equal(new[] { "{\"s\":{\"a\":100}}" }, await table.RowsAsync(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("s.a > 50"), Report = report }));
        Assert.Equal(1, report.FilesSkippedByStatistics);
    }
    private static readonly string NestedSchema = SpecTable.Schema(
        SpecTable.Field("s", "{\"type\":\"struct\",\"fields\":[" +
            SpecTable.Field("a", "\"long\"", metadata: SpecTable.Mapping(2, "col-a")) + "," +
            SpecTable.Field("b", "\"string\"", metadata: SpecTable.Mapping(3, "col-b")) + "]}", metadata: SpecTable.Mapping(1, "col-s")),
        SpecTable.Field("arr", "{\"type\":\"array\",\"elementType\":{\"type\":\"struct\",\"fields\":[" +
            SpecTable.Field("x", "\"integer\"", metadata: SpecTable.Mapping(5, "col-x")) + "]},\"containsNull\":true}", metadata: SpecTable.Mapping(4, "col-arr")),
        SpecTable.Field("m", "{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":{\"type\":\"struct\",\"fields\":[" +
            SpecTable.Field("y", "\"integer\"", metadata: SpecTable.Mapping(7, "col-y")) + "]},\"valueContainsNull\":true}", metadata: SpecTable.Mapping(6, "col-m")));

    private static async Task<int?[]> FieldIdsAsync(byte[] file)
    {
        await using DeltaSharp.Parquet.ParquetReader reader = await DeltaSharp.Parquet.ParquetReader.OpenAsync(new DeltaSharp.Parquet.Sources.MemoryParquetSource(file));
        return reader.ParquetSchema.Root.Children.Select(c => c.Element.FieldId).ToArray();
    }

    [Fact]
    public async Task NameModeResolvesNestedFieldsByPhysicalNameAndIgnoresFieldIds()
    {
        // "Column ids are not used in this mode for resolution purposes": the file (written by DuckDB) carries
        // physical names at every level and deliberately wrong field ids.
        await using var table = new SpecTable();
        byte[] file = DuckParquet.Write(
            "SELECT {'col-a': 10::BIGINT, 'col-b': 'x'} AS \"col-s\", [{'col-x': 1::INTEGER}, {'col-x': 2::INTEGER}] AS \"col-arr\", MAP {'k1': {'col-y': 7::INTEGER}} AS \"col-m\"",
            ", FIELD_IDS {\"col-s\": {__duckdb_field_id: 6, \"col-a\": 3, \"col-b\": 2}, \"col-arr\": {__duckdb_field_id: 1, element: {__duckdb_field_id: 9, \"col-x\": 7}}, \"col-m\": {__duckdb_field_id: 4, key: 11, value: {__duckdb_field_id: 12, \"col-y\": 5}}}");
        Assert.Equal(new int?[] { 6, 1, 4 }, await FieldIdsAsync(file));
        await table.PutAsync("f.parquet", file);
        await table.CommitAsync(0, CmProtocol(), SpecTable.Metadata(NestedSchema, configuration: Mode("name")), SpecTable.Add("f.parquet", file.Length));
        Assert.Equal(
            new[] { "{\"s\":{\"a\":10,\"b\":\"x\"},\"arr\":[{\"x\":1},{\"x\":2}],\"m\":[{\"key\":\"k1\",\"value\":{\"y\":7}}]}" },
            await table.RowsAsync());
    }

    [Fact]
    public async Task IdModeReadsFilesWhoseListElementsAndMapKeysCarryTheirOwnIds()
    {
        // IcebergCompatV2 writers give array elements and map keys/values their own field ids
        // (delta.columnMapping.nested.ids); they are not column ids and must not stop the read.
        await using var table = new SpecTable();
        byte[] file = DuckParquet.Write(
            "SELECT [1, 2]::INTEGER[] AS n1, MAP {3: 4}::MAP(INTEGER, INTEGER) AS n2",
            ", FIELD_IDS {n1: {__duckdb_field_id: 1, element: 100}, n2: {__duckdb_field_id: 2, key: 102, value: 103}}");
        await table.PutAsync("f.parquet", file);
        string schema = SpecTable.Schema(
            SpecTable.Field("arr", "{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":true}",
                metadata: SpecTable.Mapping(1, "col-arr", ",\"delta.columnMapping.nested.ids\":{\"col-arr.element\":100}")),
            SpecTable.Field("m", "{\"type\":\"map\",\"keyType\":\"integer\",\"valueType\":\"integer\",\"valueContainsNull\":true}",
                metadata: SpecTable.Mapping(2, "col-m", ",\"delta.columnMapping.nested.ids\":{\"col-m.key\":102,\"col-m.value\":103}")));
        await table.CommitAsync(0, CmProtocol(), SpecTable.Metadata(schema, configuration: Mode("id")), SpecTable.Add("f.parquet", file.Length));
        Assert.Equal(new[] { "{\"arr\":[1,2],\"m\":[{\"key\":3,\"value\":4}]}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task IdModeDroppedThenReAddedColumnReadsNullFromOldFiles()
    {
        // Column "v" (id 2) dropped, then a new "v" added (id 3, new physical name): old files have id 2 only.
        await using var table = new SpecTable();
        byte[] old = DuckParquet.Write("SELECT 1::BIGINT AS \"col-k\", 'old'::VARCHAR AS \"col-v1\"", ", FIELD_IDS {\"col-k\": 1, \"col-v1\": 2}");
        byte[] fresh = DuckParquet.Write("SELECT 2::BIGINT AS \"col-k\", 'new'::VARCHAR AS \"col-v2\"", ", FIELD_IDS {\"col-k\": 1, \"col-v2\": 3}");
        // The ids are really in the files (so a fallback by name could not pass this test by accident).
        Assert.Equal(new int?[] { 1, 2 }, await FieldIdsAsync(old));
        Assert.Equal(new int?[] { 1, 3 }, await FieldIdsAsync(fresh));
        await table.PutAsync("old.parquet", old);
        await table.PutAsync("new.parquet", fresh);
        string schema = SpecTable.Schema(
            SpecTable.Field("k", "\"long\"", metadata: SpecTable.Mapping(1, "col-k")),
            SpecTable.Field("v", "\"string\"", metadata: SpecTable.Mapping(3, "col-v2")));
        await table.CommitAsync(0, CmProtocol(), SpecTable.Metadata(schema, configuration: Mode("id")), SpecTable.Add("old.parquet", old.Length), SpecTable.Add("new.parquet", fresh.Length));
        List<string> rows = await table.RowsAsync();
        rows.Sort(System.StringComparer.Ordinal);
        Assert.Equal(new[] { "{\"k\":1,\"v\":null}", "{\"k\":2,\"v\":\"new\"}" }, rows);
    }
}
