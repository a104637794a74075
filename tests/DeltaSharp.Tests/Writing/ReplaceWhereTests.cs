using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using DeltaSharp.Transactions;
using DeltaSharp.Writing;
using Xunit;

namespace DeltaSharp.Tests.Writing;

/// <summary>Overwrite with replaceWhere (whole files by partition values or statistics, partial files rewritten),
/// CHECK constraints and invariants; rows read back through our reader and the data files through DuckDB; every
/// log checked by the validator.</summary>
public sealed class ReplaceWhereTests() : ValidatedTableTest("deltasharp-rw-")
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(LocalObjectStore Store, DeltaTable Table)> CreateAsync(DeltaStructType schema, string[]? partitionBy = null, Dictionary<string, string?>? properties = null)
    {
        Directory.CreateDirectory(Root);
        var store = new LocalObjectStore(Root);
        await DeltaTableWriter.CreateTableAsync(store, new DeltaSchema(schema), new DeltaCreateTableOptions { PartitionColumns = partitionBy ?? [], Properties = properties ?? [] }, Ct);
        return (store, await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct));
    }

    private static DeltaStructType IdDayValue() => new(
    [
        new DeltaStructField("id", DeltaPrimitiveType.Long, false),
        new DeltaStructField("day", DeltaPrimitiveType.String, true),
        new DeltaStructField("v", DeltaPrimitiveType.Integer, true),
    ]);

    private static RecordBatch Rows(long[] ids, string?[] days, int?[] values) => TestArrays.Batch(
        ("id", TestArrays.Primitive<long>(ArrowType.Int64, ids.Select(i => (long?)i).ToArray()), false),
        ("day", TestArrays.String(days), true),
        ("v", TestArrays.Primitive<int>(ArrowType.Int32, values), true));

    private static async Task<List<string>> RowsAsync(DeltaTable table)
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
        return lines.OrderBy(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).ToList();
    }

    private string DuckCount(DeltaTable table)
    {
        TestEnvironment.RequireDuckDbLibrary();
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        string list = string.Join(", ", table.Snapshot.Files.Select(f => "'" + Path.Combine(Root, f.RelativePath) + "'"));
        return db.Scalar($"SELECT count(*) || '|' || sum(id) FROM read_parquet([{list}])")!;
    }

    [Fact]
    public async Task PartitionReplaceRemovesWholeFilesAndKeepsOtherPartitions()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdDayValue(), ["day"]);
        await using (store)
        await using (table)
        {
            using (RecordBatch initial = Rows([1, 2, 3, 4], ["d1", "d2", "d2", "d3"], [1, 2, 3, 4]))
            {
                await DeltaTableWriter.WriteAsync(table, [initial], cancellationToken: Ct);
            }
            using RecordBatch replacement = Rows([20, 21], ["d2", "d2"], [200, 210]);
            DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, [replacement], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = "day = 'd2'" }, Ct);

            Assert.Equal(1, result.RemovedFileCount);
            Assert.Single(result.AddedFiles);
            Assert.Equal(
                [
                    "{\"id\":1,\"day\":\"d1\",\"v\":1}",
                    "{\"id\":4,\"day\":\"d3\",\"v\":4}",
                    "{\"id\":20,\"day\":\"d2\",\"v\":200}",
                    "{\"id\":21,\"day\":\"d2\",\"v\":210}",
                ],
                await RowsAsync(table));
            string log = await File.ReadAllTextAsync(Path.Combine(Root, "_delta_log", "00000000000000000002.json"), Ct);
            Assert.Contains("\"isBlindAppend\":false", log, StringComparison.Ordinal);
            Assert.Contains("predicate", log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DataNotMatchingThePredicateIsRefusedBeforeCommit()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdDayValue(), ["day"]);
        await using (store)
        await using (table)
        {
            using (RecordBatch initial = Rows([1], ["d1"], [1]))
            {
                await DeltaTableWriter.WriteAsync(table, [initial], cancellationToken: Ct);
            }
            using RecordBatch wrong = Rows([5, 6], ["d2", "d3"], [5, 6]);
            DeltaConstraintViolationException e = await Assert.ThrowsAsync<DeltaConstraintViolationException>(
                () => DeltaTableWriter.WriteAsync(table, [wrong], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = "day = 'd2'" }, Ct));
            Assert.Equal("replaceWhere", e.Constraint);
            Assert.Contains("day = 'd2'", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, table.Snapshot.Version);
            Assert.Single(Directory.GetFiles(Root, "*.parquet", SearchOption.AllDirectories));

            await Assert.ThrowsAsync<ArgumentException>(() => DeltaTableWriter.WriteAsync(table, [wrong], new DeltaWriteOptions { ReplaceWhere = "day = 'd2'" }, Ct));
        }
    }

    [Fact]
    public async Task DataPredicateRewritesPartlyMatchedFilesKeepsUnmatchedFilesAndDropsFullyMatchedOnes()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdDayValue());
        await using (store)
        await using (table)
        {
            // Four files: ids 1-5 (partly matched), 6-10 (partly, with a null v), 5-6 (entirely matched), 20-25 (unmatched).
            using (RecordBatch a = Rows([1, 2, 3, 4, 5], ["x", "x", "x", "x", "x"], [1, 2, 3, 4, 5]))
            using (RecordBatch b = Rows([6, 7, 8, 9, 10], ["y", "y", "y", "y", "y"], [6, 7, null, 9, 10]))
            using (RecordBatch c = Rows([11, 12], ["z", "z"], [5, 6]))
            using (RecordBatch d = Rows([20, 21], ["w", "w"], [20, 21]))
            {
                foreach (RecordBatch batch in new[] { a, b, c, d })
                {
                    await DeltaTableWriter.WriteAsync(table, [batch], cancellationToken: Ct);
                }
            }
            string untouched = table.Snapshot.Files.Single(f => f.StatsJson!.Contains("\"id\":20", StringComparison.Ordinal)).Path;

            using RecordBatch replacement = Rows([100], ["new"], [7]);
            DeltaWriteResult result = await DeltaTableWriter.WriteAsync(table, [replacement],
                new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = "v >= 4 AND v <= 7" }, Ct);

            Assert.Equal(3, result.RemovedFileCount);
            Assert.Contains(table.Snapshot.Files, f => f.Path == untouched);
            List<string> rows = await RowsAsync(table);
            Assert.Equal([1L, 2, 3, 8, 9, 10, 20, 21, 100], rows.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("id").GetInt64()));
            Assert.Contains("{\"id\":8,\"day\":\"y\",\"v\":null}", rows); // NULL is not a match: the row stays
            Assert.Equal("9|174", DuckCount(table));
        }
    }

    [Fact]
    public async Task ReplaceWhereConflictsOnlyWithConcurrentAddsItsPredicateMayMatch()
    {
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(IdDayValue(), ["day"]);
        await using (store)
        await using (table)
        {
            using (RecordBatch initial = Rows([1, 2], ["d1", "d2"], [1, 2]))
            {
                await DeltaTableWriter.WriteAsync(table, [initial], cancellationToken: Ct);
            }
            await using DeltaTable stale = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
            await using DeltaTable stale2 = await DeltaTable.OpenAsync(store, Root, cancellationToken: Ct);
            using (RecordBatch other = Rows([3], ["d3"], [3]))
            {
                await DeltaTableWriter.WriteAsync(table, [other], cancellationToken: Ct); // v2 adds to d3
            }
            using RecordBatch replacement = Rows([10], ["d1"], [10]);
            var serializable = new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = "day = 'd1'", IsolationLevel = DeltaIsolationLevel.Serializable };
            DeltaWriteResult rebased = await DeltaTableWriter.WriteAsync(stale, [replacement], serializable, Ct);
            Assert.Equal(3, rebased.Version);

            using (RecordBatch sameDay = Rows([4], ["d1"], [4]))
            {
                await DeltaTableWriter.WriteAsync(table, [sameDay], cancellationToken: Ct); // v4 adds to d1
            }
            DeltaCommitConflictException e = await Assert.ThrowsAsync<DeltaCommitConflictException>(
                () => DeltaTableWriter.WriteAsync(stale2, [replacement], serializable, Ct));
            // v3 (the first replaceWhere) rewrote partition d1, which stale2 read: its add comes first in Spark's order.
            Assert.Equal(DeltaConflictKind.ConcurrentAppend, e.Kind);
            Assert.Equal(3, e.WinningVersion);
        }
    }

    [Fact]
    public async Task CheckConstraintsAndInvariantsAreEnforcedOrRefusedByName()
    {
        var invariant = new Dictionary<string, JsonElement>
        {
            ["delta.invariants"] = JsonDocument.Parse("\"{\\\"expression\\\":{\\\"expression\\\":\\\"v > 3\\\"}}\"").RootElement.Clone(),
        };
        var schema = new DeltaStructType(
        [
            new DeltaStructField("id", DeltaPrimitiveType.Long, false),
            new DeltaStructField("day", DeltaPrimitiveType.String, true),
            new DeltaStructField("v", DeltaPrimitiveType.Integer, true, invariant),
        ]);
        (LocalObjectStore store, DeltaTable table) = await CreateAsync(schema, null, new Dictionary<string, string?> { ["delta.constraints.positive_id"] = "id > 0" });
        await using (store)
        await using (table)
        {
            Assert.Equal(3, table.Snapshot.Protocol.MinWriterVersion);
            using (RecordBatch ok = Rows([1], ["a"], [4]))
            {
                await DeltaTableWriter.WriteAsync(table, [ok], cancellationToken: Ct);
            }
            using (RecordBatch badId = Rows([1, -1], ["a", "b"], [4, 5]))
            {
                DeltaConstraintViolationException e = await Assert.ThrowsAsync<DeltaConstraintViolationException>(() => DeltaTableWriter.WriteAsync(table, [badId], cancellationToken: Ct));
                Assert.Equal("delta.constraints.positive_id", e.Constraint);
                Assert.Contains("id > 0", e.Message, StringComparison.Ordinal);
            }
            using (RecordBatch badV = Rows([2, 3], ["a", "b"], [4, null]))
            {
                DeltaConstraintViolationException e = await Assert.ThrowsAsync<DeltaConstraintViolationException>(() => DeltaTableWriter.WriteAsync(table, [badV], cancellationToken: Ct));
                Assert.Equal("v", e.Constraint); // NULL is a violation too
            }
            Assert.Equal(1, table.Snapshot.Version);
        }
        Directory.Delete(Root, recursive: true);

        Directory.CreateDirectory(Root);
        await using var store2 = new LocalObjectStore(Root);
        DeltaUnsupportedFeatureException refused = await Assert.ThrowsAsync<DeltaUnsupportedFeatureException>(() => DeltaTableWriter.CreateTableAsync(store2,
            new DeltaSchema(IdDayValue()), new DeltaCreateTableOptions { Properties = new Dictionary<string, string?> { ["delta.constraints.odd"] = "no_such_column > 1" } }, Ct));
        Assert.Equal("checkConstraints", refused.FeatureName);
        Assert.Contains("delta.constraints.odd", refused.Message, StringComparison.Ordinal);
        Directory.Delete(Root, recursive: true);
    }
}
