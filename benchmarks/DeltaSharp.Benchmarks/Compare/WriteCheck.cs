using System;
using System.IO;
using DeltaSharp.Benchmarks.Datasets;
using DeltaSharp.TestSupport.DuckDb;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>
/// Checks the output of DeltaSharp's write workloads with DuckDB, untimed, after the timed runs: the written Parquet
/// must hold the same rows as the wide table DuckDB generated (row count, and per-column aggregates: count of
/// non-null values, sums, min/max), so a fast writer that writes the wrong thing does not go unnoticed.
/// </summary>
internal static class WriteCheck
{
    private const string Aggregates =
        "count(*), sum(id), count(int_col), sum(int_col), count(dbl_col), sum(dbl_col)::DECIMAL(38,2), count(str_col), " +
        "min(str_col), max(str_col), sum(length(str_col)), min(ts_col), max(ts_col), count(flag), sum(flag::INTEGER)";

    /// <summary>Returns "write verified" or "WRITE OUTPUT DIFFERS: …" for the table note.</summary>
    public static string Verify(DuckDbConnection duck, string writtenGlob, DatasetPaths paths)
    {
        try
        {
            string expected = Row(duck, Path.Combine(paths.Wide("snappy"), "*.parquet"));
            string actual = Row(duck, writtenGlob);
            return expected == actual ? "write verified" : $"WRITE OUTPUT DIFFERS: expected [{expected}] got [{actual}]";
        }
        catch (InvalidOperationException e)
        {
            return "WRITE OUTPUT UNREADABLE: " + e.Message.Replace('\n', ' ');
        }
    }

    private static string Row(DuckDbConnection duck, string glob) =>
        string.Join("|", duck.Query($"SELECT {Aggregates} FROM read_parquet('{glob.Replace("'", "''", StringComparison.Ordinal)}')").Rows[0]);
}
