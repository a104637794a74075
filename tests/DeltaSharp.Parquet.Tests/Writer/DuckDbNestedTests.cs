using System.Collections.Generic;
using System.Linq;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using Xunit;
using DeltaSharp.TestSupport.DuckDb;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary>Nested Arrow columns (lists, structs, maps, combinations) written and read back by DuckDB.</summary>
public sealed class DuckDbNestedTests
{
    private static string?[] Column(DuckDbConnection db, string path, string expression) =>
        db.Query($"SELECT {expression} FROM read_parquet('{path}', file_row_number=true) ORDER BY file_row_number").Select(r => r[0]).ToArray();

    public static IEnumerable<TheoryDataRow<int, bool>> Layouts() =>
    [
        new(1, true), new(2, true), new(1, false), new(2, false),
    ];

    private static ParquetWriterOptions Options(int pageVersion, bool dictionary) => new()
    {
        DataPageVersion = pageVersion == 1 ? ParquetDataPageVersion.V1 : ParquetDataPageVersion.V2,
        EnableDictionary = dictionary,
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ListsWithNullsAndEmptyListsReadBack(int pageVersion, bool dictionary)
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        // rows: [1, NULL, 3], NULL, [], [4]
        ArrayData child = TestArrays.Primitive<int>(ArrowType.Int32, [1, null, 3, 4]);
        ArrayData list = TestArrays.List(child, [0, 3, 3, 3, 4], [true, false, true, true]);
        // rows: ["a"], ["b", NULL], NULL, []
        ArrayData strings = TestArrays.List(TestArrays.String(["a", "b", null]), [0, 1, 3, 3, 3], [true, true, false, true]);
        using RecordBatch batch = TestArrays.Batch(("l", list, true), ("ls", strings, true));

        string path = WriterTestFiles.Write(batch, Options(pageVersion, dictionary));

        DuckDbInteropTests.Same(["[1, NULL, 3]", null, "[]", "[4]"], Column(db, path, "l::VARCHAR"));
        DuckDbInteropTests.Same(["[a]", "[b, NULL]", null, "[]"], Column(db, path, "ls::VARCHAR"));
        Assert.Equal("INTEGER[]", db.Scalar($"SELECT column_type FROM (DESCRIBE SELECT l FROM read_parquet('{path}'))"));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void StructsMapsAndNestedListsReadBack(int pageVersion, bool dictionary)
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        Field[] fields = [new("a", ArrowType.Int64, true), new("b", ArrowType.Utf8, false)];
        ArrayData st = TestArrays.Struct(
            fields,
            [TestArrays.Primitive<long>(ArrowType.Int64, [1, null, 3, 4]), TestArrays.String(["x", "y", "z", "w"])],
            [true, true, false, true]);
        // map rows: {k1=1, k2=NULL}, {}, NULL, {k3=3}
        ArrayData map = TestArrays.Map(
            TestArrays.String(["k1", "k2", "k3"]),
            TestArrays.Primitive<int>(ArrowType.Int32, [1, null, 3]),
            [0, 2, 2, 2, 3],
            [true, true, false, true]);
        // list<list<int>> rows: [[1, 2], []], [NULL], NULL, [[3]]
        ArrayData inner = TestArrays.List(TestArrays.Primitive<int>(ArrowType.Int32, [1, 2, 3]), [0, 2, 2, 2, 3], [true, true, false, true]);
        ArrayData outer = TestArrays.List(inner, [0, 2, 3, 3, 4], [true, true, false, true]);
        // list<struct<a, b>> rows: [{a:1,b:x}], [], [NULL, {a:NULL,b:z}], NULL
        ArrayData listStructChild = TestArrays.Struct(
            fields,
            [TestArrays.Primitive<long>(ArrowType.Int64, [1, 2, null]), TestArrays.String(["x", "y", "z"])],
            [true, false, true]);
        ArrayData listOfStruct = TestArrays.List(listStructChild, [0, 1, 1, 3, 3], [true, true, true, false]);
        using RecordBatch batch = TestArrays.Batch(("st", st, true), ("m", map, true), ("ll", outer, true), ("lst", listOfStruct, true));

        string path = WriterTestFiles.Write(batch, Options(pageVersion, dictionary));

        DuckDbInteropTests.Same(["{'a': 1, 'b': x}", "{'a': NULL, 'b': y}", null, "{'a': 4, 'b': w}"], Column(db, path, "st::VARCHAR"));
        DuckDbInteropTests.Same(["{k1=1, k2=NULL}", "{}", null, "{k3=3}"], Column(db, path, "m::VARCHAR"));
        DuckDbInteropTests.Same(["[[1, 2], []]", "[NULL]", null, "[[3]]"], Column(db, path, "ll::VARCHAR"));
        DuckDbInteropTests.Same(["[{'a': 1, 'b': x}]", "[]", "[NULL, {'a': NULL, 'b': z}]", null], Column(db, path, "lst::VARCHAR"));
        Assert.Equal("MAP(VARCHAR, INTEGER)", db.Scalar($"SELECT column_type FROM (DESCRIBE SELECT m FROM read_parquet('{path}'))"));
    }

    [Fact]
    public void SelectedRowsAreWrittenInSelectionOrder()
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        ArrayData child = TestArrays.Primitive<int>(ArrowType.Int32, [1, 2, 3, 4, 5, 6]);
        ArrayData list = TestArrays.List(child, [0, 1, 3, 3, 6], [true, true, false, true]);
        ArrayData ints = TestArrays.Primitive<int>(ArrowType.Int32, [10, null, 30, 40]);
        using RecordBatch batch = TestArrays.Batch(("l", list, true), ("i", ints, true));
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "deltasharp-writer-tests");
        System.IO.Directory.CreateDirectory(dir);
        string path = System.IO.Path.Combine(dir, System.Guid.NewGuid().ToString("N") + ".parquet");
        using (var stream = System.IO.File.Create(path))
        using (var writer = new ParquetFileWriter(stream, batch.Schema, new ParquetWriterOptions { RowGroupMaxRows = 2 }))
        {
            writer.WriteRows(batch, [3, 0, 2]);
            writer.Close();
        }

        DuckDbInteropTests.Same(["[4, 5, 6]", "[1]", null], Column(db, path, "l::VARCHAR"));
        DuckDbInteropTests.Same(["40", "10", "30"], Column(db, path, "i::VARCHAR"));
    }

    [Fact]
    public void SlicedArraysWriteOnlyTheirWindow()
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        ArrayData child = TestArrays.Primitive<int>(ArrowType.Int32, [1, 2, 3, 4, 5, 6]);
        ArrayData list = TestArrays.List(child, [0, 1, 3, 3, 6], [true, true, false, true]);
        ArrayData ints = TestArrays.Primitive<int>(ArrowType.Int32, [10, null, 30, 40]);
        using RecordBatch full = TestArrays.Batch(("l", list, true), ("i", ints, true));
        using RecordBatch sliced = full.Slice(1, 3);

        string path = WriterTestFiles.Write(sliced);

        DuckDbInteropTests.Same(["[2, 3]", null, "[4, 5, 6]"], Column(db, path, "l::VARCHAR"));
        DuckDbInteropTests.Same([null, "30", "40"], Column(db, path, "i::VARCHAR"));
    }
}
