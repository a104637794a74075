using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// Records the actions of one log file in order so that the file can be decoded on another thread while earlier
/// files are applied; <see cref="ReplayInto"/> then delivers them to the real sink in the same order. Holds one file's
/// actions at a time. Not thread-safe (one decoding thread, then one applying thread).
/// </summary>
internal sealed class RecordingSink : ActionSink
{
    private readonly bool wantsStatistics;
    private readonly bool wantsChangeDataFiles;
    private readonly List<object> actions = new();

    public RecordingSink(bool wantsStatistics, bool wantsChangeDataFiles = false)
    {
        this.wantsStatistics = wantsStatistics;
        this.wantsChangeDataFiles = wantsChangeDataFiles;
    }

    public override bool WantsStatistics => wantsStatistics;

    public override bool WantsChangeDataFiles => wantsChangeDataFiles;

    /// <summary>Remove partition values are decoded together with change data files (the change data feed needs both).</summary>
    public override bool WantsRemovePartitionValues => wantsChangeDataFiles;

    public override void OnChangeDataFile(AddCdcFile changeDataFile) => actions.Add(changeDataFile);

    public override bool WantsCommitInfo => true;

    public override void OnAdd(AddFile add) => actions.Add(add);

    public override void OnRemove(RemoveFile remove) => actions.Add(remove);

    public override void OnMetadata(DeltaMetadata metadata) => actions.Add(metadata);

    public override void OnProtocol(DeltaProtocol protocol) => actions.Add(protocol);

    public override void OnTransaction(SetTransaction transaction) => actions.Add(transaction);

    public override void OnDomainMetadata(DomainMetadata domainMetadata) => actions.Add(domainMetadata);

    public override void OnCommitInfo(CommitInfo commitInfo) => actions.Add(commitInfo);

    public override void OnCheckpointMetadata(long version) => actions.Add(RecordedAction.CheckpointMetadata(version));

    public override void OnSidecar(SidecarFile sidecar) => actions.Add(sidecar);

    /// <summary>Delivers the recorded actions to <paramref name="sink"/> in file order.</summary>
    public void ReplayInto(ActionSink sink)
    {
        foreach (object action in actions)
        {
            RecordedAction.Deliver(action, sink);
        }
    }
}
