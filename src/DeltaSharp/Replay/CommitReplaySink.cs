using System;
using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// Reconciles the commits (and compaction files) after the snapshot's base, in ascending version order, following
/// PROTOCOL.md "Action Reconciliation": every file is decoded into a <see cref="CommitFileBatch"/> (columnar, possibly
/// on another thread) and then <see cref="Apply"/>'d here in order. For every file key (path, DV id) the latest action
/// wins and is remembered whether it is an <c>add</c> or a <c>remove</c> (a tombstone) so that it shadows the base's
/// entry for the same key (<see cref="Files"/>); the latest protocol, metadata, <c>txn</c> per app and
/// <c>domainMetadata</c> per domain (tombstones included) win. Not thread-safe (one replay).
/// </summary>
internal sealed class CommitReplaySink : ActionSink
{
    private readonly bool wantsStatistics;

    /// <param name="wantsStatistics">Keep add statistics.</param>
    /// <param name="replayBytes">The total listed size of the files to replay (0 when unknown): sizes the
    /// reconciliation map up front (<see cref="FileActionMap(long)"/>).</param>
    public CommitReplaySink(bool wantsStatistics, long replayBytes = 0)
    {
        this.wantsStatistics = wantsStatistics;
        Files = new FileActionMap(replayBytes);
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsCommitInfo => true;

    /// <summary>The file actions reconciled so far: latest action per file key.</summary>
    public FileActionMap Files { get; }

    public DeltaProtocol? Protocol { get; private set; }

    public DeltaMetadata? Metadata { get; private set; }

    public Dictionary<string, SetTransaction> Transactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Latest domainMetadata per domain, removals included (they hide the base's domain).</summary>
    public Dictionary<string, DomainMetadata> Domains { get; } = new(StringComparer.Ordinal);

    /// <summary>The first commitInfo of the file applied last.</summary>
    public CommitInfo? FileCommitInfo { get; private set; }

    /// <summary>Sidecar actions found in a commit (invalid there; counted so the caller can reject them).</summary>
    public int SidecarCount { get; private set; }

    /// <summary>A batch to decode one log file into (then <see cref="Apply"/> it); <paramref name="sizeHint"/> is the
    /// file's listed size.</summary>
    public CommitFileBatch CreateBatch(long sizeHint) => new(wantsStatistics, sizeHint);

    /// <summary>Applies one decoded log file; files must be applied in ascending version order.</summary>
    public void Apply(CommitFileBatch batch)
    {
        FileCommitInfo = null;
        foreach (object action in batch.OtherActions)
        {
            RecordedAction.Deliver(action, this);
        }
        Files.Apply(batch);
    }

    public override void OnMetadata(DeltaMetadata metadata) => Metadata = metadata;

    public override void OnProtocol(DeltaProtocol protocol) => Protocol = protocol;

    public override void OnTransaction(SetTransaction transaction) => Transactions[transaction.AppId] = transaction;

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => Domains[domainMetadata.Domain] = domainMetadata;

    public override void OnCommitInfo(CommitInfo commitInfo) => FileCommitInfo ??= commitInfo;

    public override void OnSidecar(SidecarFile sidecar) => SidecarCount++;
}
