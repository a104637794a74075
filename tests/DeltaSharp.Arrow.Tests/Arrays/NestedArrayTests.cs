using System;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Arrays;

public sealed class NestedArrayTests : LeakCheckedTest
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ListOfInt_OffsetsAndSlices(bool large)
    {
        ListType type = new(ArrowType.Int32, large);
        using ListBuilder builder = new(type, Allocator);
        PrimitiveBuilder<int> values = (PrimitiveBuilder<int>)builder.Values;
        builder.Append();
        values.Append(1);
        values.Append(2);
        builder.AppendNull();
        builder.AppendEmpty();
        builder.Append();
        values.AppendNull();
        values.Append(4);
        using ListArray array = builder.Build();

        Assert.Equal(type, array.Type);
        Assert.Equal(4, array.Length);
        Assert.Equal(1, array.NullCount);
        if (large)
        {
            Assert.Equal(new long[] { 0, 2, 2, 2, 4 }, array.LargeValueOffsets.ToArray());
        }
        else
        {
            Assert.Equal(new[] { 0, 2, 2, 2, 4 }, array.ValueOffsets.ToArray());
        }
        Assert.Equal(2, array.GetValueLength(0));
        Assert.Equal(0, array.GetValueLength(1));
        Assert.True(array.IsNull(1));
        Assert.True(array.IsValid(2));
        using (ArrowArray last = array.GetSlot(3))
        {
            PrimitiveArray<int> lastInts = Assert.IsType<PrimitiveArray<int>>(last);
            Assert.Null(lastInts[0]);
            Assert.Equal(4, lastInts[1]);
        }
        array.Data.Validate();

        using ArrowArray sliced = array.Slice(2, 2);
        ListArray slice = Assert.IsType<ListArray>(sliced);
        Assert.Equal(0, slice.GetValueLength(0));
        Assert.Equal(2, slice.GetValueStart(1));
        Assert.Equal(2, slice.GetValueLength(1));
        Assert.Equal(0, slice.NullCount);
        slice.Data.Validate();
    }

    [Fact]
    public void List_BulkLengths()
    {
        using ListBuilder builder = new(new ListType(ArrowType.Int64), Allocator);
        builder.AppendLengths([2, 0, 3]);
        ((PrimitiveBuilder<long>)builder.Values).AppendRange([1, 2, 3, 4, 5]);
        builder.Append();
        ((PrimitiveBuilder<long>)builder.Values).Append(6);
        using ListArray array = builder.Build();
        Assert.Equal(new[] { 0, 2, 2, 5, 6 }, array.ValueOffsets.ToArray());
    }

    [Fact]
    public void List_MissingChildValuesIsAnError()
    {
        using ListBuilder builder = new(new ListType(ArrowType.Int64), Allocator);
        builder.AppendLengths([2]);
        ((PrimitiveBuilder<long>)builder.Values).Append(1);
        Assert.Throws<InvalidOperationException>(() => builder.BuildData());
    }

    [Fact]
    public void FixedSizeList()
    {
        using FixedSizeListBuilder builder = new(new FixedSizeListType(new Field("item", ArrowType.Float32), 2), Allocator);
        PrimitiveBuilder<float> values = (PrimitiveBuilder<float>)builder.Values;
        builder.Append();
        values.AppendRange([1f, 2f]);
        builder.AppendNull();
        builder.Append();
        values.Append(5f);
        values.AppendNull();
        using FixedSizeListArray array = builder.Build();
        Assert.Equal(6, array.Values.Length);
        Assert.True(array.IsNull(1));
        Assert.Equal(4, array.GetValueStart(2));
        Assert.Equal(5f, ((PrimitiveArray<float>)array.Values).GetValue(4));
        array.Data.Validate();
        using ArrowArray slice = array.Slice(2, 1);
        Assert.Equal(4, ((FixedSizeListArray)slice).GetValueStart(0));
    }

    [Fact]
    public void Struct_FieldsNullsAndSliceOffsets()
    {
        StructType type = new([new Field("a", ArrowType.Int32), new Field("b", ArrowType.Utf8)]);
        using StructBuilder builder = new(type, Allocator);
        PrimitiveBuilder<int> a = builder.GetFieldBuilder<PrimitiveBuilder<int>>(0);
        BinaryBuilder b = builder.GetFieldBuilder<BinaryBuilder>(1);
        builder.Append();
        a.Append(1);
        b.Append("x");
        builder.AppendNull();
        builder.Append();
        a.AppendNull();
        b.Append("z");
        using StructArray array = builder.Build();
        Assert.Equal(3, array.Length);
        Assert.Equal(1, array.NullCount);
        Assert.Equal(1, ((PrimitiveArray<int>)array.GetField("a"))[0]);
        Assert.True(array.GetField(0).IsNull(1));
        Assert.Equal("z", ((BinaryArray)array.GetField("b")).GetString(2));
        array.Data.Validate();

        using StructArray slice = array.Slice(2, 1);
        int slot = slice.GetFieldSlot(0);
        Assert.Equal(2, slot);
        Assert.Equal("z", ((BinaryArray)slice.GetField(1)).GetString(slot));
        Assert.Throws<ArgumentException>(() => slice.GetField("nope"));
    }

    [Fact]
    public void Struct_FieldLengthMismatchIsAnError()
    {
        using StructBuilder builder = new(new StructType([new Field("a", ArrowType.Int32)]), Allocator);
        builder.Append();
        Assert.Throws<InvalidOperationException>(() => builder.BuildData());
    }

    [Fact]
    public void Map_EntriesKeysItems()
    {
        MapType type = new(ArrowType.Utf8, ArrowType.Int64);
        using MapBuilder builder = new(type, Allocator);
        BinaryBuilder keys = (BinaryBuilder)builder.Keys;
        PrimitiveBuilder<long> items = (PrimitiveBuilder<long>)builder.Items;
        builder.Append();
        keys.Append("x");
        items.Append(1);
        keys.Append("y");
        items.AppendNull();
        builder.AppendNull();
        builder.Append();
        using MapArray array = builder.Build();
        Assert.Equal(3, array.Length);
        Assert.Equal(new[] { 0, 2, 2, 2 }, array.ValueOffsets.ToArray());
        Assert.Equal("y", ((BinaryArray)array.Keys).GetString(1));
        Assert.True(array.Items.IsNull(1));
        Assert.Equal(2, array.Entries.Length);
        Assert.Null(array.Entries.Data.Buffers[0]);
        array.Data.Validate();
    }

    [Fact]
    public void ListOfStructOfMap_RoundTripsThroughGenericBuilders()
    {
        MapType mapType = new(ArrowType.Utf8, ArrowType.Float64);
        StructType structType = new([new Field("id", ArrowType.Int64, false), new Field("tags", mapType)]);
        ListType listType = new(new Field("element", structType));
        using ArrowArrayBuilder generic = ArrowArrayBuilder.Create(listType, Allocator);
        ListBuilder list = Assert.IsType<ListBuilder>(generic);
        StructBuilder st = (StructBuilder)list.Values;
        PrimitiveBuilder<long> ids = st.GetFieldBuilder<PrimitiveBuilder<long>>(0);
        MapBuilder tags = st.GetFieldBuilder<MapBuilder>(1);

        for (int row = 0; row < 50; row++)
        {
            if (row % 10 == 9)
            {
                list.AppendNull();
                continue;
            }
            list.Append();
            for (int e = 0; e < row % 3; e++)
            {
                st.Append();
                ids.Append(row * 100 + e);
                tags.Append();
                for (int t = 0; t < e; t++)
                {
                    ((BinaryBuilder)tags.Keys).Append("k" + t);
                    ((PrimitiveBuilder<double>)tags.Items).Append(t / 2.0);
                }
            }
        }
        using ArrowArray built = generic.Build();
        built.Data.Validate();
        ListArray array = Assert.IsType<ListArray>(built);
        Assert.Equal(50, array.Length);
        Assert.Equal(5, array.NullCount);
        StructArray structs = (StructArray)array.Values;
        MapArray maps = (MapArray)structs.GetField("tags");
        PrimitiveArray<long> idArray = (PrimitiveArray<long>)structs.GetField("id");
        // Row 47: 47 % 3 == 2 entries → ids 4700, 4701; the second has one tag k0 = 0.0.
        int start = array.GetValueStart(47);
        Assert.Equal(2, array.GetValueLength(47));
        Assert.Equal(4700, idArray.GetValue(start));
        Assert.Equal(4701, idArray.GetValue(start + 1));
        Assert.Equal(0, maps.GetValueLength(start));
        Assert.Equal(1, maps.GetValueLength(start + 1));
        int tagStart = maps.GetValueStart(start + 1);
        Assert.Equal("k0", ((BinaryArray)maps.Keys).GetString(tagStart));
        Assert.Equal(0.0, ((PrimitiveArray<double>)maps.Items).GetValue(tagStart));

        using ArrowArray slice = array.Slice(40, 10);
        slice.Data.Validate();
        Assert.Equal(1, slice.NullCount);
        Assert.Equal(2, ((ListArray)slice).GetValueLength(7));
    }

    [Fact]
    public void Dictionary_BuildAndCreate()
    {
        DictionaryType type = new(IntegerType.Int32, ArrowType.Utf8);
        using DictionaryBuilder builder = new(type, Allocator);
        ((BinaryBuilder)builder.Dictionary).Append("red");
        ((BinaryBuilder)builder.Dictionary).Append("green");
        builder.AppendIndices([1, 0, 1]);
        builder.AppendNull();
        using DictionaryArray array = builder.Build();
        Assert.Equal(4, array.Length);
        Assert.Equal(1, array.NullCount);
        Assert.Equal(1, array.GetIndex(2));
        Assert.Equal("green", ((BinaryArray)array.Dictionary).GetString((int)array.GetIndex(0)));
        array.Data.Validate();
        using DictionaryArray slice = array.Slice(1, 2);
        Assert.Equal(0, slice.GetIndex(0));

        builder.AppendIndex(5);
        Assert.Throws<InvalidOperationException>(() => builder.BuildData());
        builder.Clear();

        using PrimitiveBuilder<sbyte> indices = new(ArrowType.Int8, Allocator);
        indices.AppendRange([0, 0]);
        using BinaryBuilder dict = new(ArrowType.Utf8, Allocator);
        dict.Append("only");
        using DictionaryArray created = DictionaryArray.Create(new DictionaryType(IntegerType.Int8, ArrowType.Utf8), indices.Build(), dict.Build());
        Assert.Equal("only", ((BinaryArray)created.Dictionary).GetString(0));
        created.Data.Validate();
    }

    [Fact]
    public void BorrowedChildren_DisposeIsNoOp_RetainOutlivesParent()
    {
        StructType type = new([new Field("a", ArrowType.Int32)]);
        using StructBuilder builder = new(type, Allocator);
        builder.Append();
        builder.GetFieldBuilder<PrimitiveBuilder<int>>(0).Append(42);
        StructArray array = builder.Build();
        ArrowArray child = array.GetField(0);
        Assert.False(child.OwnsData);
        child.Dispose();
        Assert.Equal(42, ((PrimitiveArray<int>)array.GetField(0)).GetValue(0));
        ArrowArray kept = child.Retain();
        array.Dispose();
        array.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ((PrimitiveArray<int>)child).GetValue(0));
        Assert.Equal(42, ((PrimitiveArray<int>)kept).GetValue(0));
        kept.Dispose();
    }
}
