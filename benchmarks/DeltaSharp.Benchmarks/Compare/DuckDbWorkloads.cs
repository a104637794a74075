using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Benchmarks.Datasets;
using DeltaSharp.TestSupport.DuckDb;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>The DuckDB side of every workload: SQL over the same files, results streamed chunk by chunk.</summary>
internal static class DuckDbWorkloads
{
    /// <summary>Creates the DuckDB side of <paramref name="name"/> (untimed preparation included).</summary>
    public static IWorkloadSide Create(string name, DatasetScale scale, DatasetPaths paths, DuckDbConnection duck)
    {
        string Glob(string dir) => Quote(Path.Combine(dir, "*.parquet"));
        string all = string.Join(", ", WideTable.Columns);
        const string AddColumns = "add.path, add.partitionValues, add.size, add.modificationTime, add.dataChange, add.stats";
        return name switch
        {
            "scan_snappy" or "scan_zstd" or "scan_uncompressed" =>
                new Query(duck, $"SELECT {all} FROM read_parquet({Glob(paths.Wide(name.Substring(5)))})"),
            "scan_project2" =>
                new Query(duck, $"SELECT {string.Join(", ", WorkloadCatalog.ProjectedColumns)} FROM read_parquet({Glob(paths.Wide("snappy"))})"),
            "scan_filter" =>
                new Query(duck, $"SELECT {all} FROM read_parquet({Glob(paths.Wide("snappy"))}) WHERE {WorkloadCatalog.FilterSql(scale)}"),
            "part_scan" =>
                new Query(duck, $"SELECT part::INTEGER AS part, {string.Join(", ", WorkloadCatalog.PartitionedDataColumns)} " +
                    $"FROM read_parquet({Quote(Path.Combine(paths.Partitioned, "*", "*", "*.parquet"))}, hive_partitioning = true)"),
            "part_filter" =>
                new Query(duck, $"SELECT part::INTEGER AS part, {string.Join(", ", WorkloadCatalog.PartitionedDataColumns)} " +
                    $"FROM read_parquet({Quote(Path.Combine(paths.Partitioned, "*", "*", "*.parquet"))}, hive_partitioning = true) " +
                    $"WHERE {WorkloadCatalog.PartitionFilterSql}"),
            "part_list" =>
                new Query(duck, $"SELECT file, regexp_extract(file, 'part=([0-9]+)', 1)::INTEGER AS part " +
                    $"FROM glob({Quote(Path.Combine(paths.Partitioned, "*", "*", "*.parquet"))})"),
            "ckpt_load" =>
                new Query(duck, $"SELECT {AddColumns} FROM read_parquet({Quote(Path.Combine(paths.LogCheckpoint, "_delta_log", "*.checkpoint.parquet"))}) " +
                    "WHERE add IS NOT NULL"),
            "json_many_commits" => new Query(duck, JsonSnapshotSql(paths.LogManyCommits)),
            "json_big_commits" => new Query(duck, JsonSnapshotSql(paths.LogBigCommits)),
            "write_snappy" or "write_delta" => new Write(duck, paths),
            _ => throw new ArgumentException($"unknown workload {name}", nameof(name)),
        };
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The SQL equivalent of a snapshot load over JSON commits: read every action with a fixed schema
    /// and keep the adds whose path is not removed later (each path is added once and removed at most once).</summary>
    private static string JsonSnapshotSql(string table)
    {
        string glob = Quote(Path.Combine(table, "_delta_log", "*.json"));
        return
            "WITH actions AS MATERIALIZED (SELECT add, remove FROM read_json(" + glob + ", format = 'newline_delimited', columns = {" +
            "add: 'STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR)', " +
            "remove: 'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN)', " +
            "metaData: 'JSON', protocol: 'JSON', commitInfo: 'JSON'})) " +
            "SELECT add.path, add.partitionValues, add.size, add.modificationTime, add.dataChange, add.stats FROM actions " +
            "WHERE add IS NOT NULL AND add.path NOT IN (SELECT remove.path FROM actions WHERE remove IS NOT NULL)";
    }

    private static void SetThreads(DuckDbConnection duck, int threads) =>
        duck.Execute(string.Create(CultureInfo.InvariantCulture, $"SET threads={threads}"));

    private sealed class Query : IWorkloadSide
    {
        private readonly DuckDbConnection duck;
        private readonly string sql;

        public Query(DuckDbConnection duck, string sql)
        {
            this.duck = duck;
            this.sql = sql;
        }

        public ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
            SetThreads(duck, threads);
            return ValueTask.FromResult(DuckDbStreaming.Consume(duck.Handle, sql));
        }

        public void Dispose()
        {
        }
    }

    private sealed class Write : IWorkloadSide
    {
        private readonly DuckDbConnection duck;
        private readonly string output;

        public Write(DuckDbConnection duck, DatasetPaths paths)
        {
            this.duck = duck;
            Directory.CreateDirectory(paths.WriteOutput);
            output = Path.Combine(paths.WriteOutput, "duckdb.parquet");
            // Untimed: the rows to write, in memory (DuckDB's own storage), like the Arrow batches of the other side.
            duck.Execute($"CREATE OR REPLACE TABLE write_source AS SELECT * FROM read_parquet({Quote(Path.Combine(paths.Wide("snappy"), "*.parquet"))})");
        }

        public ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken)
        {
            SetThreads(duck, threads);
            string? count = duck.Scalar($"COPY write_source TO {Quote(output)} (FORMAT parquet, COMPRESSION snappy)");
            return ValueTask.FromResult(long.Parse(count ?? "0", CultureInfo.InvariantCulture));
        }

        public void Dispose()
        {
            duck.Execute("DROP TABLE IF EXISTS write_source");
            File.Delete(output);
        }
    }
}
