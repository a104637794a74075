using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Sources;
using DeltaSharp.Parquet.Writer;
using Xunit;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary>Files written by the writer read back by our own Arrow-level <see cref="ParquetReader"/>: the same
/// values (compared through the JSON-lines rendering) and the same Arrow types.</summary>
public sealed class ReaderRoundTripTests
{
    private static string Render(IEnumerable<RecordBatch> batches)
    {
        var text = new StringWriter();
        using (var writer = new JsonLinesWriter(text))
        {
            foreach (RecordBatch batch in batches)
            {
                writer.Write(batch);
            }
        }
        return text.ToString();
    }

    private static async Task<(Schema Schema, string Rows)> RoundTrip(RecordBatch batch, ParquetWriterOptions options)
    {
        var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, batch.Schema, options, leaveOpen: true))
        {
            writer.WriteBatch(batch);
            writer.Close();
        }
        await using ParquetReader reader = await ParquetReader.OpenAsync(new MemoryParquetSource(stream.ToArray()), cancellationToken: TestContext.Current.CancellationToken);
        var read = new List<RecordBatch>();
        try
        {
            await foreach (RecordBatch b in reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                read.Add(b);
            }
            return (reader.Schema, Render(read));
        }
        finally
        {
            foreach (RecordBatch b in read)
            {
                b.Dispose();
            }
        }
    }

    public static IEnumerable<TheoryDataRow<ParquetCompressionCodec, int, bool>> Layouts()
    {
        yield return new(ParquetCompressionCodec.Snappy, 1, true);
        yield return new(ParquetCompressionCodec.Zstd, 2, false);
        yield return new(ParquetCompressionCodec.Gzip, 1, false);
        yield return new(ParquetCompressionCodec.Uncompressed, 2, true);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task EveryTypeRoundTripsThroughOurReader(ParquetCompressionCodec codec, int version, bool dictionary)
    {
        Field[] structFields = [new("a", ArrowType.Int64, true), new("b", ArrowType.Utf8, false)];
        using RecordBatch batch = TestArrays.Batch(
            ("i8", TestArrays.Primitive<sbyte>(ArrowType.Int8, [sbyte.MinValue, null, 0, sbyte.MaxValue]), true),
            ("i16", TestArrays.Primitive<short>(ArrowType.Int16, [short.MinValue, 1, null, short.MaxValue]), true),
            ("i32", TestArrays.Primitive<int>(ArrowType.Int32, [int.MinValue, 2, 3, int.MaxValue]), false),
            ("i64", TestArrays.Primitive<long>(ArrowType.Int64, [long.MinValue, null, -1, long.MaxValue]), true),
            ("u8", TestArrays.Primitive<byte>(ArrowType.UInt8, [0, 200, null, 255]), true),
            ("u16", TestArrays.Primitive<ushort>(ArrowType.UInt16, [0, 60000, null, 65535]), true),
            ("u32", TestArrays.Primitive<uint>(ArrowType.UInt32, [0, 4000000000, null, uint.MaxValue]), true),
            ("u64", TestArrays.Primitive<ulong>(ArrowType.UInt64, [0, 18000000000000000000, null, ulong.MaxValue]), true),
            ("f32", TestArrays.Primitive<float>(ArrowType.Float32, [1.5f, null, -0.25f, 3f]), true),
            ("f64", TestArrays.Primitive<double>(ArrowType.Float64, [1e300, -2.5, null, 0.0]), true),
            ("b", TestArrays.Boolean([true, false, null, true]), true),
            ("s", TestArrays.String(["héllo", null, "", "wörld ✓"]), true),
            ("bin", TestArrays.Binary(BinaryType.Binary, [[0, 1, 255], null, [], [65]]), true),
            ("d32", TestArrays.Primitive<int>(ArrowType.Date32, [0, 19723, null, -1]), true),
            ("ts_us_utc", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), [0, 1_700_000_000_123_456, null, -1]), true),
            ("ts_ns", TestArrays.Primitive<long>(new TimestampType(TimeUnit.Nanosecond), [0, 1_700_000_000_123_456_789, null, 5]), true),
            ("dec9", TestArrays.Decimal128(9, 2, [1234567.89m, -0.01m, null, 0m]), true),
            ("dec18", TestArrays.Decimal128(18, 4, [12345678901234.5678m, -1m, null, 0.0001m]), true),
            ("dec38", TestArrays.Decimal128(38, 10, [1234567890123456.0123456789m, -99999999999999.9999999999m, null, 0m]), true),
            ("fsb", TestArrays.FixedBinary(3, [[1, 2, 3], null, [0, 0, 0], [255, 255, 255]]), true),
            ("l", TestArrays.List(TestArrays.Primitive<int>(ArrowType.Int32, [1, null, 3, 4]), [0, 3, 3, 3, 4], [true, false, true, true]), true),
            ("st", TestArrays.Struct(structFields, [TestArrays.Primitive<long>(ArrowType.Int64, [1, null, 3, 4]), TestArrays.String(["x", "y", "z", "w"])], [true, true, false, true]), true),
            ("m", TestArrays.Map(TestArrays.String(["k1", "k2", "k3"]), TestArrays.Primitive<int>(ArrowType.Int32, [1, null, 3]), [0, 2, 2, 2, 3], [true, true, false, true]), true));
        var options = new ParquetWriterOptions
        {
            Compression = codec,
            DataPageVersion = version == 1 ? ParquetDataPageVersion.V1 : ParquetDataPageVersion.V2,
            EnableDictionary = dictionary,
        };

        (Schema schema, string rows) = await RoundTrip(batch, options);

        Assert.Equal(Render([batch]), rows);
        for (int i = 0; i < batch.Schema.Fields.Count; i++)
        {
            Field expected = batch.Schema.Fields[i];
            Field actual = schema.Fields[i];
            Assert.Equal(expected.Name, actual.Name);
            if (expected.DataType is not (MapType or ListType or StructType))
            {
                Assert.Equal(expected.DataType.ToString(), actual.DataType.ToString());
            }
        }
    }

    [Fact]
    public async Task ManyPagesRowGroupsAndDictionaryFallbackRoundTrip()
    {
        int n = 30_000;
        var ints = new long?[n];
        var strings = new string?[n];
        for (int i = 0; i < n; i++)
        {
            ints[i] = i % 5 == 0 ? null : i * 7L;
            strings[i] = i % 9 == 0 ? null : (i % 3 == 0 ? "repeat" : "unique-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using RecordBatch batch = TestArrays.Batch(("i", TestArrays.Primitive<long>(ArrowType.Int64, ints), true), ("s", TestArrays.String(strings), true));
        var options = new ParquetWriterOptions { DataPageSize = 2048, RowGroupMaxRows = 7_000, DictionaryPageSizeLimit = 4096 };

        (_, string rows) = await RoundTrip(batch, options);

        Assert.Equal(Render([batch]), rows);
    }
}
