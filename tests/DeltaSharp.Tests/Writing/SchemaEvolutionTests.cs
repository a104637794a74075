using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using DeltaSharp.Transactions;
using DeltaSharp.Writing;
using Xunit;

namespace DeltaSharp.Tests.Writing;

/// <summary>Schema enforcement and opt-in evolution (merge, type widening, overwrite), nullability checks, in-commit
/// timestamps and append-only tables; every table is checked by the log validator and read back by our reader.</summary>
public sealed class SchemaEvolutionTests() : ValidatedTableTest("deltasharp-schema-")
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(LocalObjectStore Store, DeltaTable Table)> CreateAsync(DeltaStructType schema, Dictionary<string, string?>? properties = null)
    {
        Directory.CreateDirectory(Root);
        var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, new DeltaSchema(schema), new DeltaCreateTableOptions { Properties = properties ?? [] }, Ct);
        return (store, await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct));
    }

    private static async Task<List<string>> RowsAsync(DeltaTable table, string orderBy = "id")
    {
        var lines = new List<string>();
        await foreach (RecordBatch batch in table.Snapshot.ReadAsync(cancellationToken: Ct))
        {
            using (batch)
            {
                using var text = new StringWriter();
                using (var writer = new JsonLinesWriter(text))
                {
                    writer.Write(batch);
                }
                lines.AddRange(text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        return lines.OrderBy(l => JsonDocument.Parse(l).RootElement.GetProperty(orderBy).GetRawText(), StringComparer.Ordinal).ToList();
    }

    private static DeltaStructType IdName() => new(
    [
        new DeltaStructField("id", DeltaPrimitiveType.Long, false),
        new DeltaStructField("name", DeltaPrimitiveType.String, true),
    ]);

    [Fact]
    public async Task MissingNullableColumnsAreWrittenAsNullsAndExtraColumnsNeedOptIn()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdName());
        await using (store)
        await using (table)
        {
            using RecordBatch idsOnly = TestArrays.Batch(("ID", TestArrays.Primitive<long>(ArrowType.Int64, [1]), false));
            await DeltaTableWriter.WriteAsync(table, [idsOnly], cancellationToken: Ct);
            Assert.Equal(["{\"id\":1,\"name\":null}"], await RowsAsync(table));

            using RecordBatch extra = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [2]), false),
                ("city", TestArrays.String(["Oslo"]), true));
            DeltaSchemaMismatchException e = await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [extra], cancellationToken: Ct));
            Assert.Contains("'city'", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, table.Snapshot.Version);
        }
    }

    [Fact]
    public async Task MergeAddsTopLevelAndNestedColumnsAsNullable()
    {
        var schema = new DeltaStructType(
        [
            new DeltaStructField("id", DeltaPrimitiveType.Long, false),
            new DeltaStructField("s", new DeltaStructType([new DeltaStructField("a", DeltaPrimitiveType.Integer, true)]), true),
        ]);
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(schema);
        await using (store)
        await using (table)
        {
            using (RecordBatch first = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [1]), false),
                ("s", TestArrays.Struct([new Field("a", ArrowType.Int32)], [TestArrays.Primitive<int>(ArrowType.Int32, [10])], null), true)))
            {
                await DeltaTableWriter.WriteAsync(table, [first], cancellationToken: Ct);
            }

            // New nested field s.b (given before a), new top-level column tag, columns in another order.
            using RecordBatch evolved = TestArrays.Batch(
                ("tag", TestArrays.String(["new"]), false),
                ("s", TestArrays.Struct(
                    [new Field("b", ArrowType.Utf8), new Field("a", ArrowType.Int32)],
                    [TestArrays.String(["bee"]), TestArrays.Primitive<int>(ArrowType.Int32, [20])], null), true),
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [2]), false));
            DeltaSchemaMismatchException refused = await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [evolved], cancellationToken: Ct));
            Assert.Contains("'s.b'", refused.Message, StringComparison.Ordinal);

            DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, [evolved], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Merge }, Ct);
            Assert.True(result.SchemaChanged);

            // The schema JSON: new fields appended, nullable.
            using JsonDocument json = JsonDocument.Parse(table.Snapshot.Metadata.SchemaString);
            JsonElement[] fields = json.RootElement.GetProperty("fields").EnumerateArray().ToArray();
            Assert.Equal(["id", "s", "tag"], fields.Select(f => f.GetProperty("name").GetString()));
            Assert.True(fields[2].GetProperty("nullable").GetBoolean());
            Assert.Equal("string", fields[2].GetProperty("type").GetString());
            JsonElement[] nested = fields[1].GetProperty("type").GetProperty("fields").EnumerateArray().ToArray();
            Assert.Equal(["a", "b"], nested.Select(f => f.GetProperty("name").GetString()));
            Assert.True(nested[1].GetProperty("nullable").GetBoolean());
            Assert.False(fields[0].GetProperty("nullable").GetBoolean());

            Assert.Equal(
                [
                    "{\"id\":1,\"s\":{\"a\":10,\"b\":null},\"tag\":null}",
                    "{\"id\":2,\"s\":{\"a\":20,\"b\":\"bee\"},\"tag\":\"new\"}",
                ],
                await RowsAsync(table));

            // Reopened from the log alone.
            await using DeltaTable reopened = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
            Assert.Equal(table.Snapshot.Schema, reopened.Snapshot.Schema);
        }
    }

    [Fact]
    public async Task TypeWideningOnlyWhereTheTableEnablesIt()
    {
        var schema = new DeltaStructType([new DeltaStructField("id", DeltaPrimitiveType.Long, false), new DeltaStructField("n", DeltaPrimitiveType.Integer, true)]);
        using RecordBatch wide = TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(ArrowType.Int64, [2]), false),
            ("n", TestArrays.Primitive<long>(ArrowType.Int64, [5_000_000_000L]), true));

        (LocalObjectStore plainStore, DeltaTable plain) = await CreateAsync(schema);
        await using (plainStore)
        await using (plain)
        {
            DeltaSchemaMismatchException e = await Assert.ThrowsAsync<DeltaSchemaMismatchException>(
                () => DeltaTableWriter.WriteAsync(plain, [wide], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Merge }, Ct));
            Assert.Contains("'n'", e.Message, StringComparison.Ordinal);
            Assert.Contains("delta.enableTypeWidening", e.Message, StringComparison.Ordinal);
        }
        Directory.Delete(Root, recursive: true);

        (LocalObjectStore store, DeltaTable table) = await CreateAsync(schema, new Dictionary<string, string?> { ["delta.enableTypeWidening"] = "true" });
        await using (store)
        await using (table)
        {
            Assert.Contains("typeWidening", table.Snapshot.Protocol.WriterFeatures!);
            using (RecordBatch narrow = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [1]), false),
                ("n", TestArrays.Primitive<int>(ArrowType.Int32, [7]), true)))
            {
                await DeltaTableWriter.WriteAsync(table, [narrow], cancellationToken: Ct);
            }
            await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [wide], cancellationToken: Ct));
            await DeltaTableWriter.WriteAsync(table, [wide], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Merge }, Ct);

            DeltaStructField n = table.Snapshot.Schema.Root.FindField("n")!;
            Assert.Equal(DeltaPrimitiveType.Long, n.Type);
            JsonElement change = n.Metadata[DeltaStructField.TypeChangesKey].EnumerateArray().Single();
            Assert.Equal("integer", change.GetProperty("fromType").GetString());
            Assert.Equal("long", change.GetProperty("toType").GetString());
            Assert.Equal(["{\"id\":1,\"n\":7}", "{\"id\":2,\"n\":5000000000}"], await RowsAsync(table));
        }
    }

    [Fact]
    public async Task OverwriteSchemaReplacesTheSchemaOnlyWithOverwriteMode()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdName());
        await using (store)
        await using (table)
        {
            using (RecordBatch old = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [1]), false), ("name", TestArrays.String(["x"]), true)))
            {
                await DeltaTableWriter.WriteAsync(table, [old], cancellationToken: Ct);
            }
            using RecordBatch replacement = TestArrays.Batch(
                ("key", TestArrays.String(["k"]), false),
                ("value", TestArrays.Primitive<double>(ArrowType.Float64, [1.5]), true));
            await Assert.ThrowsAsync<ArgumentException>(() => DeltaTableWriter.WriteAsync(table, [replacement], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Overwrite }, Ct));
            await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [replacement], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, Ct));

            DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, [replacement], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, SchemaMode = DeltaSchemaMode.Overwrite }, Ct);
            Assert.True(result.SchemaChanged);
            Assert.Equal(1, result.RemovedFileCount);
            Assert.Equal(["key", "value"], table.Snapshot.Schema.Root.Fields.Select(f => f.Name));
            Assert.False(table.Snapshot.Schema.Root.Fields[0].Nullable);
            Assert.Equal(["{\"key\":\"k\",\"value\":1.5}"], await RowsAsync(table, "key"));
        }
    }

    [Fact]
    public async Task NullsInNotNullColumnsAreRejectedBeforeAnyCommitNamingTheColumn()
    {
        var schema = new DeltaStructType(
        [
            new DeltaStructField("id", DeltaPrimitiveType.Long, false),
            new DeltaStructField("s", new DeltaStructType([new DeltaStructField("inner", DeltaPrimitiveType.Integer, false)]), true),
            new DeltaStructField("tags", new DeltaArrayType(DeltaPrimitiveType.String, containsNull: false), true),
        ]);
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(schema);
        await using (store)
        await using (table)
        {
            Field[] innerField = [new Field("inner", ArrowType.Int32)];
            ArrayData Tags(string?[] values, int[] offsets) => TestArrays.List(TestArrays.String(values), offsets, null);

            // A null struct is fine; a null inside a present struct is not.
            using (RecordBatch ok = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [1, 2]), false),
                ("s", TestArrays.Struct(innerField, [TestArrays.Primitive<int>(ArrowType.Int32, [null, 5])], [false, true]), true),
                ("tags", Tags(["a"], [0, 1, 1]), true)))
            {
                await DeltaTableWriter.WriteAsync(table, [ok], cancellationToken: Ct);
            }
            using RecordBatch nestedNull = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [3]), false),
                ("s", TestArrays.Struct(innerField, [TestArrays.Primitive<int>(ArrowType.Int32, [null])], [true]), true),
                ("tags", Tags([], [0, 0]), true));
            DeltaSchemaMismatchException e1 = await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [nestedNull], cancellationToken: Ct));
            Assert.Contains("'s.inner'", e1.Message, StringComparison.Ordinal);

            using RecordBatch elementNull = TestArrays.Batch(
                ("id", TestArrays.Primitive<long>(ArrowType.Int64, [4]), false),
                ("s", TestArrays.Struct(innerField, [TestArrays.Primitive<int>(ArrowType.Int32, [1])], null), true),
                ("tags", Tags(["x", null], [0, 2]), true));
            DeltaSchemaMismatchException e2 = await Assert.ThrowsAsync<DeltaSchemaMismatchException>(() => DeltaTableWriter.WriteAsync(table, [elementNull], cancellationToken: Ct));
            Assert.Contains("'tags.element'", e2.Message, StringComparison.Ordinal);

            Assert.Equal(1, table.Snapshot.Version);
            Assert.Single(table.Snapshot.Files);
            Assert.Single(Directory.GetFiles(Root, "*.parquet")); // no data file left behind by the refused writes
        }
    }

    [Fact]
    public async Task InCommitTimestampsAreFirstMonotonicAndUsedAsTheSnapshotTime()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdName(), new Dictionary<string, string?> { ["delta.enableInCommitTimestamps"] = "true" });
        await using (store)
        await using (table)
        {
            Assert.Contains("inCommitTimestamp", table.Snapshot.Protocol.WriterFeatures!);
            await using DeltaTable stale = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
            using RecordBatch rows = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [1]), false));
            for (int i = 0; i < 3; i++)
            {
                await DeltaTableWriter.WriteAsync(table, [rows], cancellationToken: Ct);
            }
            DeltaWriteResult rebased = await DeltaTableWriter.WriteAsync(stale, [rows], cancellationToken: Ct);
            Assert.Equal(4, rebased.Version);

            long previous = long.MinValue;
            for (int v = 0; v <= 4; v++)
            {
                string first = File.ReadLines(Path.Combine(Root, "_delta_log", $"{v:D20}.json")).First();
                using JsonDocument doc = JsonDocument.Parse(first);
                long ict = doc.RootElement.GetProperty("commitInfo").GetProperty("inCommitTimestamp").GetInt64();
                Assert.True(ict > previous);
                previous = ict;
            }
            Assert.Equal(previous, stale.Snapshot.Timestamp.ToUnixTimeMilliseconds());
        }
    }

    [Fact]
    public async Task AppendOnlyTablesRefuseOverwrites()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdName(), new Dictionary<string, string?> { ["delta.appendOnly"] = "true" });
        await using (store)
        await using (table)
        {
            Assert.Equal(2, table.Snapshot.Protocol.MinWriterVersion);
            using RecordBatch rows = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, [1]), false));
            await DeltaTableWriter.WriteAsync(table, [rows], cancellationToken: Ct);
            DeltaException e = await Assert.ThrowsAsync<DeltaException>(() => DeltaTableWriter.WriteAsync(table, [rows], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite }, Ct));
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }
    }
}
