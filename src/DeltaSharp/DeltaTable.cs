using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Checkpoints;
using DeltaSharp.Log;
using DeltaSharp.Replay;
using DeltaSharp.Runtime;
using DeltaSharp.Storage;

namespace DeltaSharp;

/// <summary>
/// The front door to a Delta table: opens it, holds its latest loaded snapshot, and gives snapshots at other
/// versions or timestamps, and the commit history.
/// </summary>
/// <remarks>
/// <para>Thread safety: every member may be called concurrently. <see cref="Snapshot"/> is replaced atomically by
/// <see cref="RefreshAsync"/>; snapshots themselves are immutable.</para>
/// <para>Ownership: a table opened over a caller's <see cref="IObjectStore"/> does not dispose it; disposing the
/// table disposes only the stores the table created itself: its own (when opened from a location) and those it
/// opened, through <see cref="DeltaTableOptions.Storage"/>, to read files outside its root.</para>
/// </remarks>
public sealed partial class DeltaTable : IAsyncDisposable
{
    private readonly DeltaTableContext context;
    private readonly bool ownsStore;
    private DeltaSnapshot snapshot;

    private DeltaTable(DeltaTableContext context, DeltaSnapshot snapshot, bool ownsStore)
    {
        this.context = context;
        this.snapshot = snapshot;
        this.ownsStore = ownsStore;
    }

    /// <summary>The table location as given when opening.</summary>
    public string Location => context.Location;

    /// <summary>The latest snapshot loaded (at open, or by the last <see cref="RefreshAsync"/>).</summary>
    public DeltaSnapshot Snapshot => Volatile.Read(ref snapshot);

    /// <summary>The options the table was opened with.</summary>
    public DeltaTableOptions Options => context.Options;

    /// <summary>
    /// Opens the table at <paramref name="location"/> (a path or URI: <c>file://</c>, <c>memory://</c>, <c>s3://</c>,
    /// <c>az://</c>, … as <see cref="DeltaTableOptions.Storage"/> supports) and loads its latest snapshot. The
    /// table owns the store it creates; dispose the table to release it.
    /// </summary>
    /// <exception cref="DeltaTableNotFoundException">No Delta log at the location.</exception>
    /// <exception cref="DeltaLogCorruptException">The log cannot be replayed.</exception>
    /// <exception cref="DeltaUnsupportedFeatureException">The table needs a reader feature DeltaSharp lacks.</exception>
    /// <exception cref="System.ArgumentException">The location is malformed.</exception>
    /// <exception cref="System.NotSupportedException">No store is registered for the location's scheme.</exception>
    public static async Task<DeltaTable> OpenAsync(string location, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        options ??= DeltaTableOptions.Default;
        ObjectStoreOptions storage = options.Storage ?? new ObjectStoreOptions();
        IObjectStore store = storage.Open(location);
        try
        {
            return await OpenCoreAsync(store, location, options, storage, ownsStore: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens the table whose root is the root of <paramref name="store"/> and loads its latest snapshot.
    /// </summary>
    /// <param name="store">A store rooted at the table root (the folder holding <c>_delta_log</c>). The caller keeps
    /// ownership.</param>
    /// <param name="location">The table's location for messages and <see cref="DeltaSnapshot.TableLocation"/>.</param>
    /// <param name="options">Options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="DeltaTableNotFoundException">No Delta log at the location.</exception>
    /// <exception cref="DeltaLogCorruptException">The log cannot be replayed.</exception>
    /// <exception cref="DeltaUnsupportedFeatureException">The table needs a reader feature DeltaSharp lacks.</exception>
    public static Task<DeltaTable> OpenAsync(IObjectStore store, string location, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(location);
        return OpenCoreAsync(store, location, options, options?.Storage ?? new ObjectStoreOptions(), ownsStore: false, cancellationToken);
    }

    internal static async Task<DeltaTable> OpenCoreAsync(IObjectStore store, string location, DeltaTableOptions? options, ObjectStoreOptions storage, bool ownsStore, CancellationToken cancellationToken)
    {
        options ??= DeltaTableOptions.Default;
        var context = new DeltaTableContext(store, location, options, storage, CheckpointReaders.Create(options.Allocator));
        try
        {
            DeltaSnapshot latest = await SnapshotLoader.LoadAsync(context, null, cancellationToken).ConfigureAwait(false);
            return new DeltaTable(context, latest, ownsStore);
        }
        catch
        {
            // Loading opens no store for outside files, but release whatever the context holds all the same.
            await context.Paths.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Loads the newest version of the table, replaying only the commits since <see cref="Snapshot"/> when possible,
    /// makes it the table's <see cref="Snapshot"/> and returns it.
    /// </summary>
    public async Task<DeltaSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        DeltaSnapshot current = Snapshot;
        DeltaSnapshot refreshed = await SnapshotLoader.RefreshAsync(current, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            DeltaSnapshot seen = Interlocked.CompareExchange(ref snapshot, refreshed, current);
            if (ReferenceEquals(seen, current) || seen.Version >= refreshed.Version)
            {
                return refreshed;
            }
            current = seen;
        }
    }

    /// <summary>Loads the snapshot at <paramref name="version"/> (time travel).</summary>
    /// <exception cref="DeltaVersionNotFoundException">The version is newer than the latest, or can no longer be
    /// reconstructed.</exception>
    public Task<DeltaSnapshot> GetSnapshotAsync(long version, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return SnapshotLoader.LoadAsync(context, version, cancellationToken);
    }

    /// <summary>
    /// Loads the snapshot as of <paramref name="timestamp"/>: the latest version committed at or before it
    /// (see <see cref="GetVersionAtTimestampAsync"/>).
    /// </summary>
    public async Task<DeltaSnapshot> GetSnapshotAtTimestampAsync(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        long version = await GetVersionAtTimestampAsync(timestamp, cancellationToken).ConfigureAwait(false);
        return await SnapshotLoader.LoadAsync(context, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The latest version whose commit timestamp is at or before <paramref name="timestamp"/>. Commit timestamps
    /// are in-commit timestamps for versions where the table has them enabled, otherwise commit-file modification
    /// times made strictly increasing (a time not after its predecessor counts as predecessor + 1 ms), as Delta does.
    /// </summary>
    /// <exception cref="DeltaVersionNotFoundException">The timestamp is before the earliest readable commit, or after
    /// the latest commit (as in Delta/Spark, a timestamp later than the last commit is not silently the latest version).</exception>
    public async Task<long> GetVersionAtTimestampAsync(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        DeltaSnapshot latest = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        List<LogFile> listing = await SnapshotLoader.ListAsync(context.Store, 0, cancellationToken).ConfigureAwait(false);
        List<LogFile> commits = ReadableCommits(listing, latest.Version);
        if (commits.Count == 0)
        {
            throw new DeltaVersionNotFoundException($"The table at '{Location}' has no commit files to resolve a timestamp against.", null, latest.Version);
        }
        long target = timestamp.ToUnixTimeMilliseconds();
        var times = new long[commits.Count];
        int ictStart = commits.Count;
        if (SnapshotLoader.IsInCommitTimestampVersion(latest.Metadata, latest.Version))
        {
            long enabledAt = TableFeatures.TableProperties.InCommitTimestampEnablementVersionOf(latest.Metadata.Configuration) ?? commits[0].Version;
            ictStart = 0;
            while (ictStart < commits.Count && commits[ictStart].Version < enabledAt)
            {
                ictStart++;
            }
        }
        long previous = long.MinValue;
        for (int i = 0; i < ictStart; i++)
        {
            long t = commits[i].LastModified.ToUnixTimeMilliseconds();
            if (t <= previous)
            {
                t = previous + 1;
            }
            times[i] = t;
            previous = t;
        }
        // In-commit timestamps are monotonic: binary search, reading only O(log n) commits.
        int lo = ictStart;
        int hi = commits.Count - 1;
        int answer = -1;
        if (ictStart < commits.Count)
        {
            if (ictStart > 0 && target < await IctAsync(commits[ictStart]).ConfigureAwait(false))
            {
                answer = LastAtOrBefore(times, ictStart, target);
            }
            else
            {
                while (lo <= hi)
                {
                    int mid = lo + ((hi - lo) / 2);
                    if (await IctAsync(commits[mid]).ConfigureAwait(false) <= target)
                    {
                        answer = mid;
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid - 1;
                    }
                }
                if (answer < 0)
                {
                    answer = LastAtOrBefore(times, ictStart, target);
                }
            }
        }
        else
        {
            answer = LastAtOrBefore(times, commits.Count, target);
        }
        if (answer < 0)
        {
            throw new DeltaVersionNotFoundException(
                $"The timestamp {timestamp:O} is before the earliest readable commit (version {commits[0].Version}) of the table at '{Location}'.", commits[0].Version, latest.Version);
        }
        if (answer == commits.Count - 1)
        {
            // As Delta (Spark) does: a timestamp after the latest commit is an error, not "the latest version".
            long latestTime = ictStart < commits.Count ? await IctAsync(commits[^1]).ConfigureAwait(false) : times[^1];
            if (target > latestTime)
            {
                throw new DeltaVersionNotFoundException(
                    $"The timestamp {timestamp:O} is after the latest commit (version {latest.Version} at {DateTimeOffset.FromUnixTimeMilliseconds(latestTime):O}) of the table at '{Location}'.",
                    commits[0].Version, latest.Version);
            }
        }
        return commits[answer].Version;

        async Task<long> IctAsync(LogFile commit)
        {
            CommitInfo? info = await SnapshotLoader.ReadCommitInfoAsync(context.Store, commit, cancellationToken).ConfigureAwait(false);
            return info?.InCommitTimestamp ?? throw new DeltaLogCorruptException("In-commit timestamps are enabled but the commit has no commitInfo.inCommitTimestamp", commit.Path, commit.Version);
        }
    }

    /// <summary>
    /// The commit history, newest first: version, timestamp and commit info of each commit still in the log.
    /// </summary>
    /// <param name="limit">At most this many entries, or null for all.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public async IAsyncEnumerable<DeltaHistoryEntry> GetHistoryAsync(int? limit = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must not be negative.");
        }
        DeltaSnapshot latest = Snapshot;
        List<LogFile> listing = await SnapshotLoader.ListAsync(context.Store, 0, cancellationToken).ConfigureAwait(false);
        var commits = new List<LogFile>();
        foreach (LogFile file in listing)
        {
            if (file.Kind == LogFileKind.Commit)
            {
                commits.Add(file);
            }
        }
        commits.Sort((a, b) => b.Version.CompareTo(a.Version));
        int produced = 0;
        foreach (LogFile commit in commits)
        {
            ProcessGuard.ThrowIfForked();
            if (limit is int max && produced >= max)
            {
                yield break;
            }
            CommitInfo? info = await SnapshotLoader.ReadCommitInfoAsync(context.Store, commit, cancellationToken).ConfigureAwait(false);
            DateTimeOffset timestamp = info?.InCommitTimestamp is long ict && SnapshotLoader.IsInCommitTimestampVersion(latest.Metadata, commit.Version)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ict)
                : commit.LastModified;
            produced++;
            yield return new DeltaHistoryEntry(commit.Version, timestamp, info);
        }
    }

    /// <summary>Disposes the stores the table opened: those for files outside the table root (shallow clones, absolute
    /// paths) always, the table's own store only when the table created it. Snapshots of the table cannot be read
    /// afterwards.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await context.Paths.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (ownsStore)
            {
                await context.Store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Commits from the earliest reconstructable version to <paramref name="latest"/>, ascending.</summary>
    private static List<LogFile> ReadableCommits(List<LogFile> listing, long latest)
    {
        long earliest = long.MaxValue;
        bool hasZero = false;
        var commits = new SortedDictionary<long, LogFile>();
        foreach (LogFile file in listing)
        {
            if (file.Kind == LogFileKind.Commit && file.Version <= latest)
            {
                commits[file.Version] = file;
                hasZero |= file.Version == 0;
            }
            else if (file.IsCheckpoint && file.Version < earliest)
            {
                earliest = file.Version;
            }
        }
        if (hasZero)
        {
            earliest = 0;
        }
        var result = new List<LogFile>();
        foreach (KeyValuePair<long, LogFile> entry in commits)
        {
            if (entry.Key >= earliest)
            {
                result.Add(entry.Value);
            }
        }
        return result;
    }

    private static int LastAtOrBefore(long[] times, int count, long target)
    {
        int answer = -1;
        for (int i = 0; i < count; i++)
        {
            if (times[i] <= target)
            {
                answer = i;
            }
        }
        return answer;
    }
}
