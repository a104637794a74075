using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Arrow;
using DeltaSharp.Benchmarks.Datasets;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.Runtime;
using DeltaSharp.Storage;
using DeltaSharp.Writing;

namespace DeltaSharp.Benchmarks.Write;

/// <summary>
/// Issue 7's write target: the reader benchmark's wide table (int64 id, int32, double, ~20-char strings of 50k
/// distinct values, timestamp, boolean, some nulls; <see cref="WideTable"/>) written as a snappy Delta table on
/// local disk (create + one append commit; target ≤ 3.3 s for 10M rows on 2 cores), and the Parquet file writer
/// alone with columns encoded on one thread or in parallel on the runtime's workers (the A/B of
/// <see cref="ParquetWriterOptions.ParallelWorkScheduler"/>). Batches of 64Ki rows are built once, untimed.
/// One-shot figure with peak RSS: see docs/writer.md "Write performance".
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DeltaWriteBenchmarks : IDisposable
{
    private const int BatchRows = 64 * 1024;
    private readonly List<RecordBatch> _batches = [];
    private string _root = null!;

    /// <summary>Rows written per operation (10M = the reader benchmark's full scale).</summary>
    [Params(10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DeltaSharp.Arrow.Schema schema = WideTable.ArrowSchema();
        for (long start = 0; start < Rows; start += BatchRows)
        {
            _batches.Add(WideTable.BuildBatch(schema, start, (int)Math.Min(BatchRows, Rows - start)));
        }
        _root = Path.Combine(Path.GetTempPath(), "deltasharp-write-bench-" + Guid.NewGuid().ToString("N"));
    }

    [Benchmark]
    public async Task<long> DeltaTableSnappy()
    {
        string table = Path.Combine(_root, "table");
        if (Directory.Exists(table))
        {
            Directory.Delete(table, recursive: true);
        }
        Directory.CreateDirectory(table);
        await using var store = new LocalObjectStore(table);
        await DeltaTableWriter.CreateTableAsync(store, _batches[0].Schema);
        await using DeltaTable delta = await DeltaTable.OpenAsync(store, table);
        DeltaWriteResult result = await DeltaTableWriter.WriteAsync(delta, _batches, new DeltaWriteOptions { Compression = ParquetCompressionCodec.Snappy });
        return result.RowCount;
    }

    [Benchmark]
    public Task<long> ParquetFileOneThread() => WriteParquetAsync(null);

    [Benchmark]
    public Task<long> ParquetFileParallelColumns() => WriteParquetAsync(work => DeltaRuntime.Shared.RunAsync(work));

    private async Task<long> WriteParquetAsync(Func<Action, Task>? scheduler)
    {
        var options = new ParquetWriterOptions { Compression = ParquetCompressionCodec.Snappy, ParallelWorkScheduler = scheduler };
        await using var writer = new ParquetFileWriter(Stream.Null, _batches[0].Schema, options);
        foreach (RecordBatch batch in _batches)
        {
            await writer.WriteBatchAsync(batch);
        }
        await writer.CloseAsync();
        return writer.BytesWritten;
    }

    public void Dispose()
    {
        foreach (RecordBatch batch in _batches)
        {
            batch.Dispose();
        }
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
