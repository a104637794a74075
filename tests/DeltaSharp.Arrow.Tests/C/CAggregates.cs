using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Tests.C;

/// <summary>Computes <see cref="CTestData.Aggregates"/> by reading a batch through the public array API.</summary>
internal static class CAggregates
{
    internal static void Add(CTestData.Aggregates a, RecordBatch batch)
    {
        var id = (PrimitiveArray<long>)batch.Column("id");
        var value = (PrimitiveArray<double>)batch.Column("value");
        var name = (BinaryArray)batch.Column("name");
        var flag = (BooleanArray)batch.Column("flag");
        var tags = (ListArray)batch.Column("tags");
        var point = (StructArray)batch.Column("point");
        var x = (PrimitiveArray<int>)point.GetField(0);
        var category = (DictionaryArray)batch.Column("category");
        var colors = (BinaryArray)category.Dictionary;
        var ts = (PrimitiveArray<long>)batch.Column("ts");
        for (int i = 0; i < batch.Length; i++)
        {
            a.Count++;
            a.SumId += id.GetValue(i);
            if (value[i] is double v)
            {
                a.SumValue += v;
            }
            if (name.GetString(i) is string s)
            {
                a.CountName++;
                a.SumNameLength += s.Length;
            }
            if (flag[i] == true)
            {
                a.CountFlag++;
            }
            if (tags.IsValid(i))
            {
                a.SumTagCount += tags.GetValueLength(i);
            }
            a.SumX += x.GetValue(point.GetFieldSlot(i));
            if (colors.GetString((int)category.GetIndex(i)) == "green")
            {
                a.CountGreen++;
            }
            if (ts.GetValue(i) > a.MaxTs)
            {
                a.MaxTs = ts.GetValue(i);
            }
        }
    }

    internal static void AssertEqual(CTestData.Aggregates expected, CTestData.Aggregates actual) =>
        Xunit.Assert.Equal(expected.ToString(), actual.ToString());

    internal static ArrowType TypeOf(RecordBatch batch, string column) => batch.Column(column).Type;
}
