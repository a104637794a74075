using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Expressions;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Tests.Scanning;

/// <summary>
/// Shows that skipping happens on real tables (scan report) while the rows stay exact: partition pruning on a
/// partitioned table, statistics skipping on a 1.1M-row table (checked against DuckDB reading its data files), and
/// Parquet row-group skipping on a table without column statistics.
/// </summary>
public sealed class SkippingReportTests
{
    private static async Task<DeltaTable> OpenAsync(string id)
    {
        string dir = TestEnvironment.RequireConformanceDir();
        return await DeltaTable.OpenAsync(Path.Combine(dir, id));
    }

    private static async Task<(List<string> Rows, DeltaScanReport Report)> ScanAsync(DeltaSnapshot snapshot, string where, bool skipping = true, IReadOnlyList<string>? columns = null)
    {
        var report = new DeltaScanReport();
        using RecordBatch batch = await FilteredScanConformanceTests.ReadAll(snapshot, new DeltaScanOptions { Filter = DeltaExpressionParser.Parse(where), DataSkipping = skipping, Report = report, Columns = columns });
        List<string> rows = FilteredScanConformanceTests.Lines(batch);
        rows.Sort(StringComparer.Ordinal);
        return (rows, report);
    }

    [Fact]
    public async Task PartitionPruningSkipsFilesAndKeepsRowsExact()
    {
        await using DeltaTable table = await OpenAsync("delta-kernel-rs__basic_partitioned");
        DeltaSnapshot snapshot = table.Snapshot;
        (List<string> rows, DeltaScanReport report) = await ScanAsync(snapshot, "letter = 'a'");
        (List<string> unskipped, DeltaScanReport none) = await ScanAsync(snapshot, "letter = 'a'", skipping: false);
        Assert.Equal(unskipped, rows);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("\"letter\":\"a\"", r, StringComparison.Ordinal));
        Assert.Equal(snapshot.Files.Count, report.FilesTotal);
        Assert.Equal(snapshot.Files.Count(f => f.PartitionValues["letter"] != "a"), report.FilesSkippedByPartition);
        Assert.Equal(0, none.FilesSkippedByPartition);

        (rows, report) = await ScanAsync(snapshot, "letter IS NULL", columns: ["number"]);
        (unskipped, _) = await ScanAsync(snapshot, "letter IS NULL", skipping: false, columns: ["number"]);
        Assert.Equal(unskipped, rows);
        Assert.Equal(snapshot.Files.Count(f => f.PartitionValues["letter"] is not null), report.FilesSkippedByPartition);
        Assert.All(rows, r => Assert.StartsWith("{\"number\":", r, StringComparison.Ordinal));

        // Statistics of the data column skip the other partition's files too.
        (rows, report) = await ScanAsync(snapshot, "number > 4");
        (unskipped, _) = await ScanAsync(snapshot, "number > 4", skipping: false);
        Assert.Equal(unskipped, rows);
        Assert.True(report.FilesSkippedByStatistics > 0, report.ToString());
    }

    [Fact]
    public async Task StatisticsSkippingOnAMillionRowsEqualsDuckDb()
    {
        string dir = Path.Combine(TestEnvironment.RequireConformanceDir(), "delta-rs__COVID-19_NYT");
        TestEnvironment.RequireDuckDbLibrary();
        await using DeltaTable table = await OpenAsync("delta-rs__COVID-19_NYT");
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        string[] wheres =
        [
            "date = '2020-06-01' AND state = 'Texas'",
            "date >= '2021-03-01' AND (deaths > 1000 OR county IS NULL)",
            "date < '2020-03-01'",
        ];
        foreach (string where in wheres)
        {
            (List<string> rows, DeltaScanReport report) = await ScanAsync(table.Snapshot, where);
            var expected = new List<string>();
            foreach (string?[] row in duck.Query(
                $"SELECT to_json({{'date': date, 'county': county, 'state': state, 'fips': fips, 'cases': cases, 'deaths': deaths}}) FROM read_parquet('{dir}/*.parquet') WHERE {where}").Rows)
            {
                expected.Add(CanonicalJson.Of(row[0]!));
            }
            expected.Sort(StringComparer.Ordinal);
            List<string> actual = rows.ConvertAll(CanonicalJson.Of);
            actual.Sort(StringComparer.Ordinal);
            Assert.True(expected.Count > 0, where);
            Assert.Equal(expected, actual);
            Assert.True(report.FilesSkippedByStatistics > 0, $"{where}: {report}");
            Assert.Equal(report.FilesTotal, report.FilesRead + report.FilesSkippedByStatistics);
        }
    }

    [Theory]
    [InlineData("numeric.ints.int64 > 1000000004", true)]
    [InlineData("numeric.ints.int8 < 0", true)]
    [InlineData("chrono.date32 < DATE '1971-01-01'", true)]
    [InlineData("chrono.timestamp_ntz > TIMESTAMP_NTZ '1970-01-02 00:04:00'", true)]
    [InlineData("numeric.decimals.decimal128 > 15.128", true)]
    [InlineData("numeric.decimals.decimal32 = 10.032", true)]
    [InlineData("varlen.utf8 = 'z'", true)]
    [InlineData("numeric.floats.float64 < 1000", true)]
    [InlineData("NOT (bool IS NULL OR bool = FALSE OR bool = TRUE)", false)] // unsatisfiable, but min/max cannot show it
    [InlineData("numeric.ints.int64 = 1000000002", false)]
    [InlineData("bool IS NULL", false)]
    [InlineData("numeric.floats.float64 > 1e20", false)]
    [InlineData("chrono.timestamp > TIMESTAMP '2000-01-01 00:00:00'", false)]
    public async Task RowGroupSkippingUsesParquetStatistics(string where, bool skipped)
    {
        await using DeltaTable table = await OpenAsync("delta-kernel-rs__parquet_row_group_skipping");
        (List<string> rows, DeltaScanReport report) = await ScanAsync(table.Snapshot, where);
        (List<string> unskipped, DeltaScanReport none) = await ScanAsync(table.Snapshot, where, skipping: false);
        Assert.Equal(unskipped, rows);
        Assert.Equal(0, report.FilesSkippedByStatistics);
        Assert.Equal(skipped ? 1 : 0, report.RowGroupsSkipped);
        Assert.Equal(0, none.RowGroupsSkipped);
        if (skipped)
        {
            Assert.Empty(rows);
        }
    }
}
