using System;
using System.Numerics;
using System.Text;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Arrays;

public sealed class BinaryArrayTests : LeakCheckedTest
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Strings_OffsetsDataAndSlices(bool large)
    {
        using BinaryBuilder builder = new(large ? ArrowType.LargeUtf8 : ArrowType.Utf8, Allocator);
        builder.Append("Zürich");
        builder.AppendNull();
        builder.Append(string.Empty);
        builder.Append("a€𝄞");
        using BinaryArray array = builder.Build();

        Assert.Equal(4, array.Length);
        Assert.Equal(1, array.NullCount);
        Assert.Equal("Zürich", array.GetString(0));
        Assert.Null(array.GetString(1));
        Assert.Equal(string.Empty, array.GetString(2));
        Assert.Equal("a€𝄞", array.GetString(3));
        Assert.Equal(3, array.Data.Buffers.Count);
        int zurich = Encoding.UTF8.GetByteCount("Zürich");
        if (large)
        {
            Assert.Equal(new long[] { 0, zurich, zurich, zurich, zurich + 8 }, array.LargeValueOffsets.ToArray());
            Assert.Throws<InvalidOperationException>(() => array.ValueOffsets.Length);
        }
        else
        {
            Assert.Equal(new[] { 0, zurich, zurich, zurich, zurich + 8 }, array.ValueOffsets.ToArray());
        }
        array.Data.Validate();

        using BinaryArray slice = array.Slice(1, 3);
        Assert.Null(slice.GetString(0));
        Assert.Equal("a€𝄞", slice.GetString(2));
        Assert.Equal(1, slice.NullCount);
        slice.Data.Validate();
    }

    [Fact]
    public void Binary_BulkAppendAndValueSpan()
    {
        using BinaryBuilder builder = new(ArrowType.Binary, Allocator);
        builder.AppendValues([1, 2, 3, 4, 5, 6], [2, 0, 4]);
        Span<byte> span = builder.AppendValueSpan(2);
        span[0] = 0xFF;
        span[1] = 0xFE;
        builder.AppendNulls(2);
        using BinaryArray array = builder.Build();
        Assert.Equal(new byte[] { 1, 2 }, array.GetBytes(0).ToArray());
        Assert.True(array.GetBytes(1).IsEmpty);
        Assert.Equal(new byte[] { 3, 4, 5, 6 }, array.GetBytes(2).ToArray());
        Assert.Equal(new byte[] { 0xFF, 0xFE }, array.GetBytes(3).ToArray());
        Assert.True(array.IsNull(4) && array.IsNull(5));
        Assert.Throws<ArgumentException>(() => builder.AppendValues([1, 2], [3]));
    }

    [Fact]
    public void FixedSizeBinary()
    {
        using FixedSizeBinaryBuilder builder = new(new FixedSizeBinaryType(3), Allocator);
        builder.Append([1, 2, 3]);
        builder.AppendNull();
        builder.AppendSpan(1).Fill(9);
        Assert.Throws<ArgumentException>(() => builder.Append([1]));
        using FixedSizeBinaryArray array = builder.Build();
        Assert.Equal(new byte[] { 1, 2, 3 }, array.GetBytes(0).ToArray());
        Assert.True(array.IsNull(1));
        Assert.Equal(new byte[] { 0, 0, 0 }, array.GetBytes(1).ToArray());
        Assert.Equal(new byte[] { 9, 9, 9 }, array.GetBytes(2).ToArray());
        using FixedSizeBinaryArray slice = array.Slice(2, 1);
        Assert.Equal(new byte[] { 9, 9, 9 }, slice.GetBytes(0).ToArray());
        array.Data.Validate();
    }

    [Fact]
    public void Decimal128_ValuesAndFormatting()
    {
        DecimalType type = new(10, 3);
        using DecimalBuilder builder = new(type, Allocator);
        builder.Append(-12.34m);
        builder.AppendUnscaled((Int128)5);
        builder.AppendNull();
        builder.AppendBigEndianUnscaled([0xFF, 0x85]); // -123
        builder.AppendUnscaled(BigInteger.Parse("9999999999", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Throws<ArgumentException>(() => builder.Append(1.2345m));
        using DecimalArray array = builder.Build();
        Assert.Equal("-12.340", array.GetString(0));
        Assert.Equal(-12340, array.GetUnscaledInt128(0));
        Assert.Equal("0.005", array.GetString(1));
        Assert.Null(array.GetString(2));
        Assert.Equal("-0.123", array.GetString(3));
        Assert.Equal(-0.123m, array.GetDecimal(3));
        Assert.Equal("9999999.999", array.GetString(4));
        Assert.Equal(16, array.GetBytes(0).Length);
        array.Data.Validate();
    }

    [Fact]
    public void Decimal256_WideValues()
    {
        DecimalType type = new(76, 0, 256);
        BigInteger big = BigInteger.Pow(10, 75) * -1;
        using DecimalBuilder builder = new(type, Allocator);
        builder.AppendUnscaled(big);
        builder.AppendUnscaled((Int128)(-1));
        using DecimalArray array = builder.Build();
        Assert.Equal(big, array.GetUnscaled(0));
        Assert.Equal("-1" + new string('0', 75), array.GetString(0));
        Assert.Equal(BigInteger.MinusOne, array.GetUnscaled(1));
        Assert.Throws<InvalidOperationException>(() => array.GetUnscaledInt128(0));
        Assert.Throws<OverflowException>(() => builder.AppendUnscaled(BigInteger.Pow(2, 256)));
    }

    [Fact]
    public void StringView_ReadsInlineAndReferencedValues()
    {
        // Hand-built per the Arrow spec: a 16-byte view per slot; <= 12 bytes inline, else prefix/buffer/offset.
        byte[] data = Encoding.UTF8.GetBytes("xxThis string is long");
        byte[] views = new byte[48];
        BitConverter.TryWriteBytes(views.AsSpan(0), 5);
        Encoding.UTF8.GetBytes("short").CopyTo(views, 4);
        BitConverter.TryWriteBytes(views.AsSpan(16), 19);
        Encoding.UTF8.GetBytes("This").CopyTo(views, 20);
        BitConverter.TryWriteBytes(views.AsSpan(24), 0);
        BitConverter.TryWriteBytes(views.AsSpan(28), 2);
        byte[] validity = [0b011];
        ArrayData arrayData = new(ArrowType.Utf8View, 3, ArrayData.UnknownNullCount, 0,
            [ArrowBuffer.CopyFrom(validity, Allocator), ArrowBuffer.CopyFrom(views, Allocator), ArrowBuffer.CopyFrom(data, Allocator)]);
        using ArrowArray array = ArrowArray.FromData(arrayData);
        BinaryViewArray view = Assert.IsType<BinaryViewArray>(array);
        array.Data.Validate();
        Assert.Equal("short", view.GetString(0));
        Assert.Equal("This string is long", view.GetString(1));
        Assert.Null(view.GetString(2));
        Assert.Equal(1, view.NullCount);
        using BinaryViewArray slice = view.Slice(1, 1);
        Assert.Equal("This string is long", slice.GetString(0));
    }
}
