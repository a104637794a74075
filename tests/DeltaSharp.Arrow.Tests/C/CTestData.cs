using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Tests.C;

/// <summary>
/// Deterministic test batches whose every value is a formula of the row number, so expectations are computed from
/// the formulas (independent truth), never read back from the arrays under test.
/// </summary>
internal static class CTestData
{
    internal static readonly string[] Colors = ["red", "green", "blue"];

    internal static Schema Schema { get; } = new(
    [
        new Field("id", ArrowType.Int64, nullable: false),
        new Field("value", ArrowType.Float64),
        new Field("name", ArrowType.Utf8),
        new Field("flag", ArrowType.Boolean),
        new Field("tags", new ListType(new Field("item", ArrowType.Int32))),
        new Field("point", new StructType([new Field("x", ArrowType.Int32), new Field("y", ArrowType.Utf8)])),
        new Field("category", new DictionaryType(ArrowType.Int32, ArrowType.Utf8)),
        new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC")),
    ],
    [new KeyValuePair<string, string>("origin", "deltasharp-test")]);

    internal static bool ValueIsNull(long row) => row % 7 == 0;

    internal static double Value(long row) => row * 0.5;

    internal static bool NameIsNull(long row) => row % 5 == 0;

    internal static string Name(long row) => "row-" + row;

    internal static bool Flag(long row) => row % 3 == 0;

    internal static bool TagsIsNull(long row) => row % 11 == 0;

    internal static int TagCount(long row) => (int)(row % 4);

    internal static long Timestamp(long row) => 1_700_000_000_000_000 + row;

    /// <summary>Rows <c>[start, start + length)</c> as a batch on <paramref name="allocator"/>.</summary>
    internal static RecordBatch Batch(long start, int length, ArrowAllocator allocator)
    {
        using var id = new PrimitiveBuilder<long>(ArrowType.Int64, allocator);
        using var value = new PrimitiveBuilder<double>(ArrowType.Float64, allocator);
        using var name = new BinaryBuilder(BinaryType.Utf8, allocator);
        using var flag = new BooleanBuilder(allocator);
        using var tags = new ListBuilder((ListType)Schema.Fields[4].DataType, allocator);
        using var point = new StructBuilder((StructType)Schema.Fields[5].DataType, allocator);
        using var category = new DictionaryBuilder((DictionaryType)Schema.Fields[6].DataType, allocator);
        using var ts = new PrimitiveBuilder<long>(Schema.Fields[7].DataType, allocator);
        var tagValues = (PrimitiveBuilder<int>)tags.Values;
        var dictionaryValues = (BinaryBuilder)category.Dictionary;
        foreach (string color in Colors)
        {
            dictionaryValues.Append(color);
        }
        for (long row = start; row < start + length; row++)
        {
            id.Append(row);
            if (ValueIsNull(row))
            {
                value.AppendNull();
            }
            else
            {
                value.Append(Value(row));
            }
            name.Append(NameIsNull(row) ? null : Name(row));
            flag.Append(Flag(row));
            if (TagsIsNull(row))
            {
                tags.AppendNull();
            }
            else
            {
                tags.Append();
                for (int t = 0; t < TagCount(row); t++)
                {
                    tagValues.Append((int)row + t);
                }
            }
            point.Append();
            point.GetFieldBuilder<PrimitiveBuilder<int>>(0).Append((int)row);
            point.GetFieldBuilder<BinaryBuilder>(1).Append("y" + (row % 3));
            category.AppendIndex(row % 3);
            ts.Append(Timestamp(row));
        }
        return new RecordBatch(Schema,
        [
            id.Build(), value.Build(), name.Build(), flag.Build(), tags.Build(), point.Build(), category.Build(), ts.Build(),
        ], length);
    }

    /// <summary>Aggregates over rows <c>[0, rows)</c>, from the formulas.</summary>
    internal static Aggregates Expected(long rows)
    {
        var a = new Aggregates();
        for (long row = 0; row < rows; row++)
        {
            a.Count++;
            a.SumId += row;
            if (!ValueIsNull(row))
            {
                a.SumValue += Value(row);
            }
            if (!NameIsNull(row))
            {
                a.CountName++;
                a.SumNameLength += Name(row).Length;
            }
            if (Flag(row))
            {
                a.CountFlag++;
            }
            if (!TagsIsNull(row))
            {
                a.SumTagCount += TagCount(row);
            }
            a.SumX += row;
            if (row % 3 == 1)
            {
                a.CountGreen++;
            }
            a.MaxTs = Timestamp(row);
        }
        return a;
    }

    internal sealed class Aggregates
    {
        public long Count;
        public long SumId;
        public double SumValue;
        public long CountName;
        public long SumNameLength;
        public long CountFlag;
        public long SumTagCount;
        public long SumX;
        public long CountGreen;
        public long MaxTs;

        public override string ToString() =>
            $"count={Count} sumId={SumId} sumValue={SumValue} countName={CountName} sumNameLength={SumNameLength} countFlag={CountFlag} sumTags={SumTagCount} sumX={SumX} green={CountGreen} maxTs={MaxTs}";
    }
}
