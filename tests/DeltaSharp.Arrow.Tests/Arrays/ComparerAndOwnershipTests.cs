using System;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Arrays;

public sealed class ComparerAndOwnershipTests : LeakCheckedTest
{
    [Fact]
    public void Comparer_IgnoresOffsetsAndFindsDifferences()
    {
        using PrimitiveBuilder<int> builder = new(ArrowType.Int32, Allocator);
        builder.AppendRange([9, 1, 2]);
        builder.AppendNull();
        using PrimitiveArray<int> source = builder.Build();
        using PrimitiveArray<int> slice = source.Slice(1, 3);

        builder.AppendRange([1, 2]);
        builder.AppendNull();
        using PrimitiveArray<int> same = builder.Build();
        Assert.True(ArrowComparer.ArrayEquals(same, slice));

        builder.AppendRange([1, 3]);
        builder.AppendNull();
        using PrimitiveArray<int> different = builder.Build();
        Assert.Equal("slot 1: expected 2, actual 3", ArrowComparer.Difference(slice, different));

        builder.AppendRange([1, 2, 0]);
        using PrimitiveArray<int> notNull = builder.Build();
        Assert.Equal("slot 2: expected null, actual a value", ArrowComparer.Difference(slice, notNull));
    }

    [Fact]
    public void Comparer_NestedPaths()
    {
        StructType type = new([new Field("xs", new ListType(ArrowType.Utf8))]);
        using ArrowArray a = BuildStruct(type, "p", "q");
        using ArrowArray b = BuildStruct(type, "p", "r");
        Assert.Equal("slot 0: field 'xs': item 1: expected bytes 71, actual 72", ArrowComparer.Difference(a, b));
        using ArrowArray c = BuildStruct(type, "p", "q");
        Assert.True(ArrowComparer.ArrayEquals(a, c));
    }

    [Fact]
    public void BuilderDispose_FreesPartialNestedData()
    {
        ListBuilder builder = new(new ListType(new StructType([new Field("s", ArrowType.Utf8), new Field("m", new MapType(ArrowType.Int32, ArrowType.Float64))])), Allocator);
        StructBuilder st = (StructBuilder)builder.Values;
        builder.Append();
        st.Append();
        st.GetFieldBuilder<BinaryBuilder>(0).Append("hello");
        MapBuilder map = st.GetFieldBuilder<MapBuilder>(1);
        map.Append();
        ((PrimitiveBuilder<int>)map.Keys).Append(1);
        ((PrimitiveBuilder<double>)map.Items).AppendNull();
        Assert.True(Allocator.LiveAllocations > 0);
        builder.Dispose();
        builder.Dispose();
        Assert.Equal(0, Allocator.LiveAllocations);
    }

    [Fact]
    public void SlicesReleasedOnOtherThreads_FreeEverythingOnce()
    {
        BinaryArray array;
        using (BinaryBuilder builder = new(ArrowType.Utf8, Allocator))
        {
            for (int i = 0; i < 1000; i++)
            {
                builder.Append("v" + i);
            }
            array = builder.Build();
        }
        BinaryArray[] slices = new BinaryArray[64];
        for (int i = 0; i < slices.Length; i++)
        {
            slices[i] = array.Slice(i, 10);
        }
        array.Dispose();
        using Barrier barrier = new(4);
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            barrier.SignalAndWait();
            for (int i = worker; i < slices.Length; i += 4)
            {
                Assert.Equal("v" + (i + 3), slices[i].GetString(3));
                slices[i].Dispose();
            }
        });
        Assert.Equal(0, Allocator.LiveAllocations);
    }

    [Fact]
    public void RecordBatch_DisposedTwiceAcrossThreads()
    {
        using PrimitiveBuilder<long> b = new(ArrowType.Int64, Allocator);
        b.AppendRange([1, 2, 3]);
        RecordBatch batch = new(new Schema([new Field("a", ArrowType.Int64)]), [b.Build()], 3);
        Parallel.For(0, 8, _ => batch.Dispose());
        Assert.Equal(0, Allocator.LiveAllocations);
    }

    [Fact]
    public void BuiltArraysOwnTheirBuffers_AndThrowAfterDispose()
    {
        PrimitiveArray<long> array;
        BinaryArray strings;
        using (PrimitiveBuilder<long> builder = new(ArrowType.Int64, Allocator))
        using (BinaryBuilder stringBuilder = new(ArrowType.Utf8, Allocator))
        {
            builder.AppendRange([5, 6]);
            array = builder.Build();
            stringBuilder.Append("kept");
            strings = stringBuilder.Build();
        }
        Assert.Equal(6, array.GetValue(1));
        Assert.Equal("kept", strings.GetString(0));
        Assert.True(Allocator.LiveAllocations > 0);
        array.Dispose();
        strings.Dispose();
        Assert.Equal(0, Allocator.LiveAllocations);
        Assert.Throws<ObjectDisposedException>(() => array.Values.Length);
        Assert.Throws<ObjectDisposedException>(() => array.GetValue(0));
        Assert.Throws<ObjectDisposedException>(() => strings.GetString(0));
        Assert.Throws<ObjectDisposedException>(() => array.Slice(0, 1));
    }

    [Fact]
    public void DisposedBuilder_Throws()
    {
        PrimitiveBuilder<int> builder = new(ArrowType.Int32, Allocator);
        builder.Append(1);
        builder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => builder.Append(2));
        Assert.Throws<ObjectDisposedException>(() => builder.BuildData());
        Assert.Equal(0, Allocator.LiveAllocations);
    }

    private StructArray BuildStruct(StructType type, string first, string second)
    {
        using StructBuilder builder = new(type, Allocator);
        ListBuilder list = builder.GetFieldBuilder<ListBuilder>(0);
        builder.Append();
        list.Append();
        ((BinaryBuilder)list.Values).Append(first);
        ((BinaryBuilder)list.Values).Append(second);
        return builder.Build();
    }
}
