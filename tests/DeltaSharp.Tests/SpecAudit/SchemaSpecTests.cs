using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// PROTOCOL.md "Schema Serialization Format": column metadata of every JSON type, <c>void</c>, nested
/// <c>containsNull</c> / <c>valueContainsNull</c>, decimal(38, s), timestamp_ntz, deep nesting, and column names with
/// dots, spaces, unicode and backticks (reading, statistics keyed by such names, predicates on them).
/// </summary>
public sealed class SchemaSpecTests
{
    private const string Metadata = "{\"comment\":\"c\",\"num\":1,\"big\":12345678901234,\"float\":1.5,\"bool\":true,\"nul\":null," +
        "\"arr\":[1,\"x\",{\"k\":[]}],\"obj\":{\"a\":{\"b\":null}},\"delta.generationExpression\":\"1 + 1\"}";

    private static readonly string OddSchema = SpecTable.Schema(
        SpecTable.Field("a.b", "\"long\"", metadata: Metadata),
        SpecTable.Field("sp ace", "\"string\""),
        SpecTable.Field("ünï", "\"integer\""),
        SpecTable.Field("back`tick", "\"integer\""),
        SpecTable.Field("s", "{\"type\":\"struct\",\"fields\":[" + SpecTable.Field("x.y", "\"integer\"") + "]}"),
        SpecTable.Field("d38", "\"decimal(38,10)\""),
        SpecTable.Field("ntz", "\"timestamp_ntz\""),
        SpecTable.Field("aa", "{\"type\":\"array\",\"elementType\":{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false},\"containsNull\":true}", nullable: false),
        SpecTable.Field("m", "{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"integer\",\"valueContainsNull\":true}"),
        SpecTable.Field("v", "\"void\""));

    private static async Task<SpecTable> OddTableAsync()
    {
        var table = new SpecTable();
        byte[] data = DuckParquet.Write(
            "SELECT * FROM (VALUES (1::BIGINT, 'x', 3::INTEGER, 4::INTEGER, {'x.y': 5::INTEGER}, '123456789012345678901234567.1234567890'::DECIMAL(38,10), " +
            "TIMESTAMP '2024-01-02 03:04:05.123456', [[1, 2], [3]]::INTEGER[][], MAP {'k': NULL::INTEGER}), " +
            "(2::BIGINT, NULL, NULL, NULL, NULL, '-9999999999999999999999999999.9999999999'::DECIMAL(38,10), NULL, [NULL, []]::INTEGER[][], NULL)) " +
            "v(\"a.b\", \"sp ace\", \"ünï\", \"back`tick\", s, d38, ntz, aa, m)");
        await table.PutAsync("f.parquet", data);
        string stats = "{\"numRecords\":2,\"minValues\":{\"a.b\":1,\"sp ace\":\"x\",\"ünï\":3,\"back`tick\":4,\"s\":{\"x.y\":5}},\"maxValues\":{\"a.b\":2,\"sp ace\":\"x\",\"ünï\":3,\"back`tick\":4,\"s\":{\"x.y\":5}}," +
            "\"nullCount\":{\"a.b\":0,\"sp ace\":1,\"ünï\":1,\"back`tick\":1,\"s\":{\"x.y\":1}}}";
        await table.CommitAsync(0, SpecTable.Protocol(3, 7, ["timestampNtz"], ["timestampNtz"]), SpecTable.Metadata(OddSchema),
            SpecTable.Add("f.parquet", data.Length, stats: stats));
        return table;
    }

    [Fact]
    public async Task OddNamesEveryMetadataTypeWideDecimalsNestedNullabilityAndVoidAreRead()
    {
        await using SpecTable table = await OddTableAsync();
        await using DeltaTable opened = await table.OpenAsync();
        DeltaStructField first = opened.Snapshot.Schema.Fields[0];
        Assert.Equal("a.b", first.Name);
        Assert.Equal(9, first.Metadata.Count);
        Assert.Equal(
            new[]
            {
                "{\"a.b\":1,\"sp ace\":\"x\",\"ünï\":3,\"back`tick\":4,\"s\":{\"x.y\":5},\"d38\":\"123456789012345678901234567.1234567890\",\"ntz\":\"2024-01-02T03:04:05.123456\",\"aa\":[[1,2],[3]],\"m\":[{\"key\":\"k\",\"value\":null}],\"v\":null}",
                "{\"a.b\":2,\"sp ace\":null,\"ünï\":null,\"back`tick\":null,\"s\":null,\"d38\":\"-9999999999999999999999999999.9999999999\",\"ntz\":null,\"aa\":[null,[]],\"m\":null,\"v\":null}",
            },
            (await SpecTable.RowsAsync(opened.Snapshot)).Select(Unescape).ToArray());
    }

    [Theory]
    [InlineData("`a.b` > 5", 0)]
    [InlineData("`a.b` = 1", 1)]
    [InlineData("`sp ace` = 'y'", 0)]
    [InlineData("`sp ace` = 'x'", 1)]
    [InlineData("`ünï` > 3", 0)]
    [InlineData("`back``tick` < 4", 0)]
    [InlineData("`back``tick` = 4", 1)]
    [InlineData("s.`x.y` > 5", 0)]
    [InlineData("s.`x.y` = 5", 1)]
    public async Task StatisticsKeyedByOddNamesSkipAndPredicatesMatch(string filter, int rows)
    {
        // A name with a dot is one key ("a.b"), not a path; statistics mirror the schema's nesting.
        await using SpecTable table = await OddTableAsync();
        var report = new DeltaScanReport();
        List<string> result = await table.RowsAsync(new DeltaScanOptions { Columns = ["a.b"], Filter = DeltaExpressionParser.Parse(filter), Report = report });
        Assert.Equal(rows, result.Count);
        Assert.Equal(rows == 0 ? 1 : 0, report.FilesSkippedByStatistics);
    }

    [Fact]
    public async Task VeryDeepNestingIsRead()
    {
        // 60 nested structs (JSON depth ~240 in the schema string; Spark/Jackson accept up to 1000).
        const int Depth = 60;
        await using var table = new SpecTable();
        var type = new StringBuilder("\"integer\"");
        var value = new StringBuilder("7::INTEGER");
        var expected = new StringBuilder("7");
        for (int i = 0; i < Depth; i++)
        {
            type.Insert(0, "{\"type\":\"struct\",\"fields\":[{\"name\":\"n\",\"type\":").Append(",\"nullable\":true,\"metadata\":{}}]}");
            value.Insert(0, "{'n': ").Append('}');
            expected.Insert(0, "{\"n\":").Append('}');
        }
        byte[] data = DuckParquet.Write("SELECT " + value + " AS n");
        await table.PutAsync("f.parquet", data);
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(SpecTable.Schema(SpecTable.Field("n", type.ToString()))), SpecTable.Add("f.parquet", data.Length));
        Assert.Equal(new[] { "{\"n\":" + expected + "}" }, await table.RowsAsync());
    }

    [Theory]
    [InlineData("\"variant\"")]
    [InlineData("{\"type\":\"array\",\"elementType\":\"variant\",\"containsNull\":false}")]
    public void VariantTypeParses(string type)
    {
        DeltaSchema schema = DeltaSchema.Parse(SpecTable.Schema(SpecTable.Field("v", type)));
        Assert.Single(schema.Fields);
    }

    /// <summary>JSON lines may escape non-ASCII; compare the decoded text.</summary>
    private static string Unescape(string line) => System.Text.RegularExpressions.Regex.Unescape(line.Replace("\\\"", "\u0001", StringComparison.Ordinal)).Replace("\u0001", "\\\"", StringComparison.Ordinal);
    [Theory]
    [InlineData("2024-01-01T01:00:00.000+01:00", "2024-01-01T02:00:00.000+01:00", "ts < TIMESTAMP '2023-12-31 23:59:00Z'", 0)]
    [InlineData("2024-01-01T01:00:00.000+01:00", "2024-01-01T02:00:00.000+01:00", "ts = TIMESTAMP '2024-01-01 00:30:00Z'", 1)]
    [InlineData("2023-12-31T16:00:00.000-08:00", "2023-12-31T17:00:00.000-08:00", "ts > TIMESTAMP '2024-01-01 01:00:00.001Z'", 0)]
    [InlineData("2024-01-01T00:00:00.000Z", "2024-01-01T01:00:00.000Z", "ts = TIMESTAMP '2024-01-01 01:00:00.000999Z'", 1)]
    public async Task TimestampStatisticsWithZoneOffsetsAndMillisecondTruncation(string min, string max, string filter, int rows)
    {
        // Spark writes timestamp statistics in the session time zone with an offset, truncated to milliseconds.
        await using var table = new SpecTable();
        byte[] data = DuckParquet.Write("SELECT * FROM (VALUES (TIMESTAMPTZ '2024-01-01 00:30:00+00'), (TIMESTAMPTZ '2024-01-01 01:00:00.000999+00')) v(ts)");
        await table.PutAsync("f.parquet", data);
        string stats = "{\"numRecords\":2,\"minValues\":{\"ts\":\"" + min + "\"},\"maxValues\":{\"ts\":\"" + max + "\"},\"nullCount\":{\"ts\":0}}";
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(SpecTable.Schema(SpecTable.Field("ts", "\"timestamp\""))), SpecTable.Add("f.parquet", data.Length, stats: stats));
        var report = new DeltaScanReport();
        List<string> result = await table.RowsAsync(new DeltaScanOptions { Filter = DeltaExpressionParser.Parse(filter), Report = report });
        Assert.Equal(rows, result.Count);
        Assert.Equal(rows == 0 ? 1 : 0, report.FilesSkippedByStatistics);
    }
}
