namespace DeltaSharp.Actions;

/// <summary>
/// Actions recorded as objects (by sinks that buffer them: the rare actions of <c>Replay.CommitFileBatch</c>, the checkpoint
/// reader's per-row-group buffers) and delivered later to another <see cref="ActionSink"/>.
/// </summary>
internal static class RecordedAction
{
    /// <summary>Records <c>checkpointMetadata</c>, which has no action object of its own.</summary>
    public static object CheckpointMetadata(long version) => new CheckpointMetadataVersion(version);

    /// <summary>Calls the <paramref name="sink"/> callback for one recorded action.</summary>
    public static void Deliver(object action, ActionSink sink)
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
            case CommitInfo commitInfo:
                sink.OnCommitInfo(commitInfo);
                break;
            case CheckpointMetadataVersion checkpointMetadata:
                sink.OnCheckpointMetadata(checkpointMetadata.Version);
                break;
            case SidecarFile sidecar:
                sink.OnSidecar(sidecar);
                break;
            case AddCdcFile changeDataFile:
                sink.OnChangeDataFile(changeDataFile);
                break;
        }
    }

    private sealed record CheckpointMetadataVersion(long Version);
}
