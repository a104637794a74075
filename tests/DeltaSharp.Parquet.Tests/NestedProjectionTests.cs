using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>
/// Nested projection by dotted path: the top-level column comes back pruned to the selected struct fields, with the
/// values (and nulls at every struct level) of the full read restricted to those fields. The full read itself is
/// checked against DuckDB.
/// </summary>
public sealed class NestedProjectionTests
{
    private const int Rows = 600;

    private static string WriteFile()
    {
        int?[] xs = new int?[Rows];
        string?[] ys = new string?[Rows];
        long?[] innerA = new long?[Rows];
        string?[] innerB = new string?[Rows];
        bool[] innerValid = new bool[Rows];
        bool[] sValid = new bool[Rows];
        long?[] ids = new long?[Rows];
        List<int> offsets = [0];
        List<int?> ps = [];
        List<string?> qs = [];
        List<bool> itemValid = [];
        bool[] itemsValid = new bool[Rows];
        for (int i = 0; i < Rows; i++)
        {
            ids[i] = i;
            sValid[i] = i % 9 != 0;
            xs[i] = i % 4 == 0 ? null : i;
            ys[i] = "y" + (i % 13);
            innerValid[i] = i % 5 != 0;
            innerA[i] = i * 1000L;
            innerB[i] = i % 3 == 0 ? null : "b" + i;
            itemsValid[i] = i % 7 != 0;
            if (itemsValid[i])
            {
                for (int e = 0; e < i % 3; e++)
                {
                    ps.Add(i + e);
                    qs.Add(e == 1 ? null : "q" + i + "-" + e);
                    itemValid.Add(!(i % 11 == 0 && e == 0));
                }
            }
            offsets.Add(ps.Count);
        }
        Field[] innerFields = [new Field("a", ArrowType.Int64, true), new Field("b", ArrowType.Utf8, true)];
        ArrayData inner = TestArrays.Struct(innerFields, [TestArrays.Primitive(ArrowType.Int64, innerA), TestArrays.String(innerB)], innerValid);
        Field[] sFields = [new Field("x", ArrowType.Int32, true), new Field("y", ArrowType.Utf8, true), new Field("inner", inner.Type, true)];
        ArrayData s = TestArrays.Struct(sFields, [TestArrays.Primitive(ArrowType.Int32, xs), TestArrays.String(ys), inner], sValid);
        Field[] itemFields = [new Field("p", ArrowType.Int32, true), new Field("q", ArrowType.Utf8, true)];
        ArrayData item = TestArrays.Struct(itemFields, [TestArrays.Primitive(ArrowType.Int32, ps.ToArray()), TestArrays.String(qs.ToArray())], itemValid.ToArray());
        using RecordBatch batch = TestArrays.Batch(
            ("id", TestArrays.Primitive(ArrowType.Int64, ids), false),
            ("s", s, true),
            ("items", TestArrays.List(item, offsets.ToArray(), itemsValid), true));
        string path = Path.Combine(Path.GetTempPath(), $"deltasharp-nested-{Guid.NewGuid():N}.parquet");
        using (FileStream stream = File.Create(path))
        using (ParquetFileWriter writer = new(stream, batch.Schema, new ParquetWriterOptions { DataPageRowCountLimit = 100, RowGroupMaxRows = 250 }))
        {
            writer.WriteBatch(batch);
            writer.Close();
        }
        return path;
    }

    private static async Task<(Schema Schema, List<JsonObject> Rows)> ReadAsync(string path, IReadOnlyList<string>? columns, CancellationToken ct)
    {
        using TestAllocator allocator = new();
        List<JsonObject> rows = [];
        Schema schema;
        await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator, Columns = columns, BatchSize = 97 }, ct))
        {
            schema = reader.Schema;
            await foreach (RecordBatch batch in reader.ReadAsync(ct))
            {
                using (batch)
                {
                    foreach (ArrowArray column in batch.Columns)
                    {
                        column.Data.Validate();
                    }
                    for (int r = 0; r < batch.Length; r++)
                    {
                        rows.Add(ArrowValueRenderer.RenderRow(batch, r));
                    }
                }
            }
        }
        allocator.AssertNoLeaks();
        return (schema, rows);
    }

    /// <summary>The full row restricted to <paramref name="keep"/> (paths as nested key lists; arrays of objects are
    /// restricted element by element).</summary>
    private static JsonNode? Restrict(JsonNode? node, Dictionary<string, object?> keep)
    {
        if (node is JsonArray array)
        {
            JsonArray result = [];
            foreach (JsonNode? element in array)
            {
                result.Add(Restrict(element, keep));
            }
            return result;
        }
        if (node is not JsonObject obj)
        {
            return node?.DeepClone();
        }
        JsonObject restricted = [];
        foreach (KeyValuePair<string, JsonNode?> property in obj)
        {
            if (keep.TryGetValue(property.Key, out object? sub))
            {
                restricted[property.Key] = sub is Dictionary<string, object?> nested ? Restrict(property.Value, nested) : property.Value?.DeepClone();
            }
        }
        return restricted;
    }

    private static Dictionary<string, object?> Tree(params string[] paths)
    {
        Dictionary<string, object?> root = [];
        foreach (string path in paths)
        {
            Dictionary<string, object?> level = root;
            string[] segments = path.Split('.');
            for (int i = 0; i < segments.Length; i++)
            {
                if (i == segments.Length - 1)
                {
                    level[segments[i]] = null;
                }
                else
                {
                    if (!level.TryGetValue(segments[i], out object? next) || next is not Dictionary<string, object?> child)
                    {
                        child = [];
                        level[segments[i]] = child;
                    }
                    level = child;
                }
            }
        }
        return root;
    }

    public static TheoryData<string[], string> Projections() => new()
    {
        { ["s.inner.b"], "s: struct<inner: struct<b: string>>" },
        { ["s.y", "s.x"], "s: struct<x: int32, y: string>" },
        { ["items.q", "id"], "items: list<struct<q: string>>, id: int64" },
        { ["s.inner", "s.x", "items.p"], "s: struct<x: int32, inner: struct<a: int64, b: string>>, items: list<struct<p: int32>>" },
        { ["s.x", "s"], "s: struct<x: int32, y: string, inner: struct<a: int64, b: string>>" },
        { ["s.nope", "items.p.deeper", "id"], "id: int64" },
    };

    [Theory]
    [MemberData(nameof(Projections))]
    public async Task Dotted_paths_return_the_pruned_struct_with_the_full_reads_values(string[] columns, string expectedSchema)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = WriteFile();
        try
        {
            (Schema _, List<JsonObject> full) = await ReadAsync(path, null, ct);
            (Schema schema, List<JsonObject> pruned) = await ReadAsync(path, columns, ct);
            Assert.Equal(expectedSchema, string.Join(", ", schema.Fields.Select(Describe)));
            Assert.Equal(Rows, pruned.Count);
            Dictionary<string, object?> keep = Tree(columns);
            if (columns.Contains("s"))
            {
                keep["s"] = null;
            }
            for (int r = 0; r < Rows; r++)
            {
                JsonObject expected = (JsonObject)Restrict(full[r], keep)!;
                // Paths naming nothing select nothing.
                foreach (string top in expected.Select(p => p.Key).ToList())
                {
                    if (!schema.Fields.Any(f => f.Name == top))
                    {
                        expected.Remove(top);
                    }
                }
                Assert.Equal(expected.ToJsonString(), Reorder(pruned[r], expected).ToJsonString());
            }

            // The full read is the truth above: check it against DuckDB.
            TestEnvironment.RequireDuckDbLibrary();
            using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
            DuckDbResult result = duck.Query($"SELECT to_json(t)::VARCHAR FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') t");
            List<string> diffs = [];
            for (int r = 0; r < Rows && diffs.Count < 10; r++)
            {
                OracleComparer.Compare(JsonNode.Parse(OracleComparer.Sanitize(result.Rows[r][0]!)), full[r], $"row {r}", diffs);
            }
            Assert.True(diffs.Count == 0, string.Join(Environment.NewLine, diffs));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static JsonObject Reorder(JsonObject actual, JsonObject expectedOrder)
    {
        JsonObject result = [];
        foreach (KeyValuePair<string, JsonNode?> property in expectedOrder)
        {
            result[property.Key] = actual[property.Key]?.DeepClone();
        }
        foreach (KeyValuePair<string, JsonNode?> property in actual)
        {
            if (!result.ContainsKey(property.Key))
            {
                result[property.Key] = property.Value?.DeepClone();
            }
        }
        return result;
    }

    private static string Describe(Field field) => field.Name + ": " + Describe(field.DataType);

    private static string Describe(ArrowType type) => type switch
    {
        StructType s => "struct<" + string.Join(", ", s.Fields.Select(Describe)) + ">",
        ListType l => "list<" + Describe(l.ValueField.DataType) + ">",
        _ => type.ToString(),
    };
}
