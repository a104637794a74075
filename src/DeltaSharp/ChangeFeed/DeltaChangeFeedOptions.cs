using System.Collections.Generic;
using DeltaSharp.Expressions;

namespace DeltaSharp.ChangeFeed;

/// <summary>Options of a change data feed read (<see cref="DeltaTable.ReadChangesAsync(long, long?, DeltaChangeFeedOptions?, System.Threading.CancellationToken)"/>).
/// Immutable after construction.</summary>
public sealed class DeltaChangeFeedOptions
{
    /// <summary>The default options: every column, 64 Ki rows per batch at most, no filter.</summary>
    public static DeltaChangeFeedOptions Default { get; } = new();

    /// <summary>
    /// Columns to return, in output order: top-level logical columns of the table and/or the change columns
    /// <see cref="DeltaChangeFeed.ChangeTypeColumn"/>, <see cref="DeltaChangeFeed.CommitVersionColumn"/> and
    /// <see cref="DeltaChangeFeed.CommitTimestampColumn"/>. Null = every table column in schema order followed by the
    /// three change columns.
    /// </summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Rows to return: only those for which this predicate is TRUE (SQL semantics; NULL is not TRUE). It may refer to
    /// table columns and to the three change columns (e.g. <c>_change_type = 'delete' AND id &gt; 10</c>). Files are
    /// skipped by partition values and statistics when the predicate refers only to table columns; every remaining
    /// row is tested, so the result is exact. Null = every change row.
    /// </summary>
    public DeltaExpression? Filter { get; init; }

    /// <summary>Maximum rows per batch read from a data file (default 65,536).</summary>
    public int BatchSize { get; init; } = 64 * 1024;

    /// <summary>How many files of one commit are read concurrently (default null = the processor count).</summary>
    public int? MaxConcurrentFiles { get; init; }
}
