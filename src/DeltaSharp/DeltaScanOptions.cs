using System.Collections.Generic;
using DeltaSharp.Expressions;

namespace DeltaSharp;

/// <summary>Options of a table scan (<see cref="DeltaSnapshot.ReadAsync"/>). Immutable after construction.</summary>
public sealed class DeltaScanOptions
{
    /// <summary>The default options: every column, 64 Ki rows per batch at most, no filter.</summary>
    public static DeltaScanOptions Default { get; } = new();

    /// <summary>Top-level logical column names to read, in output order; null = every column in schema order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Maximum rows per batch read from a data file (default 65,536). Deletion vectors and the filter may
    /// make batches smaller.</summary>
    public int BatchSize { get; init; } = 64 * 1024;

    /// <summary>
    /// Rows to return: only those for which this predicate is TRUE (SQL semantics; NULL is not TRUE). Bound to the
    /// snapshot's schema when the scan starts (<see cref="DeltaExpressionBindException"/> when it does not fit).
    /// Files are skipped by partition values and statistics, row groups by Parquet statistics, then every remaining
    /// row is tested, so the result is exact. Columns the filter reads need not be in <see cref="Columns"/>.
    /// Parse text with <see cref="DeltaExpressionParser.Parse"/>. Null = every row.
    /// </summary>
    public DeltaExpression? Filter { get; init; }

    /// <summary>Use the filter to skip files (partition values, file statistics) and Parquet row groups (default
    /// true). False still filters every row; it only turns skipping off (for verification and measurement).</summary>
    public bool DataSkipping { get; init; } = true;

    /// <summary>How many data files are read concurrently, ahead of the consumer (default null = the processor
    /// count; 1 = one file after another). Batches are returned in path order whatever the value. Memory is bounded by
    /// this many files' row groups being decoded plus two buffered batches per file.</summary>
    public int? MaxConcurrentFiles { get; init; }

    /// <summary>Receives the scan's counters (files and row groups seen and skipped) when set. The report is
    /// updated while the scan runs; read it after the enumeration ends.</summary>
    public DeltaScanReport? Report { get; init; }
}
