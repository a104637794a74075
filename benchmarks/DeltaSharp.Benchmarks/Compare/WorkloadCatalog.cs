using System.Collections.Generic;
using DeltaSharp.Benchmarks.Datasets;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>The workloads of <c>compare</c>, in run order.</summary>
internal static class WorkloadCatalog
{
    /// <summary>Columns of the projected scan.</summary>
    public static readonly string[] ProjectedColumns = ["dbl_col", "str_col"];

    /// <summary>Columns of the partitioned table's data files (the partition column <c>part</c> lives in the log and
    /// the paths only).</summary>
    public static readonly string[] PartitionedDataColumns = ["id", "val", "name"];

    /// <summary>All workloads at <paramref name="scale"/>.</summary>
    public static IReadOnlyList<WorkloadInfo> All(DatasetScale scale)
    {
        double wide = WideTable.ArrowBytesPerRow(WideTable.Columns);
        return
        [
            new("scan_snappy", "full scan, every column decoded, snappy", wide),
            new("scan_zstd", "full scan, every column decoded, zstd", wide),
            new("scan_uncompressed", "full scan, every column decoded, uncompressed", wide),
            new("scan_project2", "projected scan of dbl_col, str_col (snappy)", WideTable.ArrowBytesPerRow(ProjectedColumns)),
            new("scan_filter", $"filtered scan {FilterSql(scale)} (1% of rows, sorted ids): file and row-group skipping by statistics (snappy)", wide),
            new("part_scan", $"scan of a partitioned table of {scale.PartitionedFiles} small files (partition column materialised)", PartitionedBytesPerRow),
            new("part_filter", $"partition-pruned scan {PartitionFilterSql} of the partitioned table (1% of its files)", PartitionedBytesPerRow),
            new("part_list", $"planning/listing of the partitioned table: its {scale.PartitionedFiles} files with partition values " +
                "(DeltaSharp: snapshot load + file list; DuckDB: glob of the data files + partition value from the path)", 0),
            new("ckpt_load", $"snapshot load from a checkpoint of {scale.CheckpointFiles} adds with stats", 0),
            new("json_many_commits", $"snapshot load from {scale.JsonCommits} JSON commits x {scale.ActionsPerCommit} actions", 0),
            new("json_big_commits", $"snapshot load from {scale.BigCommitAdds} adds in {scale.BigCommits} JSON commits", 0),
            new("write_snappy", $"write {scale.WideRows} rows to one Parquet file (snappy) from memory", wide),
            new("write_delta", $"write {scale.WideRows} rows as a new Delta table (DeltaSharp: create + append commit with stats; DuckDB: Parquet COPY only)", wide),
        ];
    }

    /// <summary>Predicate of the partition-pruned scan (one of 100 partitions).</summary>
    public const string PartitionFilterSql = "part = 42";

    /// <summary>Arrow bytes per row of the partitioned table: part int32, id int64, val double, name (11-char
    /// string + int32 offset).</summary>
    private const double PartitionedBytesPerRow = 4 + 8 + 8 + 4 + 11;

    /// <summary>Predicate of the filtered scan (same text for both engines).</summary>
    public static string FilterSql(DatasetScale scale) => $"id BETWEEN {FilterLow(scale)} AND {FilterHigh(scale)}";

    /// <summary>Lowest id of the filtered scan.</summary>
    public static long FilterLow(DatasetScale scale) => scale.WideRows / 2;

    /// <summary>Highest id (inclusive) of the filtered scan.</summary>
    public static long FilterHigh(DatasetScale scale) => (scale.WideRows / 2) + (scale.WideRows / 100) - 1;
}
