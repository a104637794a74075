using System.Collections.Generic;
using DeltaSharp.Actions;
using DeltaSharp.State;

namespace DeltaSharp.Replay;

/// <summary>
/// Collects the state of one checkpoint file (a classic checkpoint, one part, a V2 checkpoint or a sidecar). A
/// checkpoint holds reconciled state, so its adds are distinct and its removes are tombstones of files that are not
/// active: adds are appended to a file table (column-wise by the Parquet reader) without a hash table, except those
/// whose key the later commits decided (the constructor's keys), which the commits decide. Protocol, metadata,
/// transactions and domains are kept for the caller to merge under the commits'. Not thread-safe; parts read in
/// parallel use one sink each.
/// </summary>
internal sealed class CheckpointReplaySink : ActionSink, IFileTableSink
{
    private readonly bool wantsStatistics;
    private readonly bool wantsFileActions;
    private readonly IDecidedFileKeys? decided;

    /// <param name="wantsStatistics">Keep add statistics.</param>
    /// <param name="wantsFileActions">False to skip file actions (the log state only).</param>
    /// <param name="decided">File keys decided by later commits (read-only while this sink is used), or null.</param>
    public CheckpointReplaySink(bool wantsStatistics, bool wantsFileActions, IDecidedFileKeys? decided)
    {
        this.wantsStatistics = wantsStatistics;
        this.wantsFileActions = wantsFileActions;
        this.decided = decided is { Count: > 0 } ? decided : null;
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsFileActions => wantsFileActions;

    public override bool WantsRemoves => false;

    /// <summary>The checkpoint's adds that no later commit decided, in file order.</summary>
    public FileTableBuilder FileBuilder { get; } = new();

    FileTableBuilder? IFileTableSink.FileBuilder => FileBuilder;

    public IDecidedFileKeys? DecidedKeys => decided;

    public DeltaProtocol? Protocol { get; private set; }

    public DeltaMetadata? Metadata { get; private set; }

    public List<SetTransaction> Transactions { get; } = new();

    public List<DomainMetadata> Domains { get; } = new();

    /// <summary>Sidecars referenced by a V2 checkpoint.</summary>
    public List<SidecarFile> Sidecars { get; } = new();

    /// <summary>The <c>checkpointMetadata.version</c> of a V2 checkpoint, if any.</summary>
    public long? CheckpointMetadataVersion { get; private set; }

    public override void OnAdd(AddFile add)
    {
        if (decided is null || !decided.Decides(add))
        {
            FileBuilder.Append(add);
        }
    }

    public override void OnMetadata(DeltaMetadata metadata) => Metadata = metadata;

    public override void OnProtocol(DeltaProtocol protocol) => Protocol = protocol;

    public override void OnTransaction(SetTransaction transaction) => Transactions.Add(transaction);

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => Domains.Add(domainMetadata);

    public override void OnCheckpointMetadata(long version) => CheckpointMetadataVersion = version;

    public override void OnSidecar(SidecarFile sidecar) => Sidecars.Add(sidecar);
}
