using System;
using System.Globalization;
using System.IO;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using ArrowSchema = DeltaSharp.Arrow.Schema;

namespace DeltaSharp.Benchmarks.Parquet;

/// <summary>
/// The realistic full-file dataset of the Parquet reader benchmarks: <see cref="Rows"/> rows of int64 (unique,
/// ascending), int32 (random), double (random, 5 % nulls), a ~20-character string of moderate cardinality (10,000
/// distinct values, 2 % nulls), a microsecond UTC timestamp (ascending with jitter) and a boolean (1 % nulls),
/// written by DeltaSharp's Parquet writer with snappy and the writer's default row groups and pages. Every value is
/// a function of a seeded generator, so the file is the same on every run; it is written once to the temp folder
/// and reused.
/// </summary>
internal static class FullFileDataset
{
    /// <summary>Rows in the file.</summary>
    public const int Rows = 10_000_000;

    private const int ChunkRows = 1 << 20;

    /// <summary>Returns the file's path, writing it first when missing.</summary>
    public static string EnsureFile(int rows = Rows)
    {
        string path = Path.Combine(Path.GetTempPath(), "deltasharp-bench", $"parquet-full-{rows}-v1.snappy.parquet");
        if (File.Exists(path))
        {
            return path;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string partial = path + ".partial";
        ArrowSchema schema = new(
        [
            new Field("id", ArrowType.Int64, false),
            new Field("quantity", ArrowType.Int32, false),
            new Field("price", ArrowType.Float64, true),
            new Field("name", ArrowType.Utf8, true),
            new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC"), false),
            new Field("flag", ArrowType.Boolean, true),
        ]);
        string[] names = new string[10_000];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = "customer-" + ((i * 7919L) % 1_000_003).ToString("D7", CultureInfo.InvariantCulture) + "-x" + (i % 97).ToString("D2", CultureInfo.InvariantCulture);
        }
        Random random = new(20240601);
        using (FileStream stream = File.Create(partial))
        using (ParquetFileWriter writer = new(stream, schema, new ParquetWriterOptions { Compression = ParquetCompressionCodec.Snappy }, leaveOpen: true))
        {
            long ts = 1_700_000_000_000_000L;
            for (int start = 0; start < rows; start += ChunkRows)
            {
                int n = Math.Min(ChunkRows, rows - start);
                using PrimitiveBuilder<long> ids = new(ArrowType.Int64);
                using PrimitiveBuilder<int> quantities = new(ArrowType.Int32);
                using PrimitiveBuilder<double> prices = new(ArrowType.Float64);
                using BinaryBuilder nameBuilder = new(ArrowType.Utf8);
                using PrimitiveBuilder<long> stamps = new(new TimestampType(TimeUnit.Microsecond, "UTC"));
                using BooleanBuilder flags = new();
                for (int i = 0; i < n; i++)
                {
                    long row = start + i;
                    ids.Append(row);
                    quantities.Append(random.Next(0, 100_000));
                    if (random.Next(20) == 0)
                    {
                        prices.AppendNull();
                    }
                    else
                    {
                        prices.Append(Math.Round(random.NextDouble() * 10_000, 2));
                    }
                    if (random.Next(50) == 0)
                    {
                        nameBuilder.AppendNull();
                    }
                    else
                    {
                        nameBuilder.Append(names[random.Next(names.Length)]);
                    }
                    ts += random.Next(0, 2_000_000);
                    stamps.Append(ts);
                    if (random.Next(100) == 0)
                    {
                        flags.AppendNull();
                    }
                    else
                    {
                        flags.Append(random.Next(3) == 0);
                    }
                }
                using RecordBatch batch = new(schema, [ids.Build(), quantities.Build(), prices.Build(), nameBuilder.Build(), stamps.Build(), flags.Build()], n);
                writer.WriteBatch(batch);
            }
            writer.Close();
        }
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
