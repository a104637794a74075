using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Checkpoints;

/// <summary>
/// The actions of one checkpoint row group, decoded on a worker thread and kept in row order until every earlier row
/// group has been delivered; <see cref="DeliverTo"/> then hands them to the real sink. Answers the sink's
/// <c>Wants*</c> questions exactly as the sink does, so decoding skips what the sink skips. Not thread-safe: one
/// decoding thread, then one delivering thread (the hand-over is ordered by the caller's lock).
/// </summary>
internal sealed class RowGroupActions : ActionSink
{
    private readonly bool wantsStatistics;
    private readonly bool wantsFileActions;
    private readonly bool wantsRemoves;
    private readonly List<object> actions;

    /// <param name="target">The sink whose choices (statistics, file actions, removes) decoding follows.</param>
    /// <param name="expectedRows">Rows in the row group (the list's initial capacity, capped).</param>
    public RowGroupActions(ActionSink target, long expectedRows)
    {
        wantsStatistics = target.WantsStatistics;
        wantsFileActions = target.WantsFileActions;
        wantsRemoves = target.WantsRemoves;
        actions = new List<object>(wantsFileActions ? (int)System.Math.Clamp(expectedRows, 0, 1 << 20) : 4);
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsFileActions => wantsFileActions;

    public override bool WantsRemoves => wantsRemoves;

    public override void OnAdd(AddFile add) => actions.Add(add);

    public override void OnRemove(RemoveFile remove) => actions.Add(remove);

    public override void OnMetadata(DeltaMetadata metadata) => actions.Add(metadata);

    public override void OnProtocol(DeltaProtocol protocol) => actions.Add(protocol);

    public override void OnTransaction(SetTransaction transaction) => actions.Add(transaction);

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => actions.Add(domainMetadata);

    public override void OnCheckpointMetadata(long version) => actions.Add(new CheckpointMetadataVersion(version));

    public override void OnSidecar(SidecarFile sidecar) => actions.Add(sidecar);

    /// <summary>Delivers the recorded actions to <paramref name="sink"/> in row order and forgets them.</summary>
    public void DeliverTo(ActionSink sink)
    {
        foreach (object action in actions)
        {
            switch (action)
            {
                case AddFile add:
                    sink.OnAdd(add);
                    break;
                case RemoveFile remove:
                    sink.OnRemove(remove);
                    break;
                case DeltaMetadata metadata:
                    sink.OnMetadata(metadata);
                    break;
                case DeltaProtocol protocol:
                    sink.OnProtocol(protocol);
                    break;
                case SetTransaction transaction:
                    sink.OnTransaction(transaction);
                    break;
                case DomainMetadata domain:
                    sink.OnDomainMetadata(domain);
                    break;
                case CheckpointMetadataVersion checkpointMetadata:
                    sink.OnCheckpointMetadata(checkpointMetadata.Version);
                    break;
                case SidecarFile sidecar:
                    sink.OnSidecar(sidecar);
                    break;
            }
        }
        actions.Clear();
    }

    private sealed record CheckpointMetadataVersion(long Version);
}
