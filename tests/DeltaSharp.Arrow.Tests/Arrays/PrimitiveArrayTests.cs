using System;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Arrays;

public sealed class PrimitiveArrayTests : LeakCheckedTest
{
    [Fact]
    public void Int64_AppendReadSliceWithNulls()
    {
        using PrimitiveBuilder<long> builder = new(ArrowType.Int64, Allocator);
        builder.Append(1);
        builder.AppendNull();
        builder.Append(long.MinValue);
        builder.AppendRange([4, 5, 6]);
        builder.Append((long?)null);
        using PrimitiveArray<long> array = builder.Build();

        Assert.Equal(7, array.Length);
        Assert.Equal(2, array.NullCount);
        Assert.Equal(new long?[] { 1, null, long.MinValue, 4, 5, 6, null }, ReadAll(array));
        Assert.Equal(0, array.Values[1]); // null slots hold zero
        Assert.Equal(2, array.Data.Buffers.Count);
        Assert.NotNull(array.Data.Buffers[0]);

        using PrimitiveArray<long> slice = array.Slice(1, 4);
        Assert.Equal(1, slice.Offset);
        Assert.Equal(1, slice.NullCount);
        Assert.Equal(new long?[] { null, long.MinValue, 4, 5 }, ReadAll(slice));
        Assert.Equal(new long[] { 0, long.MinValue, 4, 5 }, slice.Values.ToArray());
        Assert.Equal(array.Data.Buffers[1]!.Address, slice.Data.Buffers[1]!.Address);
    }

    [Fact]
    public void NoNulls_HasNoValidityBuffer()
    {
        using PrimitiveBuilder<double> builder = new(ArrowType.Float64, Allocator);
        builder.AppendRange([1.5, double.NaN, -0.0]);
        using PrimitiveArray<double> array = builder.Build();
        Assert.Null(array.Data.Buffers[0]);
        Assert.Equal(0, array.NullCount);
        Assert.True(double.IsNaN(array.GetValue(1)));
        Assert.True(array.IsValid(2));
    }

    [Fact]
    public void AppendSpan_BulkWithValidityBitmap()
    {
        using PrimitiveBuilder<int> builder = new(ArrowType.Int32, Allocator);
        Span<int> dense = builder.AppendSpan(3);
        dense[0] = 10;
        dense[1] = 20;
        dense[2] = 30;
        byte[] validity = [0b0000_0101]; // valid, null, valid
        Span<int> sparse = builder.AppendSpan(3, validity, 0);
        Assert.Equal(0, sparse[1]);
        sparse[0] = 40;
        sparse[2] = 60;
        using PrimitiveArray<int> array = builder.Build();
        Assert.Equal(new int?[] { 10, 20, 30, 40, null, 60 }, ReadAll(array));
    }

    [Fact]
    public void Builder_IsReusableAfterBuild()
    {
        using PrimitiveBuilder<short> builder = new(ArrowType.Int16, Allocator);
        builder.AppendNull();
        using PrimitiveArray<short> first = builder.Build();
        builder.Append(7);
        using PrimitiveArray<short> second = builder.Build();
        Assert.Equal(new short?[] { null }, ReadAll(first));
        Assert.Equal(new short?[] { 7 }, ReadAll(second));
        Assert.Null(second.Data.Buffers[0]);
    }

    [Fact]
    public void AllWidthsAndTemporalTypes()
    {
        Check<sbyte>(ArrowType.Int8, sbyte.MinValue);
        Check<byte>(ArrowType.UInt8, byte.MaxValue);
        Check<short>(ArrowType.Int16, short.MinValue);
        Check<ushort>(ArrowType.UInt16, ushort.MaxValue);
        Check<int>(ArrowType.Int32, int.MinValue);
        Check<uint>(ArrowType.UInt32, uint.MaxValue);
        Check<long>(ArrowType.Int64, long.MinValue);
        Check<ulong>(ArrowType.UInt64, ulong.MaxValue);
        Check<Half>(ArrowType.Float16, (Half)1.5f);
        Check<float>(ArrowType.Float32, float.Epsilon);
        Check<double>(ArrowType.Float64, double.MaxValue);
        Check<int>(ArrowType.Date32, -719162);
        Check<long>(ArrowType.Date64, 86_400_000L);
        Check<int>(new TimeType(TimeUnit.Millisecond), 86_399_999);
        Check<long>(new TimeType(TimeUnit.Nanosecond), 86_399_999_999_999L);
        Check<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), 1_700_000_000_000_000L);
        Check<long>(new TimestampType(TimeUnit.Second), -1L);
        Check<long>(new DurationType(TimeUnit.Nanosecond), long.MaxValue);
    }

    [Fact]
    public void WrongWidth_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new PrimitiveBuilder<int>(ArrowType.Int64, Allocator));
        Assert.Throws<ArgumentException>(() => new PrimitiveBuilder<byte>(ArrowType.Boolean, Allocator));
    }

    [Fact]
    public void Boolean_BitPackedWithNulls()
    {
        using BooleanBuilder builder = new(Allocator);
        bool?[] expected = new bool?[70];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = i % 7 == 0 ? null : i % 3 == 0;
            builder.Append(expected[i]);
        }
        using BooleanArray array = builder.Build();
        Assert.Equal(10, array.NullCount);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], array[i]);
        }
        using BooleanArray slice = array.Slice(13, 20);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(expected[13 + i], slice[i]);
        }
        Assert.Equal(3, slice.NullCount);
        // Bit-level: value 3 is true → byte 0 bit 3.
        Assert.True((array.ValueBitmap[0] & (1 << 3)) != 0);
    }

    [Fact]
    public void Boolean_BulkFromBitmap()
    {
        using BooleanBuilder builder = new(Allocator);
        builder.AppendBits([0b1111_0000, 0b0000_0011], 3, 9);
        builder.AppendRange([true, false]);
        builder.AppendNulls(2);
        using BooleanArray array = builder.Build();
        Assert.Equal(new bool?[] { false, true, true, true, true, true, true, false, false, true, false, null, null }, ReadAll(array));
    }

    [Fact]
    public void NullArray_HasNoBuffers()
    {
        using NullBuilder builder = new();
        builder.AppendNulls(5);
        using ArrowArray array = builder.Build();
        Assert.IsType<NullArray>(array);
        Assert.Equal(5, array.NullCount);
        Assert.Empty(array.Data.Buffers);
        Assert.True(array.IsNull(4));
        using ArrowArray slice = array.Slice(1, 2);
        Assert.Equal(2, slice.NullCount);
        array.Data.Validate();
    }

    private void Check<T>(ArrowType type, T value)
        where T : unmanaged
    {
        using PrimitiveBuilder<T> builder = (PrimitiveBuilder<T>)ArrowArrayBuilder.Create(type, Allocator);
        builder.Append(value);
        builder.AppendNull();
        builder.Append(default(T));
        using ArrowArray built = builder.Build();
        PrimitiveArray<T> array = Assert.IsType<PrimitiveArray<T>>(built);
        Assert.Equal(type, array.Type);
        Assert.Equal(value, array.GetValue(0));
        Assert.Null(array[1]);
        Assert.Equal(default(T), array[2]);
        array.Data.Validate();
    }

    private static T?[] ReadAll<T>(PrimitiveArray<T> array)
        where T : unmanaged
    {
        T?[] result = new T?[array.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = array[i];
        }
        return result;
    }

    private static bool?[] ReadAll(BooleanArray array)
    {
        bool?[] result = new bool?[array.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = array[i];
        }
        return result;
    }
}
