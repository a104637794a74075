using System;
using System.Collections.Generic;
using System.IO;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Arrays;

/// <summary>Filter and concatenate are checked row by row against the JSON Lines of the input rows (the JSONL
/// writer is checked against the spec separately), over a batch holding every buildable type.</summary>
public sealed class ArrayOperationsTests : LeakCheckedTest
{
    [Fact]
    public void Filter_KeepsExactlySelectedRowsOfEveryType()
    {
        using RecordBatch batch = AllTypes(37);
        byte[] selection = new byte[5];
        List<int> kept = [];
        for (int i = 0; i < 37; i++)
        {
            if (i % 3 != 1 && i != 20)
            {
                selection[i >> 3] |= (byte)(1 << (i & 7));
                kept.Add(i);
            }
        }
        string[] input = Lines(batch);
        using RecordBatch filtered = ArrayOperations.Filter(batch, selection, Allocator);
        Assert.Equal(kept.Count, filtered.Length);
        string[] output = Lines(filtered);
        for (int k = 0; k < kept.Count; k++)
        {
            Assert.Equal(input[kept[k]], output[k]);
        }
        foreach (ArrowArray column in filtered.Columns)
        {
            column.Data.Validate();
        }
    }

    [Fact]
    public void Filter_OnSlicedBatch_AndSelectAllEqualsSource()
    {
        using RecordBatch batch = AllTypes(30);
        using RecordBatch slice = batch.Slice(5, 20);
        byte[] all = [0xFF, 0xFF, 0xFF];
        using RecordBatch same = ArrayOperations.Filter(slice, all, Allocator);
        ArrowAssert.Equal(slice, same);
        Assert.Equal(Lines(slice), Lines(same));
        using RecordBatch none = ArrayOperations.Filter(slice, new byte[3], Allocator);
        Assert.Equal(0, none.Length);
        Assert.Throws<ArgumentException>(() => ArrayOperations.Filter(slice, new byte[2], Allocator));
    }

    [Fact]
    public void Concatenate_AppendsBatchesInOrder()
    {
        using RecordBatch a = AllTypes(11);
        using RecordBatch b = AllTypes(14);
        using RecordBatch bSlice = b.Slice(3, 9);
        using RecordBatch joined = ArrayOperations.Concatenate([a, bSlice], Allocator);
        Assert.Equal(20, joined.Length);
        string[] expected = [.. Lines(a), .. Lines(bSlice)];
        Assert.Equal(expected, Lines(joined));
        foreach (ArrowArray column in joined.Columns)
        {
            column.Data.Validate();
        }
    }

    [Fact]
    public void AppendFrom_RejectsOtherTypes()
    {
        using PrimitiveBuilder<int> ints = new(ArrowType.Int32, Allocator);
        ints.Append(1);
        using PrimitiveArray<int> source = ints.Build();
        using PrimitiveBuilder<int> dates = new(ArrowType.Date32, Allocator);
        Assert.Throws<ArgumentException>(() => dates.AppendFrom(source, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ints.AppendRangeFrom(source, 1, 1));
    }

    private static string[] Lines(RecordBatch batch)
    {
        using StringWriter text = new();
        using (JsonLinesWriter writer = new(text))
        {
            writer.Write(batch);
        }
        string all = text.ToString();
        return all.Length == 0 ? [] : all.TrimEnd('\n').Split('\n');
    }

    private RecordBatch AllTypes(int rows)
    {
        StructType structType = new([new Field("a", ArrowType.Int16), new Field("b", ArrowType.Utf8)]);
        MapType mapType = new(ArrowType.Utf8, ArrowType.Int32);
        DictionaryType dictType = new(IntegerType.Int8, ArrowType.Utf8);
        Field[] fields =
        [
            new("i64", ArrowType.Int64), new("s", ArrowType.Utf8), new("ls", ArrowType.LargeUtf8), new("b", ArrowType.Boolean),
            new("f64", ArrowType.Float64), new("dec", new DecimalType(12, 2)), new("d", ArrowType.Date32),
            new("ts", new TimestampType(TimeUnit.Microsecond, "UTC")), new("bin", new FixedSizeBinaryType(2)),
            new("list", new ListType(ArrowType.Int32)), new("fsl", new FixedSizeListType(new Field("item", ArrowType.UInt8), 2)),
            new("st", structType), new("map", mapType), new("dict", dictType), new("nul", ArrowType.Null),
        ];
        ArrowArray[] columns = new ArrowArray[fields.Length];
        for (int c = 0; c < fields.Length; c++)
        {
            using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(fields[c].DataType, Allocator);
            for (int r = 0; r < rows; r++)
            {
                if ((r + c) % 5 == 4 || c == 14)
                {
                    builder.AppendNull();
                    continue;
                }
                AppendValue(builder, r);
            }
            columns[c] = builder.Build();
        }
        return new RecordBatch(new Schema(fields), columns, rows);
    }

    private static void AppendValue(ArrowArrayBuilder builder, int r)
    {
        switch (builder)
        {
            case PrimitiveBuilder<long> p:
                p.Append((r * 1_000_003L) - 7);
                break;
            case PrimitiveBuilder<double> p:
                p.Append(r / 3.0);
                break;
            case PrimitiveBuilder<int> p:
                p.Append(19_000 + r);
                break;
            case BinaryBuilder s:
                s.Append("row-" + r);
                break;
            case BooleanBuilder b:
                b.Append(r % 2 == 0);
                break;
            case DecimalBuilder d:
                d.AppendUnscaled((Int128)(r * -1234));
                break;
            case FixedSizeBinaryBuilder f:
                f.Append([(byte)r, (byte)(r * 2)]);
                break;
            case ListBuilder l:
                l.Append();
                for (int k = 0; k < r % 4; k++)
                {
                    if (k == 2)
                    {
                        l.Values.AppendNull();
                    }
                    else
                    {
                        ((PrimitiveBuilder<int>)l.Values).Append(r + k);
                    }
                }
                break;
            case FixedSizeListBuilder f:
                f.Append();
                ((PrimitiveBuilder<byte>)f.Values).Append((byte)r);
                ((PrimitiveBuilder<byte>)f.Values).Append((byte)(r + 1));
                break;
            case StructBuilder s:
                s.Append();
                s.GetFieldBuilder<PrimitiveBuilder<short>>(0).Append((short)-r);
                if (r % 2 == 0)
                {
                    s.GetFieldBuilder<BinaryBuilder>(1).AppendNull();
                }
                else
                {
                    s.GetFieldBuilder<BinaryBuilder>(1).Append("b" + r);
                }
                break;
            case MapBuilder m:
                m.Append();
                for (int k = 0; k < r % 3; k++)
                {
                    ((BinaryBuilder)m.Keys).Append("k" + k);
                    ((PrimitiveBuilder<int>)m.Items).Append(r * k);
                }
                break;
            case DictionaryBuilder d:
                if (d.Dictionary.Length == 0)
                {
                    ((BinaryBuilder)d.Dictionary).Append("red");
                    ((BinaryBuilder)d.Dictionary).Append("green");
                    ((BinaryBuilder)d.Dictionary).Append("blue");
                }
                d.AppendIndex(r % 3);
                break;
            default:
                throw new InvalidOperationException(builder.GetType().Name);
        }
    }
}
