using System;
using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// Applies actions in log order (checkpoint first, then commits ascending) following PROTOCOL.md "Action
/// Reconciliation": the latest protocol and metadata win; the latest <c>txn</c> per app id wins; the latest
/// <c>domainMetadata</c> per domain wins and <c>removed</c> drops it; a file is active when its latest action for
/// (path, DV id) is an <c>add</c>. Not thread-safe (one replay).
/// </summary>
internal sealed class ReconciliationSink : ActionSink
{
    private readonly bool wantsStatistics;

    public ReconciliationSink(bool wantsStatistics, int fileCapacity = 0)
    {
        this.wantsStatistics = wantsStatistics;
        Files = new Dictionary<FileActionKey, AddFile>(fileCapacity);
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsCommitInfo => true;

    public Dictionary<FileActionKey, AddFile> Files { get; }

    public DeltaProtocol? Protocol { get; set; }

    public DeltaMetadata? Metadata { get; set; }

    public Dictionary<string, SetTransaction> Transactions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DomainMetadata> Domains { get; } = new(StringComparer.Ordinal);

    /// <summary>The last commitInfo seen since <see cref="BeginFile"/>.</summary>
    public CommitInfo? FileCommitInfo { get; private set; }

    /// <summary>Sidecars referenced by the V2 checkpoint being read.</summary>
    public List<SidecarFile> Sidecars { get; } = new();

    /// <summary>The <c>checkpointMetadata.version</c> of the V2 checkpoint being read, if any.</summary>
    public long? CheckpointMetadataVersion { get; private set; }

    /// <summary>Number of remove actions applied (tombstones seen).</summary>
    public long RemoveCount { get; private set; }

    /// <summary>Resets per-file state before a new log file is read.</summary>
    public void BeginFile()
    {
        FileCommitInfo = null;
    }

    public override void OnAdd(AddFile add) => Files[FileActionKey.For(add)] = add;

    public override void OnRemove(RemoveFile remove)
    {
        RemoveCount++;
        Files.Remove(FileActionKey.For(remove));
    }

    public override void OnMetadata(DeltaMetadata metadata) => Metadata = metadata;

    public override void OnProtocol(DeltaProtocol protocol) => Protocol = protocol;

    public override void OnTransaction(SetTransaction transaction) => Transactions[transaction.AppId] = transaction;

    public override void OnDomainMetadata(DomainMetadata domainMetadata)
    {
        if (domainMetadata.Removed)
        {
            Domains.Remove(domainMetadata.Domain);
        }
        else
        {
            Domains[domainMetadata.Domain] = domainMetadata;
        }
    }

    public override void OnCommitInfo(CommitInfo commitInfo) => FileCommitInfo ??= commitInfo;

    public override void OnCheckpointMetadata(long version) => CheckpointMetadataVersion = version;

    public override void OnSidecar(SidecarFile sidecar) => Sidecars.Add(sidecar);
}
