using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.Tests.Conformance;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Scanning;

/// <summary>
/// Filtered scans of every readable conformance table against an independent truth: the table's full unfiltered
/// scan, filtered row by row by <see cref="ReferencePredicate"/> (a naive three-valued interpreter) and compared as
/// JSONL multisets. Predicates are generated from the table's own values for each scalar column (top level and
/// nested), so they select real subsets. Each filtered scan is run with data skipping on and off.
/// </summary>
public sealed class FilteredScanConformanceTests
{
    public static TheoryData<string> TableIds => new(ConformanceIndex.Ids());

    private static readonly HashSet<string> Unreadable = new(StringComparer.Ordinal)
    {
        "delta__spark__table-with-dv-small", "delta__spark__partitioned-table-with-dv-large", "delta__spark__table-with-dv-special-char",
    };

    /// <summary>Tables whose statistics disagree with their data files (column → reason). Skipping must trust
    /// statistics (as Spark and Kernel do), so with skipping on these columns are not compared.</summary>
    private static readonly Dictionary<string, string> StatisticsDisagreeWithData = new(StringComparer.Ordinal)
    {
        // Fabricated for Kernel's stats_parsed tests: stats give ts_col values with nullCount 0, but no data file has
        // a ts_col column, so every row reads null.
        ["delta-kernel-rs__parsed-stats"] = "ts_col",
    };

    [Theory]
    [MemberData(nameof(TableIds))]
    public async Task FilteredScanEqualsReferenceFilterOfFullScan(string id)
    {
        string dir = TestEnvironment.RequireConformanceDir();
        ConformanceTable table = ConformanceIndex.Get(id);
        Assert.SkipUnless(!table.IsNegative && !table.LogOnly && table.DerivedRows is > 0 && !Unreadable.Contains(id), "table has no rows to filter");
        // The row-by-row reference boxes every value: tables of a million rows are left to the skipping tests.
        Assert.SkipWhen(table.DerivedRows > 200_000, "too large for the row-by-row reference");
        bool large = table.DerivedRows > 5_000;
        DeltaTable delta;
        try
        {
            delta = await DeltaTable.OpenAsync(table.TablePath(dir), new DeltaTableOptions { AllowPublishedCatalogManagedLog = true });
        }
        catch (DeltaException ex)
        {
            Assert.Skip("not readable: " + ex.Message);
            return;
        }
        await using (delta)
        {
            DeltaSnapshot snapshot = delta.Snapshot;
            RecordBatch full;
            try
            {
                full = await ReadAll(snapshot, new DeltaScanOptions());
            }
            catch (DeltaException ex)
            {
                Assert.Skip("scan not supported: " + ex.Message);
                return;
            }
            using (full)
            {
                List<string> predicates = Predicates(full, new Random(id.Length * 31 + id[^1]));
                if (large)
                {
                    predicates = predicates.Take(4).ToList();
                }
                Assert.SkipWhen(predicates.Count == 0, "no comparable column");
                int run = 0;
                foreach (string text in predicates)
                {
                    DeltaPredicate predicate;
                    try
                    {
                        predicate = DeltaPredicate.Parse(text, snapshot.Schema);
                    }
                    catch (DeltaExpressionBindException)
                    {
                        continue;
                    }
                    run++;
                    byte[] selection = new byte[(full.Length + 7) / 8];
                    for (int r = 0; r < full.Length; r++)
                    {
                        if (ReferencePredicate.Eval(predicate.Expression, full, r) == true)
                        {
                            selection[r >> 3] |= (byte)(1 << (r & 7));
                        }
                    }
                    List<string> expected;
                    using (RecordBatch reference = ArrayOperations.Filter(full, selection))
                    {
                        expected = Lines(reference);
                    }
                    expected.Sort(StringComparer.Ordinal);
                    foreach (bool skipping in new[] { true, false })
                    {
                        if (skipping && StatisticsDisagreeWithData.TryGetValue(id, out string? badColumn) && text.Contains(badColumn, StringComparison.Ordinal))
                        {
                            continue;
                        }
                        var report = new DeltaScanReport();
                        using RecordBatch got = await ReadAll(snapshot, new DeltaScanOptions { Filter = predicate.Expression, DataSkipping = skipping, Report = report, BatchSize = large ? 8192 : 3 });
                        List<string> actual = Lines(got);
                        actual.Sort(StringComparer.Ordinal);
                        Assert.True(expected.SequenceEqual(actual), $"{id}: WHERE {text} (skipping {skipping}): expected {expected.Count} rows, got {actual.Count}\nexpected: {string.Join("\n", expected.Take(5))}\nactual: {string.Join("\n", actual.Take(5))}");
                        Assert.Equal(expected.Count, report.RowsReturned);
                        if (!skipping)
                        {
                            Assert.Equal(0, report.FilesSkippedByPartition + report.FilesSkippedByStatistics + report.RowGroupsSkipped);
                        }
                    }
                }
                Assert.SkipWhen(run == 0, "no generated predicate applies (no comparable column)");
            }
        }
    }

    internal static async Task<RecordBatch> ReadAll(DeltaSnapshot snapshot, DeltaScanOptions options)
    {
        var batches = new List<RecordBatch>();
        try
        {
            await foreach (RecordBatch batch in snapshot.ReadAsync(options))
            {
                batches.Add(batch);
            }
            if (batches.Count == 0)
            {
                var fields = options.Columns is null ? snapshot.Schema.Fields.Select(DeltaSharp.Schema.DeltaArrowSchema.ToArrowField).ToList()
                    : options.Columns.Select(c => DeltaSharp.Schema.DeltaArrowSchema.ToArrowField(snapshot.Schema.FindField(c)!)).ToList();
                var schema = new Arrow.Schema(fields);
                var columns = new List<ArrowArray>();
                foreach (Field field in fields)
                {
                    using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(field.DataType, null);
                    columns.Add(builder.Build());
                }
                return new RecordBatch(schema, columns, 0);
            }
            return ArrayOperations.Concatenate(batches);
        }
        finally
        {
            foreach (RecordBatch batch in batches)
            {
                batch.Dispose();
            }
        }
    }

    internal static List<string> Lines(RecordBatch batch)
    {
        var writer = new StringWriter();
        using (var jsonl = new JsonLinesWriter(writer))
        {
            jsonl.Write(batch);
        }
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static List<string> Predicates(RecordBatch full, Random random)
    {
        var result = new List<string>();
        var columns = ReferencePredicate.ScalarColumns(full.Schema);
        var atoms = new List<string>();
        foreach ((string path, ArrowType type) in columns.OrderBy(_ => random.Next()).Take(5))
        {
            ColumnExpression parsed;
            try
            {
                parsed = (ColumnExpression)DeltaExpressionParser.Parse(path);
            }
            catch (DeltaExpressionParseException)
            {
                continue;
            }
            var values = new List<object>();
            for (int r = 0; r < full.Length; r++)
            {
                if (ReferencePredicate.Value(full, parsed, r) is object v)
                {
                    values.Add(v);
                }
            }
            result.Add($"{path} IS NULL");
            if (values.Count == 0)
            {
                continue;
            }
            string[] literals = new[] { values[0], values[values.Count / 2], values[^1] }
                .Select(v => ReferencePredicate.Literal(v, type)?.ToString()).Where(t => t is not null).Select(t => t!).ToArray();
            if (literals.Length == 0)
            {
                continue;
            }
            string a = literals[random.Next(literals.Length)], b = literals[random.Next(literals.Length)];
            result.Add($"{path} = {a}");
            result.Add($"{path} > {a}");
            result.Add($"NOT ({path} >= {b})");
            result.Add($"{path} <> {a} OR {path} IS NULL");
            result.Add($"{path} IN ({a}, {b})");
            result.Add($"NOT ({path} <=> {b})");
            atoms.Add($"{path} <= {b}");
            atoms.Add($"{path} IS NOT NULL");
        }
        for (int i = 0; i + 1 < atoms.Count; i += 2)
        {
            result.Add($"{atoms[i]} AND NOT ({atoms[i + 1]} OR {atoms[random.Next(atoms.Count)]})");
        }
        return result;
    }
}
