using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.Parquet;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using DeltaSharp.Tests.Writing;
using DeltaSharp.Writing;
using Xunit;

namespace DeltaSharp.Tests.Scanning;

/// <summary>
/// Tables written here: (1) full-table scan memory stays under a bound derived from one row group's decoded size,
/// whatever the table size (files × row groups), at 1 and 2 concurrent files; (2) NaN rows, which writers leave out
/// of float/double statistics, are never lost to file or row-group skipping, while equality still skips.
/// </summary>
public sealed class ScanMemoryAndNaNTests() : ValidatedTableTest("deltasharp-scanmem-")
{
    private const int RowGroupRows = 5_000;
    private const int FileRows = 20_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DeltaStructType Schema() => new(
    [
        new DeltaStructField("id", DeltaPrimitiveType.Long, false),
        new DeltaStructField("v", DeltaPrimitiveType.Double, true),
        new DeltaStructField("s", DeltaPrimitiveType.String, true),
    ]);

    private static RecordBatch Rows(long start, int count)
    {
        var ids = new long?[count];
        var values = new double?[count];
        var texts = new string?[count];
        for (int i = 0; i < count; i++)
        {
            long id = start + i;
            ids[i] = id;
            values[i] = id % 97 == 0 ? null : id * 0.5;
            texts[i] = id % 13 == 0 ? null : "row-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(12, '0');
        }
        return TestArrays.Batch(
            ("id", TestArrays.Primitive(ArrowType.Int64, ids), false),
            ("v", TestArrays.Primitive(ArrowType.Float64, values), true),
            ("s", TestArrays.String(texts), true));
    }

    private async Task<string> WriteTableAsync(string name, int files)
    {
        string root = Path.Combine(Root, name);
        Directory.CreateDirectory(root);
        var store = new LocalObjectStore(root);
        await DeltaTableWriter.CreateTableAsync(store, new DeltaSchema(Schema()), null, Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, root, cancellationToken: Ct);
        for (int f = 0; f < files; f++)
        {
            using RecordBatch batch = Rows((long)f * FileRows, FileRows);
            await DeltaTableWriter.WriteAsync(table, [batch], new DeltaWriteOptions { RowGroupMaxRows = RowGroupRows }, Ct);
        }
        return root;
    }

    [Fact]
    public async Task Full_scan_memory_is_bounded_by_a_few_row_groups_whatever_the_table_size()
    {
        // The unit of the bound: the native bytes one decoded row group occupies as a logical batch (measured by
        // reading one row group of one file on the tracking allocator).
        string small = await WriteTableAsync("t1", 1);
        long rowGroupBytes;
        {
            var probe = new PeakTrackingAllocator();
            string file = Directory.GetFiles(small, "*.parquet", SearchOption.AllDirectories)[0];
            await using ParquetReader reader = await ParquetReader.OpenFileAsync(file, new ParquetReaderOptions { Allocator = probe }, Ct);
            Assert.Equal(FileRows / RowGroupRows, reader.Metadata.RowGroups.Count);
            using (RecordBatch group = await reader.ReadRowGroupAsync(0, Ct))
            {
                Assert.Equal(RowGroupRows, group.Length);
            }
            rowGroupBytes = probe.PeakBytes;
            Assert.Equal(0, probe.CurrentBytes);
        }
        Assert.True(rowGroupBytes > 100_000, $"a row group decodes to {rowGroupBytes} bytes");
        var tables = new List<(string Path, int Files)> { (small, 1), (await WriteTableAsync("t4", 4), 4), (await WriteTableAsync("t12", 12), 12) };
        var figures = new List<string>();
        foreach (int concurrency in new[] { 1, 2 })
        {
            // Per file being read: the batch being produced, FileReadAhead.Capacity buffered ones, plus the one the
            // consumer holds; x2 for the logical conversion that briefly holds the physical and logical batch.
            long bound = 2 * rowGroupBytes * ((concurrency * (DeltaSharp.Scanning.FileReadAhead.Capacity + 1)) + 1);
            foreach ((string path, int files) in tables)
            {
                var allocator = new PeakTrackingAllocator();
                await using DeltaTable table = await DeltaTable.OpenAsync(path, new DeltaTableOptions { Allocator = allocator }, Ct);
                allocator.ResetPeak();
                long rows = 0;
                long checksum = 0;
                await foreach (RecordBatch batch in table.Snapshot.ReadAsync(new DeltaScanOptions { MaxConcurrentFiles = concurrency }, Ct))
                {
                    using (batch)
                    {
                        rows += batch.Length;
                        checksum += ((PrimitiveArray<long>)batch.Column(0)).Values[0];
                    }
                }
                Assert.Equal((long)files * FileRows, rows);
                long peak = allocator.PeakBytes;
                figures.Add($"concurrency {concurrency}, {files} files ({files * FileRows / RowGroupRows} row groups): peak {peak} bytes = {peak / (double)rowGroupBytes:F2} row groups (bound {bound / (double)rowGroupBytes:F0})");
                Assert.True(peak <= bound, $"peak {peak} bytes over the bound {bound} ({rowGroupBytes} per row group): {string.Join("; ", figures)}");
                Assert.Equal(0, allocator.CurrentBytes);
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, figures));
    }

    [Theory]
    [InlineData("v > 5", true)]
    [InlineData("v >= 1000000", true)]
    [InlineData("v <> 1", true)]
    [InlineData("v = 'NaN'", true)]
    [InlineData("v < 0.25", false)]
    [InlineData("v = 1000000", false)]
    [InlineData("v IN (-4, 1000000)", false)]
    [InlineData("NOT (v <= 2)", true)]
    public async Task NaN_rows_left_out_of_statistics_are_never_skipped(string where, bool matchesNaN)
    {
        // Three files of 20 rows in row groups of 5; values 0.5..3 plus NaN in some row groups of some files, so
        // the Parquet and Delta statistics (NaN excluded) claim max <= 3.
        string root = Path.Combine(Root, "nan");
        Directory.CreateDirectory(root);
        var store = new LocalObjectStore(root);
        await DeltaTableWriter.CreateTableAsync(store, new DeltaSchema(Schema()), null, Ct);
        await using (DeltaTable writeTable = await DeltaTable.OpenAsync(store, root, cancellationToken: Ct))
        {
            for (int f = 0; f < 3; f++)
            {
                var ids = new long?[20];
                var values = new double?[20];
                var texts = new string?[20];
                for (int i = 0; i < 20; i++)
                {
                    ids[i] = (f * 20) + i;
                    values[i] = (f == 1 && i == 7) || (f == 2 && i % 6 == 0) ? double.NaN : i % 4 == 3 ? null : 0.5 + (i % 6 * 0.5);
                    texts[i] = "x";
                }
                using RecordBatch batch = TestArrays.Batch(
                    ("id", TestArrays.Primitive(ArrowType.Int64, ids), false),
                    ("v", TestArrays.Primitive(ArrowType.Float64, values), true),
                    ("s", TestArrays.String(texts), true));
                await DeltaTableWriter.WriteAsync(writeTable, [batch], new DeltaWriteOptions { RowGroupMaxRows = 5 }, Ct);
            }
        }
        await using DeltaTable table = await DeltaTable.OpenAsync(root, cancellationToken: Ct);
        var report = new DeltaScanReport();
        List<string> skipped = await ScanAsync(table.Snapshot, where, skipping: true, report);
        List<string> exact = await ScanAsync(table.Snapshot, where, skipping: false, null);
        Assert.Equal(exact, skipped);
        Assert.Equal(matchesNaN, skipped.Any(line => line.Contains("NaN", StringComparison.Ordinal)));
        if (!matchesNaN)
        {
            Assert.True(report.FilesSkippedByStatistics + report.RowGroupsSkipped > 0, $"nothing skipped for '{where}': {report}");
        }
    }

    private static async Task<List<string>> ScanAsync(DeltaSnapshot snapshot, string where, bool skipping, DeltaScanReport? report)
    {
        using RecordBatch batch = await FilteredScanConformanceTests.ReadAll(snapshot, new DeltaScanOptions { Filter = DeltaExpressionParser.Parse(where), DataSkipping = skipping, Report = report });
        List<string> rows = FilteredScanConformanceTests.Lines(batch);
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
