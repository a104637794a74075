using System;
using System.IO;
using System.Numerics;
using System.Text;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Formatting;

/// <summary>Each case is a row of the table in shared/docs/JSONL-FORMAT.md (or a rule stated under it).</summary>
public sealed class JsonLinesWriterTests : LeakCheckedTest
{
    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    [Fact]
    public void Null_OfAnyType()
    {
        Assert.Equal("{\"v\":null}\n", One(ArrowType.Int32, b => b.AppendNull()));
        Assert.Equal("{\"v\":null}\n", One(ArrowType.Utf8, b => b.AppendNull()));
        Assert.Equal("{\"v\":null}\n", One(new ListType(ArrowType.Int32), b => b.AppendNull()));
        Assert.Equal("{\"v\":null}\n", One(ArrowType.Null, b => b.AppendNull()));
    }

    [Fact]
    public void Boolean() => Assert.Equal("{\"v\":true}\n{\"v\":false}\n", Rows(ArrowType.Boolean, b =>
    {
        ((BooleanBuilder)b).Append(true);
        ((BooleanBuilder)b).Append(false);
    }));

    [Fact]
    public void Integers_Exact()
    {
        Assert.Equal("{\"v\":-9223372036854775808}\n", One(ArrowType.Int64, b => ((PrimitiveBuilder<long>)b).Append(long.MinValue)));
        Assert.Equal("{\"v\":18446744073709551615}\n", One(ArrowType.UInt64, b => ((PrimitiveBuilder<ulong>)b).Append(ulong.MaxValue)));
        Assert.Equal("{\"v\":-128}\n", One(ArrowType.Int8, b => ((PrimitiveBuilder<sbyte>)b).Append(sbyte.MinValue)));
        Assert.Equal("{\"v\":65535}\n", One(ArrowType.UInt16, b => ((PrimitiveBuilder<ushort>)b).Append(ushort.MaxValue)));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    public void Double_ShortestRoundTrip(double value, string expected)
    {
        string line = One(ArrowType.Float64, b => ((PrimitiveBuilder<double>)b).Append(value));
        Assert.Equal("{\"v\":" + expected + "}\n", line);
        if (double.IsFinite(value))
        {
            Assert.Equal(value, double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Float_UsesShortestFloatDigits()
    {
        Assert.Equal("{\"v\":0.1}\n", One(ArrowType.Float32, b => ((PrimitiveBuilder<float>)b).Append(0.1f)));
        Assert.Equal("{\"v\":\"NaN\"}\n", One(ArrowType.Float32, b => ((PrimitiveBuilder<float>)b).Append(float.NaN)));
        Assert.Equal("{\"v\":1.5}\n", One(ArrowType.Float16, b => ((PrimitiveBuilder<Half>)b).Append((Half)1.5f)));
    }

    [Theory]
    [InlineData(5, 3, "-12340", "\"-12.340\"")]
    [InlineData(5, 0, "5", "\"5\"")]
    [InlineData(5, 2, "5", "\"0.05\"")]
    [InlineData(5, 2, "-5", "\"-0.05\"")]
    [InlineData(38, 10, "-99999999999999999999999999999999999999", "\"-9999999999999999999999999999.9999999999\"")]
    [InlineData(4, 4, "0", "\"0.0000\"")]
    public void Decimal_ExactlyScaleDigits(int precision, int scale, string unscaled, string expected)
    {
        BigInteger value = BigInteger.Parse(unscaled, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("{\"v\":" + expected + "}\n", One(new DecimalType(precision, scale), b => ((DecimalBuilder)b).AppendUnscaled(value)));
        Assert.Equal("{\"v\":" + expected + "}\n", One(new DecimalType(precision, scale, 256), b => ((DecimalBuilder)b).AppendUnscaled(value)));
    }

    [Fact]
    public void String_EscapedUtf8()
    {
        Assert.Equal("{\"v\":\"Zürich\"}\n", One(ArrowType.Utf8, b => ((BinaryBuilder)b).Append("Zürich")));
        Assert.Equal("{\"v\":\"a\\\"b\\\\c\\nd\\te\\u0001\"}\n", One(ArrowType.LargeUtf8, b => ((BinaryBuilder)b).Append("a\"b\\c\nd\te\u0001")));
    }

    [Fact]
    public void Binary_Base64WithPadding()
    {
        Assert.Equal("{\"v\":\"AAEC\"}\n", One(ArrowType.Binary, b => ((BinaryBuilder)b).Append([0, 1, 2])));
        Assert.Equal("{\"v\":\"AAE=\"}\n", One(ArrowType.LargeBinary, b => ((BinaryBuilder)b).Append([0, 1])));
        Assert.Equal("{\"v\":\"/w==\"}\n", One(new FixedSizeBinaryType(1), b => ((FixedSizeBinaryBuilder)b).Append([0xFF])));
        Assert.Equal("{\"v\":\"\"}\n", One(ArrowType.Binary, b => ((BinaryBuilder)b).Append(ReadOnlySpan<byte>.Empty)));
    }

    [Fact]
    public void Date_IsoWithSignedYearsOutsideRange()
    {
        Assert.Equal("{\"v\":\"2024-02-29\"}\n", One(ArrowType.Date32, b => ((PrimitiveBuilder<int>)b).Append(Days(2024, 2, 29))));
        Assert.Equal("{\"v\":\"1970-01-01\"}\n", One(ArrowType.Date32, b => ((PrimitiveBuilder<int>)b).Append(0)));
        Assert.Equal("{\"v\":\"0001-01-01\"}\n", One(ArrowType.Date32, b => ((PrimitiveBuilder<int>)b).Append(Days(1, 1, 1))));
        Assert.Equal("{\"v\":\"9999-12-31\"}\n", One(ArrowType.Date32, b => ((PrimitiveBuilder<int>)b).Append(Days(9999, 12, 31))));
        Assert.Equal("{\"v\":\"+10000-01-01\"}\n", One(ArrowType.Date32, b => ((PrimitiveBuilder<int>)b).Append(Days(9999, 12, 31) + 1)));
        Assert.Equal("{\"v\":\"+0000-12-31\"}\n", One(ArrowType.Date32, b => ((PrimitiveBuilder<int>)b).Append(Days(1, 1, 1) - 1)));
        Assert.Equal("{\"v\":\"1969-12-31\"}\n", One(ArrowType.Date64, b => ((PrimitiveBuilder<long>)b).Append(-86_400_000L)));
    }

    [Fact]
    public void Timestamp_UtcWithZ_NtzWithout_SixOrNineDigits()
    {
        long micros = ((new DateTime(2024, 2, 29, 13, 5, 0, DateTimeKind.Utc) - Epoch).Ticks / 10) + 1;
        Assert.Equal("{\"v\":\"2024-02-29T13:05:00.000001Z\"}\n",
            One(new TimestampType(TimeUnit.Microsecond, "UTC"), b => ((PrimitiveBuilder<long>)b).Append(micros)));
        Assert.Equal("{\"v\":\"2024-02-29T13:05:00.000000\"}\n",
            One(new TimestampType(TimeUnit.Microsecond), b => ((PrimitiveBuilder<long>)b).Append(micros - 1)));
        Assert.Equal("{\"v\":\"2024-02-29T13:05:00.000001001Z\"}\n",
            One(new TimestampType(TimeUnit.Nanosecond, "+00:00"), b => ((PrimitiveBuilder<long>)b).Append((micros * 1000) + 1)));
        Assert.Equal("{\"v\":\"2024-02-29T13:05:00.123000\"}\n",
            One(new TimestampType(TimeUnit.Millisecond), b => ((PrimitiveBuilder<long>)b).Append(((micros - 1) / 1000) + 123)));
        Assert.Equal("{\"v\":\"1969-12-31T23:59:59.000000Z\"}\n",
            One(new TimestampType(TimeUnit.Second, "UTC"), b => ((PrimitiveBuilder<long>)b).Append(-1)));
        Assert.Equal("{\"v\":\"1969-12-31T23:59:59.999999\"}\n",
            One(new TimestampType(TimeUnit.Microsecond), b => ((PrimitiveBuilder<long>)b).Append(-1)));
        long year10000 = (long)(Days(9999, 12, 31) + 1) * 86_400_000_000L;
        Assert.Equal("{\"v\":\"+10000-01-01T00:00:00.000000Z\"}\n",
            One(new TimestampType(TimeUnit.Microsecond, "UTC"), b => ((PrimitiveBuilder<long>)b).Append(year10000)));
    }

    [Fact]
    public void Struct_ObjectInSchemaOrder()
    {
        StructType type = new([new Field("a", ArrowType.Int32), new Field("b", ArrowType.Utf8)]);
        Assert.Equal("{\"v\":{\"a\":1,\"b\":null}}\n", One(type, b =>
        {
            StructBuilder s = (StructBuilder)b;
            s.Append();
            s.GetFieldBuilder<PrimitiveBuilder<int>>(0).Append(1);
            s.GetFieldBuilder<BinaryBuilder>(1).AppendNull();
        }));
    }

    [Fact]
    public void Array_JsonArray()
    {
        Assert.Equal("{\"v\":[1,null,3]}\n{\"v\":[]}\n", Rows(new ListType(ArrowType.Int64), b =>
        {
            ListBuilder l = (ListBuilder)b;
            l.Append();
            PrimitiveBuilder<long> values = (PrimitiveBuilder<long>)l.Values;
            values.Append(1);
            values.AppendNull();
            values.Append(3);
            l.AppendEmpty();
        }));
        Assert.Equal("{\"v\":[\"x\",\"y\"]}\n", One(new FixedSizeListType(new Field("item", ArrowType.Utf8), 2), b =>
        {
            FixedSizeListBuilder l = (FixedSizeListBuilder)b;
            l.Append();
            ((BinaryBuilder)l.Values).Append("x");
            ((BinaryBuilder)l.Values).Append("y");
        }));
    }

    [Fact]
    public void Map_ArrayOfKeyValueObjectsInStoredOrder()
    {
        Assert.Equal("{\"v\":[{\"key\":\"x\",\"value\":1},{\"key\":\"a\",\"value\":null}]}\n", One(new MapType(ArrowType.Utf8, ArrowType.Int32), b =>
        {
            MapBuilder m = (MapBuilder)b;
            m.Append();
            ((BinaryBuilder)m.Keys).Append("x");
            ((PrimitiveBuilder<int>)m.Items).Append(1);
            ((BinaryBuilder)m.Keys).Append("a");
            ((PrimitiveBuilder<int>)m.Items).AppendNull();
        }));
    }

    [Fact]
    public void Dictionary_WritesDecodedValue()
    {
        Assert.Equal("{\"v\":\"green\"}\n{\"v\":null}\n", Rows(new DictionaryType(IntegerType.Int16, ArrowType.Utf8), b =>
        {
            DictionaryBuilder d = (DictionaryBuilder)b;
            ((BinaryBuilder)d.Dictionary).Append("red");
            ((BinaryBuilder)d.Dictionary).Append("green");
            d.AppendIndex(1);
            d.AppendNull();
        }));
    }

    [Fact]
    public void Rows_KeysInSchemaOrder_SlicedBatch_AllSinks()
    {
        Schema schema = new([new Field("id", ArrowType.Int64), new Field("näme \"q\"", ArrowType.Utf8)]);
        using PrimitiveBuilder<long> ids = new(ArrowType.Int64, Allocator);
        ids.AppendRange([1, 2, 3]);
        using BinaryBuilder names = new(ArrowType.Utf8, Allocator);
        names.Append("a");
        names.AppendNull();
        names.Append("c");
        using RecordBatch batch = new(schema, [ids.Build(), names.Build()], 3);
        using RecordBatch slice = batch.Slice(1, 2);
        const string Expected = "{\"id\":2,\"näme \\\"q\\\"\":null}\n{\"id\":3,\"näme \\\"q\\\"\":\"c\"}\n";

        using (MemoryStream stream = new())
        {
            using (JsonLinesWriter writer = new(stream))
            {
                writer.Write(slice);
            }
            Assert.Equal(Expected, Encoding.UTF8.GetString(stream.ToArray()));
        }
        System.Buffers.ArrayBufferWriter<byte> buffer = new();
        using (JsonLinesWriter writer = new(buffer))
        {
            writer.Write(batch, 1, 2);
        }
        Assert.Equal(Expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static int Days(int year, int month, int day) => (int)((new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) - Epoch).Ticks / TimeSpan.TicksPerDay);

    private string One(ArrowType type, Action<ArrowArrayBuilder> append) => Rows(type, append);

    private string Rows(ArrowType type, Action<ArrowArrayBuilder> append)
    {
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(type, Allocator);
        append(builder);
        int length = builder.Length;
        using RecordBatch batch = new(new Schema([new Field("v", type)]), [builder.Build()], length);
        using StringWriter text = new();
        using (JsonLinesWriter writer = new(text))
        {
            writer.Write(batch);
        }
        return text.ToString();
    }
}
