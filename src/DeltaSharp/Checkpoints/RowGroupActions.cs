using System.Collections.Generic;
using DeltaSharp.Actions;
using DeltaSharp.State;

namespace DeltaSharp.Checkpoints;

/// <summary>
/// The actions of one checkpoint row group, decoded on a worker thread and kept in row order until every earlier row
/// group has been delivered; <see cref="DeliverTo"/> then hands them to the real sink. Answers the sink's
/// <c>Wants*</c> questions exactly as the sink does, so decoding skips what the sink skips. When the target keeps its
/// adds in a file table (<see cref="IFileTableSink"/>), so does this buffer: the row group's adds are decoded
/// column-wise into a table of their own (filtered by the target's decided keys on the worker) and delivered by
/// appending that table, sharing its bytes. Not thread-safe: one decoding thread, then one delivering thread (the
/// hand-over is ordered by the caller's lock).
/// </summary>
internal sealed class RowGroupActions : ActionSink, IFileTableSink
{
    private readonly bool wantsStatistics;
    private readonly bool wantsFileActions;
    private readonly bool wantsRemoves;
    private readonly bool wantsRemovePartitionValues;
    private readonly List<AddFile> adds;
    private readonly FileTableBuilder? table;
    private readonly IDecidedFileKeys? decidedKeys;

    /// <summary>The other actions, each with the number of adds recorded before it (adds are most of a checkpoint:
    /// they are kept apart so that delivering them needs no type test).</summary>
    private readonly List<(int AddsBefore, object Action)> others = new();

    /// <param name="target">The sink whose choices (statistics, file actions, removes, remove partition values) decoding follows.</param>
    /// <param name="expectedRows">Rows in the row group (the list's initial capacity, capped).</param>
    public RowGroupActions(ActionSink target, long expectedRows)
    {
        wantsStatistics = target.WantsStatistics;
        wantsFileActions = target.WantsFileActions;
        wantsRemoves = target.WantsRemoves;
        wantsRemovePartitionValues = target.WantsRemovePartitionValues;
        int capacity = wantsFileActions ? (int)System.Math.Clamp(expectedRows, 0, 1 << 20) : 0;
        if (target is IFileTableSink { FileBuilder: not null } tableTarget)
        {
            table = new FileTableBuilder(capacity);
            decidedKeys = tableTarget.DecidedKeys;
            adds = new List<AddFile>();
        }
        else
        {
            adds = new List<AddFile>(capacity);
        }
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsFileActions => wantsFileActions;

    public override bool WantsRemoves => wantsRemoves;

    public override bool WantsRemovePartitionValues => wantsRemovePartitionValues;

    /// <summary>The row group's adds when the target keeps a file table (else unused).</summary>
    public FileTableBuilder? FileBuilder => table;

    public IDecidedFileKeys? DecidedKeys => decidedKeys;

    public override void OnAdd(AddFile add)
    {
        if (table is null)
        {
            adds.Add(add);
        }
        else if (decidedKeys is not { Count: > 0 } || !decidedKeys.Decides(add))
        {
            table.Append(add);
        }
    }

    public override void OnRemove(RemoveFile remove) => Other(remove);

    public override void OnMetadata(DeltaMetadata metadata) => Other(metadata);

    public override void OnProtocol(DeltaProtocol protocol) => Other(protocol);

    public override void OnTransaction(SetTransaction transaction) => Other(transaction);

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => Other(domainMetadata);

    public override void OnCheckpointMetadata(long version) => Other(RecordedAction.CheckpointMetadata(version));

    public override void OnSidecar(SidecarFile sidecar) => Other(sidecar);

    private void Other(object action) => others.Add((table?.Count ?? adds.Count, action));

    /// <summary>Delivers the recorded actions to <paramref name="sink"/> in row order and forgets them (call once).</summary>
    public void DeliverTo(ActionSink sink)
    {
        if (table is not null)
        {
            DeliverTable(sink);
            return;
        }
        int add = 0;
        foreach ((int addsBefore, object action) in others)
        {
            for (; add < addsBefore; add++)
            {
                sink.OnAdd(adds[add]);
            }
            RecordedAction.Deliver(action, sink);
        }
        for (; add < adds.Count; add++)
        {
            sink.OnAdd(adds[add]);
        }
        adds.Clear();
        others.Clear();
    }

    private void DeliverTable(ActionSink sink)
    {
        FileTable rows = table!.Build();
        FileTableBuilder target = ((IFileTableSink)sink).FileBuilder!;
        int add = 0;
        foreach ((int addsBefore, object action) in others)
        {
            target.AppendTable(rows, add, addsBefore - add);
            add = addsBefore;
            RecordedAction.Deliver(action, sink);
        }
        target.AppendTable(rows, add, rows.Count - add);
        others.Clear();
    }
}
