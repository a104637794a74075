using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Transactions;

namespace DeltaSharp.Writing;

/// <summary>Options of <c>DeltaTableWriter.WriteAsync</c>. Immutable; safe to share.</summary>
public sealed class DeltaWriteOptions
{
    /// <summary>The default options (see each property).</summary>
    public static DeltaWriteOptions Default { get; } = new();

    /// <summary>Append (default) or overwrite.</summary>
    public DeltaWriteMode Mode { get; init; } = DeltaWriteMode.Append;

    /// <summary>With <see cref="DeltaWriteMode.Overwrite"/>: replace only the rows matching this predicate (SQL-like,
    /// e.g. <c>date &gt;= '2024-01-01' AND country = 'NO'</c>) instead of the whole table. Every written row must
    /// match it. Files entirely matched (by partition values or statistics) are removed; files partly matched are
    /// rewritten without the matching rows.</summary>
    public string? ReplaceWhere { get; init; }

    /// <summary>Idempotent writes: the application id of a <c>txn</c> action. With <see cref="AppVersion"/>, a write
    /// whose version is not above the table's recorded version for this id is skipped.</summary>
    public string? AppId { get; init; }

    /// <summary>The application's monotonically increasing version for <see cref="AppId"/>.</summary>
    public long? AppVersion { get; init; }

    /// <summary>Parquet compression of data files.</summary>
    public ParquetCompressionCodec Compression { get; init; } = ParquetCompressionCodec.Snappy;

    /// <summary>Rows per data file before a new file is started (per partition).</summary>
    public long MaxRowsPerFile { get; init; } = 10_000_000;

    /// <summary>Rows per Parquet row group.</summary>
    public int RowGroupMaxRows { get; init; } = 1024 * 1024;

    /// <summary>Schema enforcement (default), merge (add new columns / nested fields, type widening where the table
    /// enables it) or overwrite (replace the schema; only with <see cref="DeltaWriteMode.Overwrite"/>).</summary>
    public DeltaSchemaMode SchemaMode { get; init; } = DeltaSchemaMode.Enforce;

    /// <summary>The isolation level of the conflict check; null = the table property <c>delta.isolationLevel</c>,
    /// else <see cref="DeltaIsolationLevel.WriteSerializable"/>.</summary>
    public DeltaIsolationLevel? IsolationLevel { get; init; }

    /// <summary>Receives a report after every batch (called on the writing thread; keep it cheap), or null.</summary>
    public System.IProgress<DeltaWriteProgress>? Progress { get; init; }

    /// <summary>How many times a commit is retried after losing a race (each retry first checks every commit that
    /// landed meanwhile, however many, and rebases over them when they do not conflict).</summary>
    public int MaxCommitAttempts { get; init; } = 10_000;
}
