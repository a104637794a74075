using System.Collections.Generic;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>PROTOCOL.md "Type Widening": data files, partition values and statistics written before a widening.</summary>
public sealed class TypeWideningSpecTests
{
    private static string Changes(string from, string to) =>
        "{\"delta.typeChanges\":[{\"fromType\":\"" + from + "\",\"toType\":\"" + to + "\"}]}";

    private static async Task<List<string>> ReadOldFileAsync(ArrayData oldColumn, string from, string to, string? stats = null, string? filter = null)
    {
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("c", oldColumn, true)));
        string schema = SpecTable.Schema(SpecTable.Field("c", to.StartsWith("decimal", System.StringComparison.Ordinal) ? "\"" + to + "\"" : "\"" + to + "\"", metadata: Changes(from, to)));
        await table.CommitAsync(0,
            SpecTable.Protocol(3, 7, ["typeWidening"], ["typeWidening"]),
            SpecTable.Metadata(schema, configuration: new() { ["delta.enableTypeWidening"] = "true" }),
            SpecTable.Add("f.parquet", size, stats: stats));
        return await table.RowsAsync(filter is null ? null : new DeltaScanOptions { Filter = DeltaExpressionParser.Parse(filter) });
    }

    [Fact]
    public async Task ByteShortIntToLong()
    {
        Assert.Equal(new[] { "{\"c\":-128}", "{\"c\":null}" }, await ReadOldFileAsync(TestArrays.Primitive<sbyte>(IntegerType.Int8, new sbyte?[] { -128, null }), "byte", "long"));
        Assert.Equal(new[] { "{\"c\":32767}" }, await ReadOldFileAsync(TestArrays.Primitive<short>(IntegerType.Int16, new short?[] { 32767 }), "short", "integer"));
        Assert.Equal(new[] { "{\"c\":-2147483648}" }, await ReadOldFileAsync(TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { int.MinValue }), "integer", "long"));
        Assert.Equal(new[] { "{\"c\":-5}" }, await ReadOldFileAsync(TestArrays.Primitive<sbyte>(IntegerType.Int8, new sbyte?[] { -5 }), "byte", "short"));
    }

    [Fact]
    public async Task FloatAndIntegersToDouble()
    {
        Assert.Equal(new[] { "{\"c\":1.5}" }, await ReadOldFileAsync(TestArrays.Primitive<float>(FloatingPointType.Float32, new float?[] { 1.5f }), "float", "double"));
        Assert.Equal(new[] { "{\"c\":2147483647}" }, await ReadOldFileAsync(TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { int.MaxValue }), "integer", "double"));
        Assert.Equal(new[] { "{\"c\":-7}" }, await ReadOldFileAsync(TestArrays.Primitive<short>(IntegerType.Int16, new short?[] { -7 }), "short", "double"));
    }

    [Fact]
    public async Task DateToTimestampNtzIsMidnight()
    {
        Assert.Equal(new[] { "{\"c\":\"1969-12-31T00:00:00.000000\"}" },
            await ReadOldFileAsync(TestArrays.Primitive<int>(DateType.Date32, new int?[] { -1 }), "date", "timestamp_ntz"));
    }

    [Fact]
    public async Task DecimalPrecisionAndScaleIncrease()
    {
        Assert.Equal(new[] { "{\"c\":\"-12.3400\"}" },
            await ReadOldFileAsync(TestArrays.Decimal128(6, 2, new decimal?[] { -12.34m }), "decimal(6,2)", "decimal(10,4)"));
    }

    [Fact]
    public async Task IntegersToDecimal()
    {
        Assert.Equal(new[] { "{\"c\":\"-2147483648.00\"}" },
            await ReadOldFileAsync(TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { int.MinValue }), "integer", "decimal(12,2)"));
        Assert.Equal(new[] { "{\"c\":\"9223372036854775807\"}" },
            await ReadOldFileAsync(TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { long.MaxValue }), "long", "decimal(20,0)"));
    }

    [Fact]
    public async Task OldStatisticsStillSkipCorrectly()
    {
        // An int column widened to long: the file's stats are ints; a predicate beyond them skips, one inside keeps.
        string stats = "{\"numRecords\":2,\"minValues\":{\"c\":1},\"maxValues\":{\"c\":2},\"nullCount\":{\"c\":0}}";
        Assert.Empty(await ReadOldFileAsync(TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { 1, 2 }), "integer", "long", stats, "c > 3000000000"));
        Assert.Equal(new[] { "{\"c\":2}" }, await ReadOldFileAsync(TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { 1, 2 }), "integer", "long", stats, "c >= 2"));
        // A date widened to timestamp_ntz: date-typed stats must not exclude the matching row.
        string dateStats = "{\"numRecords\":1,\"minValues\":{\"c\":\"2024-01-02\"},\"maxValues\":{\"c\":\"2024-01-02\"},\"nullCount\":{\"c\":0}}";
        Assert.Equal(new[] { "{\"c\":\"2024-01-02T00:00:00.000000\"}" },
            await ReadOldFileAsync(TestArrays.Primitive<int>(DateType.Date32, new int?[] { 19724 }), "date", "timestamp_ntz", dateStats, "c = TIMESTAMP_NTZ '2024-01-02 00:00:00'"));
    }

    [Fact]
    public async Task FloatStatisticsOfAColumnWidenedToDoubleNeverDropAMatchingFile()
    {
        // The float file's stats say 1.1 (the float's shortest text); its value, widened, is 1.100000023841858 > 1.1.
        string stats = "{\"numRecords\":1,\"minValues\":{\"c\":1.1},\"maxValues\":{\"c\":1.1},\"nullCount\":{\"c\":0}}";
        ArrayData column = TestArrays.Primitive<float>(FloatingPointType.Float32, new float?[] { 1.1f });
        Assert.Equal(new[] { "{\"c\":1.100000023841858}" }, await ReadOldFileAsync(column, "float", "double", stats, "c > 1.1"));
        Assert.Equal(new[] { "{\"c\":1.100000023841858}" }, await ReadOldFileAsync(TestArrays.Primitive<float>(FloatingPointType.Float32, new float?[] { 1.1f }), "float", "double", stats, "c = 1.100000023841858"));
        // Integers widened to decimal / double: stats in the old type compare exactly.
        string intStats = "{\"numRecords\":1,\"minValues\":{\"c\":7},\"maxValues\":{\"c\":7},\"nullCount\":{\"c\":0}}";
        Assert.Equal(new[] { "{\"c\":\"7.00\"}" }, await ReadOldFileAsync(TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { 7 }), "integer", "decimal(12,2)", intStats, "c >= 7.00"));
        Assert.Empty(await ReadOldFileAsync(TestArrays.Primitive<int>(IntegerType.Int32, new int?[] { 7 }), "integer", "decimal(12,2)", intStats, "c > 7.01"));
        Assert.Equal(new[] { "{\"c\":7}" }, await ReadOldFileAsync(TestArrays.Primitive<short>(IntegerType.Int16, new short?[] { 7 }), "short", "double", intStats, "c < 7.5"));
    }

    [Fact]
    public async Task PartitionValuesWrittenBeforeTheWideningParseAsTheNewType()
    {
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1 }), true)));
        string schema = SpecTable.Schema(
            SpecTable.Field("id", "\"long\""),
            SpecTable.Field("p", "\"timestamp_ntz\"", metadata: Changes("date", "timestamp_ntz")),
            SpecTable.Field("q", "\"decimal(12,2)\"", metadata: Changes("integer", "decimal(12,2)")));
        await table.CommitAsync(0,
            SpecTable.Protocol(3, 7, ["typeWidening", "timestampNtz"], ["typeWidening", "timestampNtz"]),
            SpecTable.Metadata(schema, ["p", "q"]),
            SpecTable.Add("f.parquet", size, new Dictionary<string, string?> { ["p"] = "2024-01-02", ["q"] = "-7" }));
        Assert.Equal(new[] { "{\"id\":1,\"p\":\"2024-01-02T00:00:00.000000\",\"q\":\"-7.00\"}" }, await table.RowsAsync());
    }

    [Theory]
    [InlineData("long", "integer")]
    [InlineData("double", "float")]
    [InlineData("integer", "string")]
    [InlineData("long", "double")]
    [InlineData("decimal(10,2)", "decimal(10,3)")]
    [InlineData("decimal(10,2)", "decimal(12,1)")]
    [InlineData("integer", "decimal(10,1)")]
    [InlineData("long", "decimal(19,0)")]
    [InlineData("timestamp", "timestamp_ntz")]
    public async Task AnUnsupportedRecordedTypeChangeFailsTheLoadNamingTheColumn(string from, string to)
    {
        // "Readers must validate that they support all type changes in the delta.typeChanges field ... and fail".
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(SpecTable.Field("c", "\"" + to + "\"", metadata: Changes(from, to)));
        await table.CommitAsync(0, SpecTable.Protocol(3, 7, ["typeWidening"], ["typeWidening"]), SpecTable.Metadata(schema));
        var error = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => table.OpenAsync());
        Assert.Contains("'c'", error.Message, System.StringComparison.Ordinal);
        Assert.Equal("typeWidening", error.FeatureName);
    }

    [Theory]
    [InlineData("byte", "short", true)]
    [InlineData("short", "long", true)]
    [InlineData("integer", "double", true)]
    [InlineData("float", "double", true)]
    [InlineData("date", "timestamp_ntz", true)]
    [InlineData("decimal(6,2)", "decimal(10,4)", true)]
    [InlineData("decimal(6,2)", "decimal(8,2)", true)]
    [InlineData("byte", "decimal(10,0)", true)]
    [InlineData("byte", "decimal(4,1)", true)]
    [InlineData("short", "decimal(6,1)", true)]
    [InlineData("short", "decimal(5,1)", false)]
    [InlineData("integer", "decimal(12,2)", true)]
    [InlineData("long", "decimal(20,0)", true)]
    [InlineData("long", "decimal(22,2)", true)]
    [InlineData("long", "decimal(22,3)", false)]
    [InlineData("decimal(6,2)", "decimal(7,3)", true)]
    [InlineData("decimal(6,2)", "decimal(7,4)", false)]
    [InlineData("float", "decimal(10,0)", false)]
    [InlineData("date", "timestamp", false)]
    public void WideningRulesAreTheSpecsList(string from, string to, bool supported)
    {
        Assert.Equal(supported, TypeWideningRules.IsSupported(DeltaSchema.ParseTypeName(from, "x"), DeltaSchema.ParseTypeName(to, "x")));
    }

    [Fact]
    public async Task TypeChangesOnNestedMapKeysAndArrayElementsAreValidatedToo()
    {
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(SpecTable.Field("e", "{\"type\":\"array\",\"elementType\":{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"decimal(10,4)\",\"valueContainsNull\":true},\"containsNull\":true}",
            metadata: "{\"delta.typeChanges\":[{\"fromType\":\"decimal(6,2)\",\"toType\":\"decimal(10,4)\",\"fieldPath\":\"element.value\"}]}"));
        await table.CommitAsync(0, SpecTable.Protocol(3, 7, ["typeWidening"], ["typeWidening"]), SpecTable.Metadata(schema));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(0, opened.Snapshot.Version);
    }
}
