using System.IO;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Formatting;

public sealed class CsvAndTableTests : LeakCheckedTest
{
    [Fact]
    public void Csv_HeaderQuotingNullsAndNested()
    {
        using RecordBatch batch = Make();
        using StringWriter text = new();
        using (CsvWriter writer = new(text))
        {
            writer.Write(batch);
            writer.Write(batch);
        }
        const string Rows = "1,\"a,b\",1.5,[1]\n,\"say \"\"hi\"\"\nnow\",NaN,\n3,plain,,[]\n";
        Assert.Equal("id,name,x,list\n" + Rows + Rows, text.ToString());
    }

    [Fact]
    public void Table_AlignsAndMarksNulls()
    {
        using RecordBatch batch = Make();
        string table = TableFormatter.Format(batch);
        Assert.StartsWith("+----", table, System.StringComparison.Ordinal);
        string[] lines = table.Split('\n');
        Assert.Equal("+------+---------------+------+------+", lines[0]);
        Assert.Equal("|   id | name          |    x | list |", lines[1]);
        Assert.Equal("|    1 | a,b           |  1.5 | [1]  |", lines[3]);
        Assert.Equal("| null | say \"hi\"\\nnow |  NaN | null |", lines[4]);
        Assert.Equal("|    3 | plain         | null | []   |", lines[5]);
        Assert.Equal("3 rows", lines[7]);
    }

    private RecordBatch Make()
    {
        using PrimitiveBuilder<long> ids = new(ArrowType.Int64, Allocator);
        ids.Append(1);
        ids.AppendNull();
        ids.Append(3);
        using BinaryBuilder names = new(ArrowType.Utf8, Allocator);
        names.Append("a,b");
        names.Append("say \"hi\"\nnow");
        names.Append("plain");
        using PrimitiveBuilder<double> xs = new(ArrowType.Float64, Allocator);
        xs.Append(1.5);
        xs.Append(double.NaN);
        xs.AppendNull();
        ListType listType = new(ArrowType.Int32);
        using ListBuilder lists = new(listType, Allocator);
        lists.Append();
        ((PrimitiveBuilder<int>)lists.Values).Append(1);
        lists.AppendNull();
        lists.AppendEmpty();
        Schema schema = new([new Field("id", ArrowType.Int64), new Field("name", ArrowType.Utf8), new Field("x", ArrowType.Float64), new Field("list", listType)]);
        return new RecordBatch(schema, [ids.Build(), names.Build(), xs.Build(), lists.Build()], 3);
    }
}
