using System;
using System.IO;
using System.Text.Json.Nodes;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>Dictionaries nested in lists and structs, built by hand, checked against literal values through
/// apache-arrow JS and through our reader.</summary>
public sealed class NestedDictionaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deltasharp-ipc-dict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void List_and_struct_of_dictionary_round_trip_through_apache_arrow_js()
    {
        // Dictionary values "red", "green", "blue"; int8 indices.
        ArrayData Dictionary() => new(ArrowType.Utf8, 3, 0, 0,
            [null, ArrowBuffer.CopyFrom<int>([0, 3, 8, 12]), ArrowBuffer.CopyFrom("redgreenblue"u8)]);
        var dictType = new DictionaryType(IntegerType.Int8, ArrowType.Utf8);
        // Five indices: blue, red, null, green, green (validity 0b11011).
        var indices = new ArrayData(dictType, 5, 1, 0, [ArrowBuffer.CopyFrom([(byte)0b11011]), ArrowBuffer.CopyFrom<sbyte>([2, 0, 0, 1, 1])], null, Dictionary());
        // list<dict>: [[blue, red], [], null, [null, green, green]] — offsets 0,2,2,2,5; validity 0b1011.
        var listType = new ListType(new Field("item", dictType));
        var list = new ArrayData(listType, 4, 1, 0, [ArrowBuffer.CopyFrom([(byte)0b1011]), ArrowBuffer.CopyFrom<int>([0, 2, 2, 2, 5])], [indices]);
        // struct{d: dict, n: int32}: rows 0..3 use indices 1..4 through a sliced child (offset 1).
        ArrayData structIndices = new(dictType, 5, 1, 0, [ArrowBuffer.CopyFrom([(byte)0b11011]), ArrowBuffer.CopyFrom<sbyte>([2, 0, 0, 1, 1])], null, Dictionary());
        using ArrayData slicedIndices = structIndices.Slice(1, 4);
        structIndices.Dispose();
        var structType = new StructType([new Field("d", dictType), new Field("n", ArrowType.Int32, false)]);
        var structData = new ArrayData(structType, 4, 0, 0, [null], [slicedIndices.Retain(), new ArrayData(ArrowType.Int32, 4, 0, 0, [null, ArrowBuffer.CopyFrom<int>([10, 20, 30, 40])])]);
        var schema = new Schema([new Field("tags", listType), new Field("s", structType)]);
        using var batch = new RecordBatch(schema, [ArrowArray.FromData(list), ArrowArray.FromData(structData)], 4);

        string path = Path.Combine(_dir, "nested.arrows");
        using (var writer = new ArrowStreamWriter(File.Create(path), schema))
        {
            writer.WriteRecordBatch(batch);
        }
        JsonNode expected = JsonNode.Parse("""
            {
              "tags": [["blue", "red"], [], null, [null, "green", "green"]],
              "s": [{"d": "red", "n": "10"}, {"d": null, "n": "20"}, {"d": "green", "n": "30"}, {"d": "green", "n": "40"}]
            }
            """)!;
        JsonNode js = NodeArrow.Run("read-ipc.cjs", path);
        Assert.True(JsonNode.DeepEquals(expected, js["columns"]), js["columns"]!.ToJsonString());

        using var reader = new ArrowStreamReader(File.OpenRead(path));
        using RecordBatch back = reader.ReadNextRecordBatch()!;
        Assert.Equal(schema, back.Schema);
        Assert.True(JsonNode.DeepEquals(expected, ArrowJson.Render(back.Schema, [back])["columns"]));
    }
}
