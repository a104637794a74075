using System.IO;

namespace DeltaSharp.Benchmarks.Datasets;

/// <summary>Where each generated dataset of one <see cref="DatasetScale"/> lives under the data directory.</summary>
/// <param name="Root">The scale's directory (data directory / scale name).</param>
internal sealed record DatasetPaths(string Root)
{
    /// <summary>Codecs the wide table is written with (DuckDB COPY COMPRESSION names).</summary>
    public static readonly string[] WideCodecs = ["snappy", "zstd", "uncompressed"];

    /// <summary>The wide Delta table written with <paramref name="codec"/>.</summary>
    public string Wide(string codec) => Path.Combine(Root, "wide_" + codec);

    /// <summary>Delta table whose log is one checkpoint with many adds (no data files).</summary>
    public string LogCheckpoint => Path.Combine(Root, "log_checkpoint");

    /// <summary>Delta table whose log is many commits of many actions (no data files).</summary>
    public string LogManyCommits => Path.Combine(Root, "log_many_commits");

    /// <summary>Delta table whose log is a few very large commits (no data files).</summary>
    public string LogBigCommits => Path.Combine(Root, "log_big_commits");

    /// <summary>Partitioned Delta table of many small files.</summary>
    public string Partitioned => Path.Combine(Root, "partitioned");

    /// <summary>Scratch directory the write workloads write into.</summary>
    public string WriteOutput => Path.Combine(Root, "write_out");
}
