using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// PROTOCOL.md "Delta Data Type to Parquet Type Mappings": data files written by other engines (Spark INT96,
/// Impala/Hive plain INT32 for byte/short and un-annotated binary for strings, legacy 2-level lists and maps,
/// decimals as INT32/INT64/FIXED/BINARY) read through a Delta table whose schema is the spec's mapping, compared
/// with DuckDB reading the same file. Also: a file missing a column of the schema (nulls) and extra columns (ignored).
/// </summary>
public sealed class OtherWritersParquetTests
{
    private static async Task AssertTableEqualsDuckDbAsync(string file, string schemaJson, string duckSelect)
    {
        string path = Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data", file);
        TestEnvironment.RequireDuckDbLibrary();
        await using var table = new SpecTable();
        long size = await table.PutFileAsync("data/" + file, path);
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(schemaJson), SpecTable.Add("data/" + file, size));
        List<string> actual = (await table.RowsAsync()).Select(CanonicalJson.Of).ToList();
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        DuckDbResult result = duck.Query($"SELECT to_json({duckSelect})::VARCHAR FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}')");
        List<string> expected = result.Rows.Select(r => CanonicalJson.Of(r[0]!)).ToList();
        actual.Sort(StringComparer.Ordinal);
        expected.Sort(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    private static string F(string name, string type) => SpecTable.Field(name, type);

    private static string Ts(string column) => "strftime(" + column + ", '%Y-%m-%dT%H:%M:%S.%fZ')";

    [Fact]
    public async Task SparkInt96Timestamps()
    {
        // The six values parquet-testing's int96_from_spark was built from (Spark microseconds; the last overflows a
        // nanosecond int64, which is why DuckDB cannot be the oracle here).
        string path = Path.Combine(TestEnvironment.RequireParquetTestingDir(), "data", "int96_from_spark.parquet");
        await using var table = new SpecTable();
        long size = await table.PutFileAsync("f.parquet", path);
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(SpecTable.Schema(F("a", "\"timestamp\""))), SpecTable.Add("f.parquet", size));
        Assert.Equal(
            new[]
            {
                "{\"a\":\"2024-01-01T20:34:56.123456Z\"}", "{\"a\":\"2024-01-01T01:00:00.000000Z\"}", "{\"a\":\"9999-12-31T03:00:00.000000Z\"}",
                "{\"a\":\"2024-12-30T23:00:00.000000Z\"}", "{\"a\":null}", "{\"a\":\"+290000-12-30T23:00:00.000000Z\"}",
            },
            await table.RowsAsync());
    }

    [Fact]
    public Task ImpalaPlainInt32ForByteAndShortUnannotatedStringsInt96AndDictionaries() =>
        AssertTableEqualsDuckDbAsync("alltypes_dictionary.parquet",
            SpecTable.Schema(F("id", "\"integer\""), F("bool_col", "\"boolean\""), F("tinyint_col", "\"byte\""), F("smallint_col", "\"short\""),
                F("int_col", "\"integer\""), F("bigint_col", "\"long\""), F("float_col", "\"float\""), F("double_col", "\"double\""),
                F("date_string_col", "\"string\""), F("string_col", "\"string\""), F("timestamp_col", "\"timestamp\"")),
            "{'id': id, 'bool_col': bool_col, 'tinyint_col': tinyint_col, 'smallint_col': smallint_col, 'int_col': int_col, 'bigint_col': bigint_col, " +
            "'float_col': float_col::VARCHAR::DOUBLE, 'double_col': double_col, 'date_string_col': decode(date_string_col), 'string_col': decode(string_col), " +
            "'timestamp_col': " + Ts("timestamp_col") + "}");

    [Theory]
    [InlineData("int32_decimal.parquet", "decimal(4,2)")]
    [InlineData("int64_decimal.parquet", "decimal(10,2)")]
    [InlineData("fixed_length_decimal.parquet", "decimal(25,2)")]
    [InlineData("fixed_length_decimal_legacy.parquet", "decimal(13,2)")]
    [InlineData("byte_array_decimal.parquet", "decimal(4,2)")]
    public Task DecimalsInEveryPhysicalType(string file, string type) =>
        AssertTableEqualsDuckDbAsync(file, SpecTable.Schema(F("value", "\"" + type + "\"")), "{'value': value::VARCHAR}");

    [Fact]
    public Task LegacyTwoLevelNestedList() =>
        AssertTableEqualsDuckDbAsync("old_list_structure.parquet",
            SpecTable.Schema(SpecTable.Field("a", "{\"type\":\"array\",\"elementType\":{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false},\"containsNull\":false}", nullable: false)),
            "{'a': a}");

    [Fact]
    public Task RepeatedGroupWithoutListAnnotation() =>
        AssertTableEqualsDuckDbAsync("repeated_no_annotation.parquet",
            SpecTable.Schema(F("id", "\"integer\""), F("phoneNumbers", "{\"type\":\"struct\",\"fields\":[" +
                SpecTable.Field("phone", "{\"type\":\"array\",\"elementType\":{\"type\":\"struct\",\"fields\":[" + F("number", "\"long\"") + "," + F("kind", "\"string\"") + "]},\"containsNull\":false}") + "]}")),
            "{'id': id, 'phoneNumbers': phoneNumbers}");

    [Fact]
    public Task RepeatedPrimitivesWithoutListAnnotation() =>
        AssertTableEqualsDuckDbAsync("repeated_primitive_no_list.parquet",
            SpecTable.Schema(
                F("Int32_list", "{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false}"),
                F("String_list", "{\"type\":\"array\",\"elementType\":\"string\",\"containsNull\":false}"),
                F("group_of_lists", "{\"type\":\"struct\",\"fields\":[" +
                    F("Int32_list_in_group", "{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false}") + "," +
                    F("String_list_in_group", "{\"type\":\"array\",\"elementType\":\"string\",\"containsNull\":false}") + "]}")),
            "{'Int32_list': Int32_list, 'String_list': String_list, 'group_of_lists': group_of_lists}");

    [Fact]
    public Task NestedMapsAndLegacyMapKeyValue()
    {
        return Task.WhenAll(
            AssertTableEqualsDuckDbAsync("nested_maps.snappy.parquet",
                SpecTable.Schema(
                    F("a", "{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":{\"type\":\"map\",\"keyType\":\"integer\",\"valueType\":\"boolean\",\"valueContainsNull\":false},\"valueContainsNull\":true}"),
                    F("b", "\"integer\""), F("c", "\"double\"")),
                "{'a': list_transform(map_entries(a), e -> {'key': e.key, 'value': map_entries(e.value)}), 'b': b, 'c': c}"),
            AssertTableEqualsDuckDbAsync("incorrect_map_schema.parquet",
                SpecTable.Schema(F("my_map", "{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"string\",\"valueContainsNull\":true}")),
                "{'my_map': map_entries(my_map)}"));
    }

    [Fact]
    public async Task UnsignedIntegersReadAsTheWiderSignedDeltaType()
    {
        await using var table = new SpecTable();
        RecordBatch batch = TestArrays.Batch(
            ("u32", TestArrays.Primitive<uint>(IntegerType.UInt32, new uint?[] { uint.MaxValue, 0 }), true),
            ("u8", TestArrays.Primitive<byte>(IntegerType.UInt8, new byte?[] { 255, null }), true));
        long size = await table.PutParquetAsync("f.parquet", batch);
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(SpecTable.Schema(F("u32", "\"long\""), F("u8", "\"short\""))), SpecTable.Add("f.parquet", size));
        Assert.Equal(new[] { "{\"u32\":4294967295,\"u8\":255}", "{\"u32\":0,\"u8\":null}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task MissingColumnsAreNullAndExtraColumnsAreIgnored()
    {
        // "Columns present in the schema of the table MAY be missing from data files. Readers SHOULD fill these
        // missing columns in with null"; extra columns (e.g. CDF's _change_type) are not part of the table.
        await using var table = new SpecTable();
        ArrayData inner = TestArrays.Struct([new Field("x", IntegerType.Int64, true)], [TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1 })], null);
        RecordBatch batch = TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 7 }), true),
            ("_change_type", TestArrays.String(new[] { "insert" }), true),
            ("s", inner, true));
        long size = await table.PutParquetAsync("f.parquet", batch);
        string schema = SpecTable.Schema(
            F("id", "\"long\""),
            F("added", "\"string\""),
            F("s", "{\"type\":\"struct\",\"fields\":[" + F("x", "\"long\"") + "," + F("y", "{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":true}") + "]}"));
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(schema), SpecTable.Add("f.parquet", size));
        Assert.Equal(new[] { "{\"id\":7,\"added\":null,\"s\":{\"x\":1,\"y\":null}}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task Int64TimestampsInMillisMicrosAndNanosAndNtz()
    {
        // "timestamp: int96 or int64, TIMESTAMP(isAdjustedToUTC = true, units = microseconds)"; other writers use
        // MILLIS or NANOS units: values are converted to microseconds (nanoseconds truncated toward -infinity).
        await using var table = new SpecTable();
        RecordBatch batch = TestArrays.Batch(
            ("ms", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Millisecond, "UTC"), new long?[] { 1700000000123, -1 }), true),
            ("us", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), new long?[] { 1700000000123456, null }), true),
            ("ns", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Nanosecond, "UTC"), new long?[] { 1700000000123456789, -1 }), true),
            ("ntz", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Microsecond), new long?[] { 0, 86400000001 }), true));
        long size = await table.PutParquetAsync("f.parquet", batch);
        string schema = SpecTable.Schema(F("ms", "\"timestamp\""), F("us", "\"timestamp\""), F("ns", "\"timestamp\""), F("ntz", "\"timestamp_ntz\""));
        await table.CommitAsync(0, SpecTable.Protocol(3, 7, ["timestampNtz"], ["timestampNtz"]), SpecTable.Metadata(schema), SpecTable.Add("f.parquet", size));
        Assert.Equal(
            new[]
            {
                "{\"ms\":\"2023-11-14T22:13:20.123000Z\",\"us\":\"2023-11-14T22:13:20.123456Z\",\"ns\":\"2023-11-14T22:13:20.123456Z\",\"ntz\":\"1970-01-01T00:00:00.000000\"}",
                "{\"ms\":\"1969-12-31T23:59:59.999000Z\",\"us\":null,\"ns\":\"1969-12-31T23:59:59.999999Z\",\"ntz\":\"1970-01-02T00:00:00.000001\"}",
            },
            await table.RowsAsync());
    }

    [Fact]
    public async Task ColumnsMatchTheFileCaseInsensitivelyWithoutColumnMapping()
    {
        // "All column names must be unique regardless of casing": a file written as "ID" holds column "id".
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("ID", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 3 }), true)));
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(SpecTable.Schema(F("id", "\"long\""))), SpecTable.Add("f.parquet", size));
        Assert.Equal(new[] { "{\"id\":3}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task VoidColumnsReadAsNulls()
    {
        // "Existing tables may have void data type columns. Behavior is undefined": we return an all-null column
        // (the file never holds it), so the table stays readable.
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1 }), true)));
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(SpecTable.Schema(F("id", "\"long\""), F("v", "\"void\""))), SpecTable.Add("f.parquet", size));
        Assert.Equal(new[] { "{\"id\":1,\"v\":null}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task FixedLengthByteArrayReadsAsBinary()
    {
        // Spark reads an un-annotated FIXED_LEN_BYTE_ARRAY as BinaryType (e.g. UUIDs from other writers).
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("b", TestArrays.FixedBinary(2, new byte[]?[] { [1, 2], null, [255, 0] }), true)));
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(SpecTable.Schema(F("b", "\"binary\""))), SpecTable.Add("f.parquet", size));
        Assert.Equal(new[] { "{\"b\":\"AQI=\"}", "{\"b\":null}", "{\"b\":\"/wA=\"}" }, await table.RowsAsync());
    }
}
