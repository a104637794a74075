using BenchmarkDotNet.Attributes;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.C;
using DeltaSharp.Arrow.Types;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Benchmarks.Runtime;

/// <summary>
/// Arrow C Data Interface costs for a 3-column batch (int64, float64, utf8) of <see cref="Rows"/> rows: export plus
/// the consumer's release, and a full export → import → dispose round trip. Both are zero-copy, so the cost should
/// not grow with <see cref="Rows"/>.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through GlobalCleanup.")]
public unsafe class ArrowCBenchmarks
{
    private RecordBatch _batch = null!;

    [Params(1_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var schema = new ArrowSchema([new Field("id", ArrowType.Int64, false), new Field("value", ArrowType.Float64), new Field("name", ArrowType.Utf8)]);
        using var id = new PrimitiveBuilder<long>(ArrowType.Int64);
        using var value = new PrimitiveBuilder<double>(ArrowType.Float64);
        using var name = new BinaryBuilder(BinaryType.Utf8);
        for (int i = 0; i < Rows; i++)
        {
            id.Append(i);
            value.Append(i * 0.5);
            name.Append("row-" + i);
        }
        _batch = new RecordBatch(schema, [id.Build(), value.Build(), name.Build()], Rows);
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark(Baseline = true)]
    public void ExportAndRelease()
    {
        ArrowCArray c = default;
        ArrowCExporter.ExportRecordBatch(_batch, &c);
        c.Release(&c);
    }

    [Benchmark]
    public long ExportImportDispose()
    {
        ArrowCArray c = default;
        ArrowCExporter.ExportRecordBatch(_batch, &c);
        using RecordBatch imported = ArrowCImporter.ImportRecordBatch(&c, _batch.Schema);
        return imported.Length;
    }

    [Benchmark]
    public void ExportSchemaAndRelease()
    {
        ArrowCSchema c = default;
        ArrowCExporter.ExportSchema(_batch.Schema, &c);
        c.Release(&c);
    }
}
