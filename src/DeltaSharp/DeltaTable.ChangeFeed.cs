using System;
using System.Collections.Generic;
using System.Threading;
using DeltaSharp.Arrow;
using DeltaSharp.ChangeFeed;
using DeltaSharp.Runtime;
using DeltaSharp.Storage;

namespace DeltaSharp;

// The change data feed of the table (Spark's table_changes): ChangeFeed/ChangeFeedReader.
public sealed partial class DeltaTable
{
    /// <summary>
    /// Reads the change data feed of the versions <paramref name="startVersion"/> to <paramref name="endVersion"/>
    /// (inclusive) as Spark's <c>table_changes</c> returns it: each batch has the table's columns (the schema of the
    /// end version, logical names) followed by <c>_change_type</c> (string: <c>insert</c>, <c>delete</c>,
    /// <c>update_preimage</c>, <c>update_postimage</c>), <c>_commit_version</c> (long) and <c>_commit_timestamp</c>
    /// (timestamp, UTC), or the columns of <see cref="DeltaChangeFeedOptions.Columns"/>.
    /// </summary>
    /// <remarks>
    /// <para>Per commit (PROTOCOL.md "Change Data Files"): a commit with <c>cdc</c> actions contributes exactly the
    /// rows of those change data files; otherwise added files (dataChange) are inserts and removed files (dataChange)
    /// are deletes; a file re-added with a different deletion vector contributes only the rows whose deletion status
    /// changed; dataChange=false actions (OPTIMIZE) contribute nothing. Commits come in version order; rows within a
    /// commit in no particular order.</para>
    /// <para>Every commit of the range is read and checked before the first batch is returned, so errors come before
    /// any row. Each batch is owned by the caller, who must dispose it. Thread safety: the enumeration is
    /// single-consumer; several enumerations may run concurrently.</para>
    /// </remarks>
    /// <param name="startVersion">The first version (inclusive).</param>
    /// <param name="endVersion">The last version (inclusive); null or later than the latest version = the latest version.</param>
    /// <param name="options">Projection, filter and batch size; null = every column, every row.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startVersion"/> is negative.</exception>
    /// <exception cref="ArgumentException">A requested column does not exist.</exception>
    /// <exception cref="DeltaChangeDataFeedException">The feed was not recorded (<c>delta.enableChangeDataFeed</c>) at a
    /// version of the range; <paramref name="endVersion"/> is before <paramref name="startVersion"/>; or a schema change
    /// in the range (column renamed or dropped under column mapping, incompatible type change) makes the changes
    /// unreadable with the end version's schema. The message names the version.</exception>
    /// <exception cref="DeltaVersionNotFoundException"><paramref name="startVersion"/> is after the latest version, or a
    /// commit of the range is no longer in the log.</exception>
    /// <exception cref="DeltaDataFileException">A data or change data file is missing or unreadable.</exception>
    public IAsyncEnumerable<RecordBatch> ReadChangesAsync(long startVersion, long? endVersion = null, DeltaChangeFeedOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentOutOfRangeException.ThrowIfNegative(startVersion);
        return ChangeFeedReader.ReadAsync(context, startVersion, endVersion, options ?? DeltaChangeFeedOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Reads the change data feed of the commits made from <paramref name="startTimestamp"/> to
    /// <paramref name="endTimestamp"/> (inclusive), as Spark resolves a timestamp range: from the first version committed
    /// at or after the start to the last version committed at or before the end (null or later than the last commit =
    /// the latest version). Commit times are in-commit timestamps where the table has them enabled, otherwise commit
    /// file modification times made strictly increasing. Otherwise as
    /// <see cref="ReadChangesAsync(long, long?, DeltaChangeFeedOptions?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="DeltaVersionNotFoundException">The start is after the latest commit, or the end before the
    /// earliest.</exception>
    /// <exception cref="DeltaChangeDataFeedException">The end is before the start, no commit lies in the range, or as
    /// for a version range.</exception>
    public IAsyncEnumerable<RecordBatch> ReadChangesAsync(DateTimeOffset startTimestamp, DateTimeOffset? endTimestamp = null, DeltaChangeFeedOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        return ChangeFeedReader.ReadAsync(context, startTimestamp, endTimestamp, options ?? DeltaChangeFeedOptions.Default, cancellationToken);
    }

    /// <summary>
    /// The synchronous form of <see cref="ReadChangesAsync(long, long?, DeltaChangeFeedOptions?, CancellationToken)"/>
    /// for scripts: the same batches in the same order, pulled with <c>foreach</c> through a bounded buffer of
    /// <paramref name="bufferedBatches"/> (the asynchronous read runs on the thread pool, so a single-threaded
    /// synchronization context cannot deadlock; see <see cref="DeltaSnapshot.Read"/>). Errors of the range surface at
    /// the first <c>MoveNext</c>. Dispose the enumerator (or finish the <c>foreach</c>) to stop the read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startVersion"/> is negative or
    /// <paramref name="bufferedBatches"/> is less than 1.</exception>
    public IEnumerable<RecordBatch> ReadChanges(long startVersion, long? endVersion = null, DeltaChangeFeedOptions? options = null, int bufferedBatches = 2, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentOutOfRangeException.ThrowIfNegative(startVersion);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferedBatches, 1);
        return new BlockingBridge<RecordBatch>(
            ChangeFeedReader.ReadAsync(context, startVersion, endVersion, options ?? DeltaChangeFeedOptions.Default, cancellationToken),
            bufferedBatches,
            cancellationToken: cancellationToken);
    }
}
