using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;
using DeltaSharp.Storage;
using DeltaSharp.Writing;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// Managed allocation of a full-table scan as the table grows (1, 4, 16 files of 100,000 rows in row groups of
/// 25,000; id long, v double, s string): with <see cref="MemoryDiagnoserAttribute"/> the "Allocated" column divided
/// by the row groups gives the managed bytes per row group, which must stay flat (nothing per file or per table
/// accumulates). The filtered variant selects 1% of rows (late materialisation). Native Arrow memory is bounded by
/// tests/DeltaSharp.Tests/Scanning/ScanMemoryAndNaNTests.cs.
/// </summary>
[MemoryDiagnoser]
public class ScanMemoryBenchmarks
{
    private const int FileRows = 100_000;
    private const int RowGroupRows = 25_000;
    private string root = null!;

    [Params(1, 4, 16)]
    public int Files { get; set; }

    [Params(1, 2)]
    public int ConcurrentFiles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        root = Path.Combine(Path.GetTempPath(), "deltasharp-scanmem-bench-" + Files.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        WriteAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(root, recursive: true);

    [Benchmark]
    public Task<long> FullScan() => ScanAsync(null);

    [Benchmark]
    public Task<long> FilteredScan() => ScanAsync(DeltaExpressionParser.Parse("id % 100 = 0 OR id < 0"));

    private async Task<long> ScanAsync(DeltaExpression? filter)
    {
        await using DeltaTable table = await DeltaTable.OpenAsync(root).ConfigureAwait(false);
        long rows = 0;
        await foreach (RecordBatch batch in table.Snapshot.ReadAsync(new DeltaScanOptions { MaxConcurrentFiles = ConcurrentFiles, Filter = filter }).ConfigureAwait(false))
        {
            rows += batch.Length;
            batch.Dispose();
        }
        return rows;
    }

    private async Task WriteAsync()
    {
        var store = new LocalObjectStore(root);
        var schema = new DeltaStructType(
        [
            new DeltaStructField("id", DeltaPrimitiveType.Long, false),
            new DeltaStructField("v", DeltaPrimitiveType.Double, true),
            new DeltaStructField("s", DeltaPrimitiveType.String, true),
        ]);
        await DeltaTableWriter.CreateTableAsync(store, new DeltaSchema(schema)).ConfigureAwait(false);
        await using DeltaTable table = await DeltaTable.OpenAsync(store, root).ConfigureAwait(false);
        for (int f = 0; f < Files; f++)
        {
            using RecordBatch batch = Rows((long)f * FileRows, FileRows);
            await DeltaTableWriter.WriteAsync(table, [batch], new DeltaWriteOptions { RowGroupMaxRows = RowGroupRows }).ConfigureAwait(false);
        }
    }

    private static RecordBatch Rows(long start, int count)
    {
        using ArrowArrayBuilder ids = ArrowArrayBuilder.Create(ArrowType.Int64);
        using ArrowArrayBuilder values = ArrowArrayBuilder.Create(ArrowType.Float64);
        using ArrowArrayBuilder texts = ArrowArrayBuilder.Create(ArrowType.Utf8);
        var idBuilder = (PrimitiveBuilder<long>)ids;
        var valueBuilder = (PrimitiveBuilder<double>)values;
        var textBuilder = (BinaryBuilder)texts;
        for (int i = 0; i < count; i++)
        {
            long id = start + i;
            idBuilder.Append(id);
            if (id % 97 == 0)
            {
                valueBuilder.AppendNull();
            }
            else
            {
                valueBuilder.Append(id * 0.5);
            }
            textBuilder.Append("row-" + id.ToString(CultureInfo.InvariantCulture));
        }
        var fields = new List<Field> { new("id", ArrowType.Int64, false), new("v", ArrowType.Float64, true), new("s", ArrowType.Utf8, true) };
        return new RecordBatch(new DeltaSharp.Arrow.Schema(fields), [ids.Build(), values.Build(), texts.Build()], count);
    }
}
