using System;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Benchmarks.Datasets;

/// <summary>
/// The deterministic 6-column table of the scan and write workloads. Row <c>i</c> is a pure function of <c>i</c>,
/// written once as DuckDB SQL (which generates the Parquet files) and once in C# (which builds the Arrow batches
/// the DeltaSharp writer writes); both produce the same values.
/// </summary>
internal static class WideTable
{
    /// <summary>First timestamp (2024-01-01T00:00:00Z) in seconds; row i is this plus i seconds.</summary>
    public const long EpochSeconds = 1_704_067_200;

    /// <summary>Distinct values of <c>str_col</c>.</summary>
    public const int StringCardinality = 50_000;

    /// <summary>The Delta schemaString.</summary>
    public const string DeltaSchemaString =
        "{\"type\":\"struct\",\"fields\":[" +
        "{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"int_col\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"dbl_col\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"str_col\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"ts_col\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}}," +
        "{\"name\":\"flag\",\"type\":\"boolean\",\"nullable\":true,\"metadata\":{}}]}";

    /// <summary>Column names in file order.</summary>
    public static readonly string[] Columns = ["id", "int_col", "dbl_col", "str_col", "ts_col", "flag"];

    /// <summary>DuckDB SELECT producing rows [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static string Sql(long start, long end) =>
        "SELECT i::BIGINT AS id, " +
        "CASE WHEN i % 17 = 0 THEN NULL ELSE ((i * 2654435761) % 1000000)::INTEGER END AS int_col, " +
        "CASE WHEN i % 29 = 0 THEN NULL ELSE CAST((i * 7919) % 1000003 AS DOUBLE) / 100 END AS dbl_col, " +
        $"CASE WHEN i % 23 = 0 THEN NULL ELSE 'customer_' || lpad(CAST((i * 31337) % {StringCardinality} AS VARCHAR), 11, '0') END AS str_col, " +
        $"to_timestamp({EpochSeconds} + i) AS ts_col, " +
        "(i % 3 = 0) AS flag " +
        $"FROM range({start}, {end}) t(i)";

    /// <summary>Arrow bytes per row of the given columns (values, offsets and validity bitmaps, as the Arrow
    /// layout holds them), used to express throughput as GB/s of Arrow output.</summary>
    public static double ArrowBytesPerRow(ReadOnlySpan<string> columns)
    {
        double total = 0;
        foreach (string column in columns)
        {
            total += column switch
            {
                "id" => 8,
                "int_col" => 4 + 0.125,
                "dbl_col" => 8 + 0.125,
                "str_col" => 4 + 0.125 + (20.0 * 22 / 23),
                "ts_col" => 8,
                "flag" => 0.125,
                _ => throw new ArgumentException($"unknown column {column}", nameof(columns)),
            };
        }
        return total;
    }

    /// <summary>The Arrow schema of the table (timestamps in microseconds, UTC).</summary>
    public static DeltaSharp.Arrow.Schema ArrowSchema() => new(
    [
        new Field("id", ArrowType.Int64, true),
        new Field("int_col", ArrowType.Int32, true),
        new Field("dbl_col", ArrowType.Float64, true),
        new Field("str_col", ArrowType.Utf8, true),
        new Field("ts_col", new TimestampType(TimeUnit.Microsecond, "UTC"), true),
        new Field("flag", ArrowType.Boolean, true),
    ]);

    /// <summary>Builds rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) as
    /// one batch, with the same values as <see cref="Sql"/>. The caller disposes the batch.</summary>
    public static RecordBatch BuildBatch(DeltaSharp.Arrow.Schema schema, long start, int count)
    {
        using var ids = new PrimitiveBuilder<long>(ArrowType.Int64);
        using var ints = new PrimitiveBuilder<int>(ArrowType.Int32);
        using var doubles = new PrimitiveBuilder<double>(ArrowType.Float64);
        using var strings = new BinaryBuilder(ArrowType.Utf8);
        using var stamps = new PrimitiveBuilder<long>(new TimestampType(TimeUnit.Microsecond, "UTC"));
        using var flags = new BooleanBuilder();
        strings.ReserveData(count * 20);
        Span<byte> text = stackalloc byte[20];
        "customer_"u8.CopyTo(text);
        for (long i = start; i < start + count; i++)
        {
            ids.Append(i);
            if (i % 17 == 0) { ints.AppendNull(); } else { ints.Append((int)(i * 2654435761 % 1000000)); }
            if (i % 29 == 0) { doubles.AppendNull(); } else { doubles.Append((double)(i * 7919 % 1000003) / 100); }
            if (i % 23 == 0)
            {
                strings.AppendNull();
            }
            else
            {
                long key = i * 31337 % StringCardinality;
                for (int d = 19; d >= 9; d--)
                {
                    text[d] = (byte)('0' + (key % 10));
                    key /= 10;
                }
                strings.Append(text);
            }
            stamps.Append((EpochSeconds + i) * 1_000_000);
            flags.Append(i % 3 == 0);
        }
        ArrowArray[] columns = [ids.Build(), ints.Build(), doubles.Build(), strings.Build(), stamps.Build(), flags.Build()];
        return new RecordBatch(schema, columns, count);
    }
}
