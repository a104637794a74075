using System;
using System.Globalization;
using System.IO;
using BenchmarkDotNet.Attributes;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Benchmarks.Write;

/// <summary>Parquet writer throughput: one operation = write 1M rows (int64, double with nulls, low-cardinality
/// and unique strings) to a discarding stream and close the file.</summary>
[MemoryDiagnoser]
public class ParquetWriterBenchmarks : IDisposable
{
    private const int N = 1_000_000;
    private RecordBatch _batch = null!;

    /// <summary>The page compression.</summary>
    [Params(ParquetCompressionCodec.Uncompressed, ParquetCompressionCodec.Snappy, ParquetCompressionCodec.Zstd)]
    public ParquetCompressionCodec Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        using var ids = new PrimitiveBuilder<long>(ArrowType.Int64);
        using var values = new PrimitiveBuilder<double>(ArrowType.Float64);
        using var categories = new BinaryBuilder(ArrowType.Utf8);
        using var names = new BinaryBuilder(ArrowType.Utf8);
        for (int i = 0; i < N; i++)
        {
            ids.Append(i);
            if (i % 10 == 0)
            {
                values.AppendNull();
            }
            else
            {
                values.Append(random.NextDouble() * 1000);
            }
            categories.Append("category-" + (i % 50).ToString(CultureInfo.InvariantCulture));
            names.Append("name-" + random.Next().ToString(CultureInfo.InvariantCulture));
        }
        var schema = new ArrowSchema(
        [
            new Field("id", ArrowType.Int64, false),
            new Field("value", ArrowType.Float64, true),
            new Field("category", ArrowType.Utf8, true),
            new Field("name", ArrowType.Utf8, true),
        ]);
        _batch = new RecordBatch(schema, [ids.Build(), values.Build(), categories.Build(), names.Build()], N);
    }

    [Benchmark]
    public long WriteMillionRows()
    {
        using var writer = new ParquetFileWriter(Stream.Null, _batch.Schema, new ParquetWriterOptions { Compression = Codec });
        writer.WriteBatch(_batch);
        writer.Close();
        return writer.BytesWritten;
    }

    public void Dispose()
    {
        _batch?.Dispose();
        GC.SuppressFinalize(this);
    }
}
