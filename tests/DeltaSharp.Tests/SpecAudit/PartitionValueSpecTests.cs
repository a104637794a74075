using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using DeltaSharp.Scanning;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>PROTOCOL.md "Partition Value Serialization" and "Data Files" (partition values come from the log).</summary>
public sealed class PartitionValueSpecTests
{
    private static long Micros(string value)
    {
        using var array = (PrimitiveArray<long>)PartitionValueParser.Constant(DeltaPrimitiveType.Timestamp, value, 1, null);
        return array.GetValue(0);
    }

    [Theory]
    // "{year}-{month}-{day} {hour}:{minute}:{second}" and ".{microsecond}"; ISO 8601 adjusted to UTC with Z.
    [InlineData("1970-01-01 00:00:00", 0L)]
    [InlineData("1970-01-01 00:00:00.123456", 123456L)]
    [InlineData("1970-01-01T00:00:00.123456Z", 123456L)]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("1970-01-01T00:00:00.5Z", 500000L)]
    [InlineData("2024-02-29 13:05:00.000001", 1709211900000001L)]
    [InlineData("1969-12-31 23:59:59.999999", -1L)]
    [InlineData("1900-01-01 00:00:00", -2208988800000000L)]
    [InlineData("1970-1-1 0:0:1", 1000000L)]
    public void TimestampForms(string serialized, long expectedMicros)
    {
        Assert.Equal(expectedMicros, Micros(serialized));
    }

    [Theory]
    [InlineData("1970-01-01 00:00:00", 0L)]
    [InlineData("1970-01-01 00:00:00.123456", 123456L)]
    [InlineData("2000-01-01 01:02:03", 946688523000000L)]
    public void TimestampNtzForms(string serialized, long expectedMicros)
    {
        using var array = (PrimitiveArray<long>)PartitionValueParser.Constant(DeltaPrimitiveType.TimestampNtz, serialized, 1, null);
        Assert.Equal(expectedMicros, array.GetValue(0));
    }

    [Theory]
    [InlineData("1970-01-01", 0)]
    [InlineData("1969-12-31", -1)]
    [InlineData("1900-03-01", -25508)]
    [InlineData("0001-01-01", -719162)]
    [InlineData("1970-1-2", 1)]
    public void DatesIncludingBeforeTheEpoch(string serialized, int expectedDays)
    {
        using var array = (PrimitiveArray<int>)PartitionValueParser.Constant(DeltaPrimitiveType.Date, serialized, 1, null);
        Assert.Equal(expectedDays, array.GetValue(0));
    }

    [Theory]
    // "numeric types: the string representation of the number" — Java's BigDecimal.toString may use exponents.
    [InlineData("12.34", 10, 2, 1234)]
    [InlineData("-0.01", 10, 2, -1)]
    [InlineData("5", 10, 2, 500)]
    [InlineData("1.2E+3", 10, 2, 120000)]
    [InlineData("1.2E3", 10, 0, 1200)]
    [InlineData("1E-2", 10, 2, 1)]
    [InlineData("0E-10", 12, 10, 0)]
    public void DecimalForms(string serialized, int precision, int scale, long unscaled)
    {
        using var array = (DecimalArray)PartitionValueParser.Constant(new DeltaDecimalType(precision, scale), serialized, 1, null);
        Assert.Equal((Int128)unscaled, array.GetUnscaledInt128(0));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("TRUE", true)]
    [InlineData("False", false)]
    public void BooleanIsTrueOrFalseAnyCase(string serialized, bool expected)
    {
        using var array = (BooleanArray)PartitionValueParser.Constant(DeltaPrimitiveType.Boolean, serialized, 1, null);
        Assert.Equal(expected, array.GetValue(0));
    }

    [Fact]
    public void BinaryIsTheSpecsEscapedString()
    {
        // The spec's example "\u0001\u0002\u0003" is the bytes 1, 2, 3.
        using var array = (BinaryArray)PartitionValueParser.Constant(DeltaPrimitiveType.Binary, "\u0001\u0002\u0003", 1, null);
        Assert.Equal(new byte[] { 1, 2, 3 }, array.GetBytes(0).ToArray());
        // Delta Spark writes the UTF-8 decoding of the bytes (invalid bytes become U+FFFD); that must not fail.
        using var lossy = (BinaryArray)PartitionValueParser.Constant(DeltaPrimitiveType.Binary, "a\uFFFD", 1, null);
        Assert.Equal(new byte[] { 0x61, 0xEF, 0xBF, 0xBD }, lossy.GetBytes(0).ToArray());
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1.0E10")]
    [InlineData("-0.0")]
    public void DoubleStringForms(string serialized)
    {
        using var array = (PrimitiveArray<double>)PartitionValueParser.Constant(DeltaPrimitiveType.Double, serialized, 1, null);
        double expected = serialized switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, "1.0E10" => 1e10, _ => -0.0 };
        Assert.Equal(expected, array.GetValue(0));
    }

    [Theory]
    [InlineData("string")]
    [InlineData("integer")]
    [InlineData("date")]
    [InlineData("timestamp")]
    [InlineData("boolean")]
    [InlineData("binary")]
    public void EmptyStringIsNullForEveryType(string type)
    {
        // "An empty string for any type translates to a null partition value."
        DeltaDataType parsed = DeltaSchema.Parse(SpecTable.Schema(SpecTable.Field("p", "\"" + type + "\""))).Fields[0].Type;
        using ArrowArray array = PartitionValueParser.Constant(parsed, string.Empty, 2, null);
        Assert.Equal(2, array.NullCount);
    }

    [Fact]
    public async Task LogValuesWinOverAPartitionColumnStoredInTheDataFile()
    {
        // "Actual partition values for a file must be read from the transaction log." (Iceberg-compat writers also
        // materialise the partition column in the file.)
        await using var table = new SpecTable();
        RecordBatch batch = TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1, 2 }), true),
            ("p", TestArrays.String(new[] { "from-file", "from-file" }), true));
        long size = await table.PutParquetAsync("p=x/f.parquet", batch);
        string schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""), SpecTable.Field("p", "\"string\""));
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(schema, ["p"]),
            SpecTable.Add("p=x/f.parquet", size, new Dictionary<string, string?> { ["p"] = "from-log" }));
        Assert.Equal(new[] { "{\"id\":1,\"p\":\"from-log\"}", "{\"id\":2,\"p\":\"from-log\"}" }, await table.RowsAsync());
    }

    [Fact]
    public async Task SpecialCharactersNullsAndPercentEncodedPaths()
    {
        // Paths are RFC 2396 URIs that must be decoded; the directory names are only a convention.
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""), SpecTable.Field("p", "\"string\""), SpecTable.Field("d", "\"date\""));
        var lines = new List<string> { SpecTable.Protocol(1, 2), SpecTable.Metadata(schema, ["p", "d"]) };
        string[] values = ["a b/c=d%e", "Zürich #1", string.Empty];
        for (int i = 0; i < values.Length; i++)
        {
            RecordBatch batch = TestArrays.Batch(("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { i }), true));
            // The object's real (decoded) name has spaces, '%' and '#'; the log holds its URI encoding.
            string stored = $"p=odd dir {i}/f%{i} #ü.parquet";
            long size = await table.PutParquetAsync(stored, batch);
            string encoded = Uri.EscapeDataString(stored).Replace("%2F", "/", StringComparison.Ordinal);
            lines.Add(SpecTable.Add(encoded, size, new Dictionary<string, string?> { ["p"] = values[i], ["d"] = i == 0 ? "1969-07-20" : null }));
        }
        await table.CommitAsync(0, lines.ToArray());
        List<string> rows = await table.RowsAsync();
        rows.Sort(StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                "{\"id\":0,\"p\":\"a b/c=d%e\",\"d\":\"1969-07-20\"}",
                "{\"id\":1,\"p\":\"Zürich #1\",\"d\":null}",
                "{\"id\":2,\"p\":null,\"d\":null}",
            },
            rows);
    }
    [Theory]
    // ISO 8601 forms other writers produce: an explicit offset, milliseconds, no zone after 'T' (read as UTC like the
    // space form), lowercase 't'/'z' is not ISO and not produced.
    [InlineData("1970-01-01T01:00:00+01:00", 0L)]
    [InlineData("1970-01-01T00:00:00.123-02:30", 9000123000L)]
    [InlineData("1970-01-01T00:00:00.123Z", 123000L)]
    [InlineData("1970-01-01T00:00:00.123456", 123456L)]
    [InlineData("1970-01-01 00:00:00.1", 100000L)]
    public void TimestampFormsWithOffsetsAndOtherFractions(string serialized, long expectedMicros)
    {
        Assert.Equal(expectedMicros, Micros(serialized));
    }

    [Theory]
    [InlineData("byte", "-128", "-128")]
    [InlineData("short", "32767", "32767")]
    [InlineData("integer", "-2147483648", "-2147483648")]
    [InlineData("long", "9223372036854775807", "9223372036854775807")]
    [InlineData("float", "1.5", "1.5")]
    [InlineData("double", "-2.25E-5", "-2.25E-05")]
    [InlineData("string", " padded ", "\" padded \"")]
    public async Task EveryNumericTypeAndStringsAsPartitionColumns(string type, string serialized, string json)
    {
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", TestArrays.Batch(("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { 1 }), true)));
        string schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""), SpecTable.Field("p", "\"" + type + "\""));
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(schema, ["p"]),
            SpecTable.Add("f.parquet", size, new Dictionary<string, string?> { ["p"] = serialized }));
        List<string> rows = await table.RowsAsync();
        string value = Assert.Single(rows);
        Assert.StartsWith("{\"id\":1,\"p\":", value, StringComparison.Ordinal);
        string written = value.Substring("{\"id\":1,\"p\":".Length).TrimEnd('}');
        if (type is "float" or "double")
        {
            Assert.Equal(double.Parse(serialized, System.Globalization.CultureInfo.InvariantCulture), double.Parse(written, System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            Assert.Equal(json, written);
        }
    }

    [Fact]
    public async Task JsonNullAndAMissingKeyAreBothNull()
    {
        // A partition value may be JSON null or (from lax writers) absent from the map: both mean null, in the rows and
        // for partition pruning (IS NULL keeps them, = drops them).
        await using var table = new SpecTable();
        string schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""), SpecTable.Field("p", "\"integer\""));
        var lines = new List<string> { SpecTable.Protocol(1, 2), SpecTable.Metadata(schema, ["p"]) };
        for (int i = 0; i < 3; i++)
        {
            long size = await table.PutParquetAsync($"f{i}.parquet", TestArrays.Batch(("id", TestArrays.Primitive<long>(IntegerType.Int64, new long?[] { i }), true)));
            var values = i switch
            {
                0 => new Dictionary<string, string?> { ["p"] = "5" },
                1 => new Dictionary<string, string?> { ["p"] = null },
                _ => new Dictionary<string, string?>(),
            };
            lines.Add(SpecTable.Add($"f{i}.parquet", size, values));
        }
        await table.CommitAsync(0, lines.ToArray());
        List<string> rows = await table.RowsAsync();
        rows.Sort(StringComparer.Ordinal);
        Assert.Equal(new[] { "{\"id\":0,\"p\":5}", "{\"id\":1,\"p\":null}", "{\"id\":2,\"p\":null}" }, rows);
        List<string> nulls = await table.RowsAsync(new DeltaScanOptions { Filter = DeltaSharp.Expressions.DeltaExpressionParser.Parse("p IS NULL") });
        nulls.Sort(StringComparer.Ordinal);
        Assert.Equal(new[] { "{\"id\":1,\"p\":null}", "{\"id\":2,\"p\":null}" }, nulls);
        Assert.Equal(new[] { "{\"id\":0,\"p\":5}" }, await table.RowsAsync(new DeltaScanOptions { Filter = DeltaSharp.Expressions.DeltaExpressionParser.Parse("p = 5") }));
    }
}
