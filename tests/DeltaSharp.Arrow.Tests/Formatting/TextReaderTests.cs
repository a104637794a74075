using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Formatting;

/// <summary>
/// <see cref="JsonLinesReader"/> and <see cref="CsvReader"/>: hand-written input in the forms of
/// shared/docs/JSONL-FORMAT.md is parsed and printed again with <see cref="JsonLinesWriter"/> (itself checked
/// against the spec's table), so the expected text is the spec's, written by hand here.
/// </summary>
public sealed class TextReaderTests : LeakCheckedTest
{
    private static readonly Schema AllTypes = new(
    [
        new Field("b", ArrowType.Boolean),
        new Field("i8", ArrowType.Int8),
        new Field("i16", ArrowType.Int16),
        new Field("i32", ArrowType.Int32),
        new Field("i64", ArrowType.Int64),
        new Field("f32", ArrowType.Float32),
        new Field("f64", ArrowType.Float64),
        new Field("dec", new DecimalType(10, 3)),
        new Field("s", ArrowType.Utf8),
        new Field("bin", ArrowType.Binary),
        new Field("d", ArrowType.Date32),
        new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC")),
        new Field("ntz", new TimestampType(TimeUnit.Microsecond)),
        new Field("st", new StructType([new Field("x", ArrowType.Int32), new Field("y", ArrowType.Utf8)])),
        new Field("arr", new ListType(ArrowType.Int64)),
        new Field("m", new MapType(ArrowType.Utf8, ArrowType.Int32)),
    ]);

    private const string CanonicalRows =
        """
        {"b":true,"i8":-128,"i16":32767,"i32":-2147483648,"i64":-9223372036854775808,"f32":1.5,"f64":0.1,"dec":"-12.340","s":"Zürich \"q\" \\ \n","bin":"AAEC","d":"2024-02-29","ts":"2024-02-29T13:05:00.000001Z","ntz":"2024-02-29T13:05:00.000000","st":{"x":1,"y":null},"arr":[1,null,3],"m":[{"key":"x","value":1},{"key":"y","value":null}]}
        {"b":null,"i8":null,"i16":null,"i32":null,"i64":null,"f32":"NaN","f64":"-Infinity","dec":null,"s":null,"bin":null,"d":null,"ts":null,"ntz":null,"st":null,"arr":null,"m":null}
        {"b":false,"i8":0,"i16":0,"i32":0,"i64":9223372036854775807,"f32":"Infinity","f64":-0,"dec":"0.000","s":"","bin":"","d":"0001-01-01","ts":"1969-12-31T23:59:59.999999Z","ntz":"9999-12-31T23:59:59.999999","st":{"x":null,"y":"z"},"arr":[],"m":[]}

        """;

    [Fact]
    public async Task JsonLines_CanonicalRowsReadBackToTheSameText()
    {
        string printed = await RoundTripJsonLinesAsync(CanonicalRows.Replace("\r\n", "\n"), AllTypes, batchSize: 2);
        Assert.Equal(CanonicalRows.Replace("\r\n", "\n"), printed);
    }

    [Fact]
    public async Task JsonLines_AcceptsTheLenientFormsAndMissingKeys()
    {
        var schema = new Schema(
        [
            new Field("Id", ArrowType.Int64),
            new Field("dec", new DecimalType(5, 2)),
            new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC")),
            new Field("m", new MapType(ArrowType.Utf8, ArrowType.Int32)),
            new Field("f", ArrowType.Float64),
        ]);
        string input = "{\"id\":7,\"dec\":1.5,\"ts\":\"2024-01-01 01:00:00+01:00\",\"m\":{\"a\":1},\"f\":\"2.5\"}\r\n\n   \n{\"dec\":\"3\"}";
        string printed = await RoundTripJsonLinesAsync(input, schema, batchSize: 100);
        Assert.Equal(
            "{\"Id\":7,\"dec\":\"1.50\",\"ts\":\"2024-01-01T00:00:00.000000Z\",\"m\":[{\"key\":\"a\",\"value\":1}],\"f\":2.5}\n" +
            "{\"Id\":null,\"dec\":\"3.00\",\"ts\":null,\"m\":null,\"f\":null}\n", printed);
    }

    [Fact]
    public async Task JsonLines_BatchesAreCutAtTheRequestedSizeWhateverTheReadSizes()
    {
        var schema = new Schema([new Field("id", ArrowType.Int64), new Field("s", ArrowType.Utf8)]);
        var input = new StringBuilder();
        for (int i = 0; i < 2_345; i++)
        {
            input.Append("{\"id\":").Append(i).Append(",\"s\":\"").Append(new string('x', i % 50)).Append("\"}\n");
        }
        var lengths = new List<int>();
        var output = new StringWriter();
        using (var writer = new JsonLinesWriter(output))
        {
            await foreach (RecordBatch batch in JsonLinesReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(input.ToString()), 7), schema, 1000, Allocator, TestContext.Current.CancellationToken))
            {
                using (batch)
                {
                    lengths.Add(batch.Length);
                    writer.Write(batch);
                }
            }
        }
        Assert.Equal([1000, 1000, 345], lengths);
        Assert.Equal(input.ToString(), output.ToString());
    }

    [Theory]
    [InlineData("{\"b\":1}", "line 1: field 'b': expected true or false")]
    [InlineData("{\"i8\":128}", "line 1: field 'i8': '128' is not a byte")]
    [InlineData("{\"dec\":\"1.2345\"}", "line 1: field 'dec': '1.2345' has more than 3 digits after the point")]
    [InlineData("{\"dec\":\"12345678.1\"}", "does not fit decimal(10,3)")]
    [InlineData("{\"d\":\"2023-02-29\"}", "'2023-02-29' is not a date")]
    [InlineData("{\"ntz\":\"2024-01-01T00:00:00Z\"}", "the column is a timestamp without time zone")]
    [InlineData("{\"ts\":\"2024-01-01T00:00:00.0000001Z\"}", "more precise than the column's Microsecond unit")]
    [InlineData("{\"bin\":\"***\"}", "is not base64")]
    [InlineData("{\"nope\":1}", "line 1: unknown field 'nope'")]
    [InlineData("{\"b\":true,\"b\":false}", "field 'b' appears twice")]
    [InlineData("[1]", "a row must be a JSON object")]
    [InlineData("{\"b\":true} x", "not valid JSON")]
    [InlineData("{\"b\":tru", "not valid JSON")]
    [InlineData("{\"m\":[{\"key\":null,\"value\":1}]}", "map keys must not be null")]
    [InlineData("{\"st\":{\"x\":1,\"z\":2}}", "field 'st': unknown field 'z'")]
    public async Task JsonLines_BadRowsNameTheLineAndTheProblem(string line, string expected)
    {
        var ex = await Assert.ThrowsAsync<TextRowFormatException>(() => RoundTripJsonLinesAsync("{\"b\":true}\n\n" + line + "\n", AllTypes, 10));
        Assert.Contains(expected.Replace("line 1", "line 3"), ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public async Task Csv_ParsesQuotesNullsNestedJsonAndMultiLineFields()
    {
        var schema = new Schema(
        [
            new Field("id", ArrowType.Int64),
            new Field("name", ArrowType.Utf8),
            new Field("price", new DecimalType(10, 2)),
            new Field("when", new TimestampType(TimeUnit.Microsecond, "UTC")),
            new Field("tags", new ListType(ArrowType.Utf8)),
            new Field("absent", ArrowType.Int32),
        ]);
        string csv =
            "\uFEFFID,Name,price,when,tags\r\n" +
            "1,\"a \"\"quoted\"\", name\",12.5,2024-02-29 13:05:00.000001Z,\"[\"\"x\"\",\"\"y\"\"]\"\r\n" +
            "2,,0.1,2024-01-01T00:00:00-01:30,\n" +
            "3,\"\",-3,,[]\n" +
            "4,\"two\nlines\",,1970-01-01,\"[null]\"";
        string printed = await RoundTripCsvAsync(csv, schema, ',');
        Assert.Equal(
            "{\"id\":1,\"name\":\"a \\\"quoted\\\", name\",\"price\":\"12.50\",\"when\":\"2024-02-29T13:05:00.000001Z\",\"tags\":[\"x\",\"y\"],\"absent\":null}\n" +
            "{\"id\":2,\"name\":null,\"price\":\"0.10\",\"when\":\"2024-01-01T01:30:00.000000Z\",\"tags\":null,\"absent\":null}\n" +
            "{\"id\":3,\"name\":\"\",\"price\":\"-3.00\",\"when\":null,\"tags\":[],\"absent\":null}\n" +
            "{\"id\":4,\"name\":\"two\\nlines\",\"price\":null,\"when\":\"1970-01-01T00:00:00.000000Z\",\"tags\":[null],\"absent\":null}\n", printed);
    }

    [Fact]
    public async Task Csv_ReadsWhatCsvWriterWrites()
    {
        var schema = new Schema([new Field("i", ArrowType.Int32), new Field("f", ArrowType.Float64), new Field("s", ArrowType.Utf8), new Field("d", ArrowType.Date32)]);
        var jsonl = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            jsonl.Append("{\"i\":").Append(i).Append(",\"f\":").Append(i % 3 == 0 ? "\"NaN\"" : (i * 0.1).ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                .Append(",\"s\":").Append(i % 5 == 0 ? "null" : "\"v,\\\"" + i + "\\n\"").Append(",\"d\":\"2024-03-").Append((i % 28 + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("\"}\n");
        }
        var csv = new StringWriter();
        using (var csvWriter = new CsvWriter(csv))
        {
            await foreach (RecordBatch batch in JsonLinesReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(jsonl.ToString())), schema, 64, Allocator, TestContext.Current.CancellationToken))
            {
                using (batch)
                {
                    csvWriter.Write(batch);
                }
            }
        }
        Assert.Equal(jsonl.ToString(), await RoundTripCsvAsync(csv.ToString(), schema, ','));
    }

    [Theory]
    [InlineData("id,nope\n1,2\n", 1, "nope", "the header names a column the schema does not have")]
    [InlineData("id,id\n1,2\n", 1, "id", "the header names the column twice")]
    [InlineData("id,name\n1,a\nx,b\n", 3, "id", "'x' is not a long")]
    [InlineData("id,name\n1,\"a\nb\"\n2,c,d\n", 4, null, "the record has 3 fields, the header 2")]
    [InlineData("id,name\n1,\"abc\n", 2, null, "a quoted field is never closed")]
    [InlineData("id,name\n1,\"ab\"c\n", 2, null, "unexpected text after a closing quote")]
    [InlineData("", 1, null, "the input is empty")]
    public async Task Csv_BadInputNamesTheLineAndColumn(string csv, long line, string? column, string expected)
    {
        var schema = new Schema([new Field("id", ArrowType.Int64), new Field("name", ArrowType.Utf8)]);
        var ex = await Assert.ThrowsAsync<TextRowFormatException>(() => RoundTripCsvAsync(csv, schema, ','));
        Assert.Contains(expected, ex.Message);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
    }

    [Fact]
    public async Task Csv_TabDelimitedAndTrickledInput()
    {
        var schema = new Schema([new Field("a", ArrowType.Int32), new Field("b", ArrowType.Utf8)]);
        var tsv = new StringBuilder("a\tb\n");
        var expected = new StringBuilder();
        for (int i = 0; i < 3_000; i++)
        {
            tsv.Append(i).Append('\t').Append("\"x\ty\"").Append('\n');
            expected.Append("{\"a\":").Append(i).Append(",\"b\":\"x\\ty\"}\n");
        }
        var output = new StringWriter();
        using (var writer = new JsonLinesWriter(output))
        {
            await foreach (RecordBatch batch in CsvReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(tsv.ToString()), 5), schema, '\t', 777, Allocator, TestContext.Current.CancellationToken))
            {
                using (batch)
                {
                    writer.Write(batch);
                }
            }
        }
        Assert.Equal(expected.ToString(), output.ToString());
    }

    private async Task<string> RoundTripJsonLinesAsync(string input, Schema schema, int batchSize)
    {
        var output = new StringWriter();
        using (var writer = new JsonLinesWriter(output))
        {
            await foreach (RecordBatch batch in JsonLinesReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), schema, batchSize, Allocator, TestContext.Current.CancellationToken))
            {
                using (batch)
                {
                    writer.Write(batch);
                }
            }
        }
        return output.ToString();
    }

    private async Task<string> RoundTripCsvAsync(string input, Schema schema, char delimiter)
    {
        var output = new StringWriter();
        using (var writer = new JsonLinesWriter(output))
        {
            await foreach (RecordBatch batch in CsvReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(input)), schema, delimiter, 2, Allocator, TestContext.Current.CancellationToken))
            {
                using (batch)
                {
                    writer.Write(batch);
                }
            }
        }
        return output.ToString();
    }

    /// <summary>A stream that returns at most a few bytes per read, so records straddle every buffer boundary.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
