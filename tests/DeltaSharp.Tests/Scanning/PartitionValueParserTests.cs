using System;
using DeltaSharp.Arrow;
using DeltaSharp.Schema;
using DeltaSharp.Scanning;
using Xunit;

namespace DeltaSharp.Tests.Scanning;

public sealed class PartitionValueParserTests
{
    private static T Single<T>(DeltaDataType type, string? value)
        where T : ArrowArray
    {
        ArrowArray array = PartitionValueParser.Constant(type, value, 3, null);
        Assert.Equal(3, array.Length);
        return Assert.IsType<T>(array);
    }

    [Fact]
    public void ParsesEveryPartitionType()
    {
        using (PrimitiveArray<long> l = Single<PrimitiveArray<long>>(DeltaPrimitiveType.Long, "-9223372036854775808"))
        {
            Assert.Equal(long.MinValue, l.GetValue(2));
        }
        using (PrimitiveArray<int> i = Single<PrimitiveArray<int>>(DeltaPrimitiveType.Integer, "42"))
        {
            Assert.Equal(42, i.GetValue(0));
        }
        using (PrimitiveArray<sbyte> b = Single<PrimitiveArray<sbyte>>(DeltaPrimitiveType.Byte, "-1"))
        {
            Assert.Equal(-1, b.GetValue(1));
        }
        using (PrimitiveArray<double> d = Single<PrimitiveArray<double>>(DeltaPrimitiveType.Double, "2021.0"))
        {
            Assert.Equal(2021.0, d.GetValue(0));
        }
        using (BooleanArray flag = Single<BooleanArray>(DeltaPrimitiveType.Boolean, "true"))
        {
            Assert.True(flag.GetValue(2));
        }
        using (BinaryArray s = Single<BinaryArray>(DeltaPrimitiveType.String, "a=b/c"))
        {
            Assert.Equal("a=b/c", s.GetString(1));
        }
        using (BinaryArray bin = Single<BinaryArray>(DeltaPrimitiveType.Binary, "\u0001\u0002\u00ff"))
        {
            Assert.Equal(new byte[] { 1, 2, 0xC3, 0xBF }, bin.GetBytes(0).ToArray());
        }
        using (PrimitiveArray<int> date = Single<PrimitiveArray<int>>(DeltaPrimitiveType.Date, "2021-09-08"))
        {
            Assert.Equal(18878, date.GetValue(0));
        }
        using (DecimalArray dec = Single<DecimalArray>(new DeltaDecimalType(10, 2), "-12.5"))
        {
            Assert.Equal((Int128)(-1250), dec.GetUnscaledInt128(0));
        }
    }

    [Theory]
    [InlineData("1970-01-01 00:00:00", 0L)]
    [InlineData("1970-01-01 00:00:00.123456", 123456L)]
    [InlineData("1970-01-01T00:00:01.5Z", 1_500_000L)]
    [InlineData("1970-01-01T01:00:00+01:00", 0L)]
    [InlineData("2021-09-08 11:11:11", 1631099471000000L)]
    public void TimestampsAreUtcMicroseconds(string text, long micros)
    {
        Assert.Equal(micros, PartitionValueParser.ParseTimestampMicros(text));
        using PrimitiveArray<long> ts = Single<PrimitiveArray<long>>(DeltaPrimitiveType.TimestampNtz, text);
        Assert.Equal(micros, ts.GetValue(0));
    }

    [Fact]
    public void DecimalsKeepEveryDigit()
    {
        Assert.Equal(Int128.Parse("12345678901234567890123456789012345678", System.Globalization.CultureInfo.InvariantCulture),
            PartitionValueParser.ParseDecimal("12345678901234567890123456789012.345678", 6, 38));
        Assert.Equal((Int128)100, PartitionValueParser.ParseDecimal("1E+2", 0, 5));
        Assert.Equal((Int128)15, PartitionValueParser.ParseDecimal("1.50", 1, 5));
        Assert.Equal((Int128)(-5), PartitionValueParser.ParseDecimal("-0.5", 1, 5));
        Assert.Throws<FormatException>(() => PartitionValueParser.ParseDecimal("1.55", 1, 5));
        Assert.Throws<FormatException>(() => PartitionValueParser.ParseDecimal("123456", 0, 5));
        Assert.Throws<FormatException>(() => PartitionValueParser.ParseDecimal("1.2.3", 2, 5));
    }

    [Fact]
    public void NullAndEmptyAreNull()
    {
        using ArrowArray nulls = PartitionValueParser.Constant(DeltaPrimitiveType.Integer, null, 2, null);
        Assert.Equal(2, nulls.NullCount);
        using ArrowArray empty = PartitionValueParser.Constant(DeltaPrimitiveType.String, string.Empty, 2, null);
        Assert.Equal(2, empty.NullCount);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("1.5")]
    public void InvalidValuesAreRejected(string text)
    {
        Assert.ThrowsAny<FormatException>(() => PartitionValueParser.Constant(DeltaPrimitiveType.Integer, text, 1, null));
    }
}
