using System.Globalization;
using System.Threading;

namespace DeltaSharp;

/// <summary>
/// Counters of a scan (pass one in <see cref="DeltaScanOptions.Report"/>): how many files the snapshot had, how many
/// were skipped by partition values and by statistics, how many were read, and the row groups read and skipped.
/// Updated atomically by the scan; safe to read from any thread (values are final once the enumeration ends). One
/// report may collect several scans (counters add up).
/// </summary>
public sealed class DeltaScanReport
{
    private long filesTotal;
    private long filesSkippedByPartition;
    private long filesSkippedByStatistics;
    private long filesRead;
    private long rowGroupsRead;
    private long rowGroupsSkipped;
    private long rowsRead;
    private long rowsReturned;

    /// <summary>Active files in the snapshot.</summary>
    public long FilesTotal => Interlocked.Read(ref filesTotal);

    /// <summary>Files skipped because their partition values cannot satisfy the filter.</summary>
    public long FilesSkippedByPartition => Interlocked.Read(ref filesSkippedByPartition);

    /// <summary>Files skipped because their statistics show no row can satisfy the filter.</summary>
    public long FilesSkippedByStatistics => Interlocked.Read(ref filesSkippedByStatistics);

    /// <summary>Files opened and read.</summary>
    public long FilesRead => Interlocked.Read(ref filesRead);

    /// <summary>Row groups decoded.</summary>
    public long RowGroupsRead => Interlocked.Read(ref rowGroupsRead);

    /// <summary>Row groups skipped by their Parquet statistics.</summary>
    public long RowGroupsSkipped => Interlocked.Read(ref rowGroupsSkipped);

    /// <summary>Rows decoded from data files (after deletion vectors, before the filter).</summary>
    public long RowsRead => Interlocked.Read(ref rowsRead);

    /// <summary>Rows returned to the caller.</summary>
    public long RowsReturned => Interlocked.Read(ref rowsReturned);

    internal void AddFilesTotal(long n) => Interlocked.Add(ref filesTotal, n);

    internal void AddSkippedByPartition() => Interlocked.Increment(ref filesSkippedByPartition);

    internal void AddSkippedByStatistics() => Interlocked.Increment(ref filesSkippedByStatistics);

    internal void AddFileRead() => Interlocked.Increment(ref filesRead);

    internal void AddRowGroup(bool skipped)
    {
        if (skipped)
        {
            Interlocked.Increment(ref rowGroupsSkipped);
        }
        else
        {
            Interlocked.Increment(ref rowGroupsRead);
        }
    }

    internal void AddRows(long read, long returned)
    {
        Interlocked.Add(ref rowsRead, read);
        Interlocked.Add(ref rowsReturned, returned);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"files {FilesTotal} (skipped: {FilesSkippedByPartition} by partition, {FilesSkippedByStatistics} by statistics; read {FilesRead}), row groups read {RowGroupsRead}, skipped {RowGroupsSkipped}, rows read {RowsRead}, returned {RowsReturned}");
}
