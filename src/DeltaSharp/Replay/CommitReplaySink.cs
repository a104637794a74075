using System;
using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// Reconciles the commits (and compaction files) after the snapshot's base, in ascending version order, following
/// PROTOCOL.md "Action Reconciliation": for every file key (path, DV id) the latest action wins and is remembered
/// whether it is an <c>add</c> or a <c>remove</c> (a tombstone, kept as null) so that it shadows the base's entry for
/// the same key; the latest protocol, metadata, <c>txn</c> per app and <c>domainMetadata</c> per domain (tombstones
/// included) win. Not thread-safe (one replay).
/// </summary>
internal sealed class CommitReplaySink : ActionSink
{
    private readonly bool wantsStatistics;

    public CommitReplaySink(bool wantsStatistics)
    {
        this.wantsStatistics = wantsStatistics;
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsCommitInfo => true;

    /// <summary>Latest action per file key: the add, or null when the latest action is a remove.</summary>
    public Dictionary<FileActionKey, AddFile?> Files { get; } = new();

    public DeltaProtocol? Protocol { get; private set; }

    public DeltaMetadata? Metadata { get; private set; }

    public Dictionary<string, SetTransaction> Transactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Latest domainMetadata per domain, removals included (they hide the base's domain).</summary>
    public Dictionary<string, DomainMetadata> Domains { get; } = new(StringComparer.Ordinal);

    /// <summary>The first commitInfo seen since <see cref="BeginFile"/>.</summary>
    public CommitInfo? FileCommitInfo { get; private set; }

    /// <summary>Sidecar actions found in a commit (invalid there; counted so the caller can reject them).</summary>
    public int SidecarCount { get; private set; }

    /// <summary>Resets per-file state before a new log file is read.</summary>
    public void BeginFile()
    {
        FileCommitInfo = null;
    }

    public override void OnAdd(AddFile add) => Files[FileActionKey.For(add)] = add;

    public override void OnRemove(RemoveFile remove) => Files[FileActionKey.For(remove)] = null;

    public override void OnMetadata(DeltaMetadata metadata) => Metadata = metadata;

    public override void OnProtocol(DeltaProtocol protocol) => Protocol = protocol;

    public override void OnTransaction(SetTransaction transaction) => Transactions[transaction.AppId] = transaction;

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => Domains[domainMetadata.Domain] = domainMetadata;

    public override void OnCommitInfo(CommitInfo commitInfo) => FileCommitInfo ??= commitInfo;

    public override void OnSidecar(SidecarFile sidecar) => SidecarCount++;
}
