using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// Collects the state of one checkpoint file (a classic checkpoint, one part, a V2 checkpoint or a sidecar). A
/// checkpoint holds reconciled state, so its adds are distinct and its removes are tombstones of files that are not
/// active: adds are appended without a hash table, except those whose key the later commits touched
/// (the constructor's shadowed keys), which the commits decide. Protocol, metadata, transactions and domains are kept for
/// the caller to merge under the commits'. Not thread-safe; parts read in parallel use one sink each.
/// </summary>
internal sealed class CheckpointReplaySink : ActionSink
{
    private readonly bool wantsStatistics;
    private readonly bool wantsFileActions;
    private readonly FileActionMap? shadowed;

    /// <param name="wantsStatistics">Keep add statistics.</param>
    /// <param name="wantsFileActions">False to skip file actions (the log state only).</param>
    /// <param name="shadowed">File keys decided by later commits (read-only while this sink is used), or null.</param>
    public CheckpointReplaySink(bool wantsStatistics, bool wantsFileActions, FileActionMap? shadowed)
    {
        this.wantsStatistics = wantsStatistics;
        this.wantsFileActions = wantsFileActions;
        this.shadowed = shadowed is { Count: > 0 } ? shadowed : null;
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsFileActions => wantsFileActions;

    public override bool WantsRemoves => false;

    /// <summary>The checkpoint's adds that no later commit touched, in file order.</summary>
    public List<AddFile> Files { get; } = new();

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
        if (shadowed is null || !shadowed.Decides(add))
        {
            Files.Add(add);
        }
    }

    public override void OnMetadata(DeltaMetadata metadata) => Metadata = metadata;

    public override void OnProtocol(DeltaProtocol protocol) => Protocol = protocol;

    public override void OnTransaction(SetTransaction transaction) => Transactions.Add(transaction);

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => Domains.Add(domainMetadata);

    public override void OnCheckpointMetadata(long version) => CheckpointMetadataVersion = version;

    public override void OnSidecar(SidecarFile sidecar) => Sidecars.Add(sidecar);
}
