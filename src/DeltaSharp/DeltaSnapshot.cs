using System;
using System.Collections.Generic;
using DeltaSharp.Actions;
using DeltaSharp.Schema;
using DeltaSharp.State;
using DeltaSharp.Storage;

namespace DeltaSharp;

/// <summary>
/// The state of a Delta table at one version: protocol, metadata, schema, the active data files, application
/// transactions and domain metadata. Immutable and thread-safe; obtain one from <see cref="DeltaTable"/>.
/// </summary>
public sealed class DeltaSnapshot
{
    internal DeltaSnapshot(
        DeltaTableContext context,
        long version,
        DateTimeOffset timestamp,
        DeltaProtocol protocol,
        DeltaMetadata metadata,
        DeltaSchema schema,
        ColumnMappingMode columnMappingMode,
        AddFile[] files,
        IReadOnlyDictionary<string, SetTransaction> transactions,
        IReadOnlyDictionary<string, DomainMetadata> domainMetadata,
        long? checkpointVersion)
        : this(context, version, timestamp, protocol, metadata, schema, columnMappingMode, ToTable(files), transactions, domainMetadata, checkpointVersion)
    {
    }

    internal DeltaSnapshot(
        DeltaTableContext context,
        long version,
        DateTimeOffset timestamp,
        DeltaProtocol protocol,
        DeltaMetadata metadata,
        DeltaSchema schema,
        ColumnMappingMode columnMappingMode,
        FileTable files,
        IReadOnlyDictionary<string, SetTransaction> transactions,
        IReadOnlyDictionary<string, DomainMetadata> domainMetadata,
        long? checkpointVersion)
    {
        Context = context;
        Version = version;
        Timestamp = timestamp;
        Protocol = protocol;
        Metadata = metadata;
        Schema = schema;
        ColumnMappingMode = columnMappingMode;
        FileTable = files;
        fileList = new SnapshotFileList(files);
        Transactions = transactions;
        DomainMetadata = domainMetadata;
        CheckpointVersion = checkpointVersion;
        // Fail at load, naming the column, rather than mid-scan: every recorded type change must be one we can apply.
        DeltaSharp.Schema.TypeWideningRules.Validate(schema);
    }

    private readonly SnapshotFileList fileList;

    private static FileTable ToTable(AddFile[] files)
    {
        var builder = new FileTableBuilder(files.Length);
        foreach (AddFile file in files)
        {
            builder.Append(file);
        }
        return builder.Build();
    }

    /// <summary>The table's location (URI or path as given when opening).</summary>
    public string TableLocation => Context.Location;

    /// <summary>The table version of this snapshot.</summary>
    public long Version { get; }

    /// <summary>The commit timestamp of <see cref="Version"/>: its in-commit timestamp when the table has in-commit
    /// timestamps enabled at that version, otherwise the commit file's modification time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The protocol in effect.</summary>
    public DeltaProtocol Protocol { get; }

    /// <summary>The metadata in effect.</summary>
    public DeltaMetadata Metadata { get; }

    /// <summary>The table schema (logical names).</summary>
    public DeltaSchema Schema { get; }

    /// <summary>The partition columns (logical names), in order.</summary>
    public IReadOnlyList<string> PartitionColumns => Metadata.PartitionColumns;

    /// <summary>The table properties.</summary>
    public IReadOnlyDictionary<string, string?> Properties => Metadata.Configuration;

    /// <summary>The column mapping mode (<c>delta.columnMapping.mode</c>).</summary>
    public ColumnMappingMode ColumnMappingMode { get; }

    /// <summary>
    /// The active data files, in no particular order. The snapshot keeps its files column by column (a few arrays,
    /// not an object per file); this list materialises an <see cref="AddFile"/> on each access: every indexer call or
    /// enumeration step may return a new instance, equal in every field to the previous one and immutable. The indexer
    /// is O(1), <c>Count</c> is free, and the list is safe to use from several threads. Callers that visit the files
    /// more than once should keep the instances they need rather than index repeatedly.
    /// </summary>
    public IReadOnlyList<AddFile> Files => fileList;

    /// <summary>Sum of the sizes of the active files in bytes (computed on first use).</summary>
    public long TotalFileSize => FileTable.TotalSize;

    /// <summary>The active files as stored (columnar).</summary>
    internal FileTable FileTable { get; }

    /// <summary>The latest <c>txn</c> per application id.</summary>
    public IReadOnlyDictionary<string, SetTransaction> Transactions { get; }

    /// <summary>The active (not removed) domain metadata per domain.</summary>
    public IReadOnlyDictionary<string, DomainMetadata> DomainMetadata { get; }

    /// <summary>The checkpoint version replay started from, or null when the snapshot was replayed from commit 0.</summary>
    public long? CheckpointVersion { get; }

    internal DeltaTableContext Context { get; }

    internal IObjectStore Store => Context.Store;

    /// <summary>The latest version committed by application <paramref name="appId"/>, or null.</summary>
    public long? GetTransactionVersion(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        return Transactions.TryGetValue(appId, out SetTransaction? txn) ? txn.Version : null;
    }

    /// <summary>
    /// Reads the snapshot's rows as Arrow record batches with the logical schema (projected columns in the order
    /// asked, else schema order): partition columns carry their typed values, columns a file lacks are null,
    /// deleted rows (deletion vectors) are dropped, and with <see cref="DeltaScanOptions.Filter"/> only rows for which
    /// the filter is TRUE are returned (files and row groups that cannot match are skipped). Batches come in file
    /// path order (files are read ahead concurrently, <see cref="DeltaScanOptions.MaxConcurrentFiles"/>); each batch
    /// is owned by the caller, who must dispose it.
    /// </summary>
    /// <exception cref="ArgumentException">A requested column does not exist.</exception>
    /// <exception cref="Expressions.DeltaExpressionBindException">The filter does not fit the schema.</exception>
    /// <exception cref="DeltaDataFileException">A data file is missing or unreadable.</exception>
    /// <exception cref="DeltaLogCorruptException">A deletion vector or partition value is invalid.</exception>
    public IAsyncEnumerable<Arrow.RecordBatch> ReadAsync(DeltaScanOptions? options = null, System.Threading.CancellationToken cancellationToken = default)
    {
        Runtime.ProcessGuard.ThrowIfForked();
        return Scanning.DeltaScanner.ReadAsync(this, options ?? DeltaScanOptions.Default, cancellationToken);
    }

    /// <summary>
    /// The synchronous form of <see cref="ReadAsync"/> for scripts and other synchronous callers: the same batches in
    /// the same order, pulled with <c>foreach</c>. How it avoids sync-over-async deadlocks: the asynchronous scan runs
    /// on the thread pool (its awaits never capture the caller's synchronization context) and pushes batches into a
    /// bounded channel of <paramref name="bufferedBatches"/>; the calling thread only blocks waiting for that channel,
    /// never for a task that would need the calling thread to continue, so a UI or single-threaded context cannot
    /// deadlock. Do not call it from a thread-pool thread in a loop of many concurrent blocking readers (it then
    /// depends on the pool adding threads); in async code use <see cref="ReadAsync"/>. Dispose the enumerator (or
    /// finish the <c>foreach</c>) to stop the scan; batches not yet handed out are released. Each step checks the
    /// fork guard.
    /// </summary>
    /// <exception cref="ArgumentException">A requested column does not exist.</exception>
    /// <exception cref="Expressions.DeltaExpressionBindException">The filter does not fit the schema.</exception>
    public IEnumerable<Arrow.RecordBatch> Read(DeltaScanOptions? options = null, int bufferedBatches = 2, System.Threading.CancellationToken cancellationToken = default)
    {
        Runtime.ProcessGuard.ThrowIfForked();
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferedBatches, 1);
        DeltaScanOptions scanOptions = options ?? DeltaScanOptions.Default;
        // Bind the filter and validate the projection now, so errors surface at the call, not on another thread.
        _ = new Scanning.ScanPlan(this, scanOptions);
        return new BlockingBridge<Arrow.RecordBatch>(Scanning.DeltaScanner.ReadAsync(this, scanOptions, cancellationToken), bufferedBatches, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => $"DeltaSnapshot({TableLocation} @ v{Version}, {FileTable.Count} files)";
}
