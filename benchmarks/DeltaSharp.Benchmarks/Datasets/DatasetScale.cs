namespace DeltaSharp.Benchmarks.Datasets;

/// <summary>Sizes of every generated dataset; <see cref="Full"/> is the reference scale, <see cref="Quick"/> the
/// reduced one used by <c>compare --quick</c>.</summary>
/// <param name="Name">Directory name under the data directory.</param>
/// <param name="WideRows">Rows of the wide table.</param>
/// <param name="WideFiles">Data files of the wide table (equal row ranges).</param>
/// <param name="WideRowGroupRows">Rows per Parquet row group in the wide table.</param>
/// <param name="CheckpointFiles">Add actions in the single-part checkpoint.</param>
/// <param name="JsonCommits">Commits of the many-commits log.</param>
/// <param name="ActionsPerCommit">File actions per commit of the many-commits log.</param>
/// <param name="BigCommitAdds">Total adds of the few-big-commits log.</param>
/// <param name="BigCommits">Commits of the few-big-commits log.</param>
/// <param name="PartitionedFiles">Data files of the partitioned table (100 partitions).</param>
/// <param name="RowsPerSmallFile">Rows per data file of the partitioned table.</param>
internal sealed record DatasetScale(
    string Name,
    long WideRows,
    int WideFiles,
    int WideRowGroupRows,
    int CheckpointFiles,
    int JsonCommits,
    int ActionsPerCommit,
    int BigCommitAdds,
    int BigCommits,
    int PartitionedFiles,
    int RowsPerSmallFile)
{
    /// <summary>The reference scale of issue 8.</summary>
    public static DatasetScale Full { get; } = new("full", 10_000_000, 10, 262_144, 1_000_000, 1_000, 1_000, 300_000, 5, 10_000, 100);

    /// <summary>The reduced scale (about a tenth) for <c>--quick</c>.</summary>
    public static DatasetScale Quick { get; } = new("quick", 1_000_000, 4, 65_536, 100_000, 100, 1_000, 30_000, 5, 1_000, 100);
}
