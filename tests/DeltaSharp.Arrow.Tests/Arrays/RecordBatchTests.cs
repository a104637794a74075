using System;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Arrays;

public sealed class RecordBatchTests : LeakCheckedTest
{
    [Fact]
    public void OwnsColumns_SlicesShareMemory()
    {
        Schema schema = new([new Field("id", ArrowType.Int64, false), new Field("name", ArrowType.Utf8)], [new("k", "v")]);
        RecordBatch batch = Make(schema);
        Assert.Equal(3, batch.Length);
        Assert.Equal(2, batch.ColumnCount);
        Assert.Equal(1, schema.GetFieldIndex("name"));
        Assert.Equal("c", ((BinaryArray)batch.Column("name")).GetString(2));

        RecordBatch slice = batch.Slice(1, 2);
        batch.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batch.Column(0));
        Assert.Equal(2, slice.Length);
        Assert.Equal(3, ((PrimitiveArray<long>)slice.Column(0)).GetValue(1));
        Assert.Null(((BinaryArray)slice.Column(1)).GetString(0));
        slice.Dispose();
        slice.Dispose();
    }

    [Fact]
    public void RejectsMismatchedColumns()
    {
        Schema schema = new([new Field("id", ArrowType.Int64)]);
        using PrimitiveBuilder<long> b = new(ArrowType.Int64, Allocator);
        b.Append(1);
        using PrimitiveArray<long> column = b.Build();
        Assert.Throws<ArgumentException>(() => new RecordBatch(schema, [column], 2));
        Assert.Throws<ArgumentException>(() => new RecordBatch(new Schema([new Field("id", ArrowType.Int32)]), [column], 1));
        Assert.Throws<ArgumentException>(() => new RecordBatch(schema, [], 1));
    }

    [Fact]
    public void SchemaAndFieldEquality()
    {
        Field a = new("x", new ListType(new TimestampType(TimeUnit.Microsecond, "UTC")), true, [new("m", "1")]);
        Field b = new("x", new ListType(new TimestampType(TimeUnit.Microsecond, "UTC")), true, [new("m", "1")]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, b.WithMetadata(null));
        Assert.NotEqual(a, b.WithName("y"));
        Assert.NotEqual(a, new Field("x", new ListType(new TimestampType(TimeUnit.Microsecond)), true, [new("m", "1")]));
        Assert.Equal(new Schema([a]), new Schema([b]));
        Assert.Equal("1", a.GetMetadata("m"));
        Assert.Equal("x: list<item: timestamp[us, tz=UTC]>", a.ToString());
        Assert.Equal(new DecimalType(5, 2), new DecimalType(5, 2));
        Assert.NotEqual<ArrowType>(new DecimalType(5, 2), new DecimalType(5, 2, 256));
        Assert.Equal(new MapType(ArrowType.Utf8, ArrowType.Int32), new MapType(ArrowType.Utf8, ArrowType.Int32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecimalType(39, 0));
    }

    private RecordBatch Make(Schema schema)
    {
        using PrimitiveBuilder<long> ids = new(ArrowType.Int64, Allocator);
        ids.AppendRange([1, 2, 3]);
        using BinaryBuilder names = new(ArrowType.Utf8, Allocator);
        names.Append("a");
        names.AppendNull();
        names.Append("c");
        return new RecordBatch(schema, [ids.Build(), names.Build()], 3);
    }
}
