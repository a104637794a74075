namespace DeltaSharp.Actions;

/// <summary>
/// Receives decoded actions in log order. The default implementation of every method ignores the action, so a
/// consumer overrides only what it needs. Implementations are used by one replay at a time (not thread-safe).
/// </summary>
internal abstract class ActionSink
{
    /// <summary>True when the consumer wants add-action statistics (otherwise they are skipped, not allocated).</summary>
    public virtual bool WantsStatistics => false;

    /// <summary>True when the consumer wants commitInfo actions (otherwise they are skipped cheaply).</summary>
    public virtual bool WantsCommitInfo => false;

    /// <summary>False when the consumer ignores add/remove actions (they are then skipped without decoding).</summary>
    public virtual bool WantsFileActions => true;

    /// <summary>False when the consumer ignores remove actions even though it wants adds (a checkpoint's removes are
    /// tombstones of inactive files); they are then skipped without decoding.</summary>
    public virtual bool WantsRemoves => WantsFileActions;

    /// <summary>True when the consumer wants <c>cdc</c> actions (change data files); otherwise (the default) they are
    /// skipped without decoding, so snapshot replay pays nothing for them.</summary>
    public virtual bool WantsChangeDataFiles => false;

    /// <summary>True when the consumer wants <see cref="RemoveFile.PartitionValues"/> decoded (the change data feed
    /// does); by default they are skipped and left empty.</summary>
    public virtual bool WantsRemovePartitionValues => false;

    /// <summary>An <c>add</c> action as materialised objects. Called by the default <see cref="OnAddRow"/> (and by
    /// readers that decode objects, such as the Parquet checkpoint reader). Default: ignored.</summary>
    public virtual void OnAdd(AddFile add)
    {
    }

    /// <summary>A <c>remove</c> action as a materialised object. Called by the default <see cref="OnRemoveRow"/>.
    /// Default: ignored.</summary>
    public virtual void OnRemove(RemoveFile remove)
    {
    }

    /// <summary>
    /// An <c>add</c> action decoded from a JSON log line, as spans over the line (no managed object per action). The
    /// row is valid only during the call. The default materialises an <see cref="AddFile"/> and calls
    /// <see cref="OnAdd"/>, so sinks that want objects need not override it; a sink that keeps its own columnar state
    /// overrides this and copies what it needs.
    /// </summary>
    public virtual void OnAddRow(in AddFileRow row) => OnAdd(row.ToAddFile());

    /// <summary>A <c>remove</c> action decoded from a JSON log line (see <see cref="OnAddRow"/>). The default
    /// materialises a <see cref="RemoveFile"/> and calls <see cref="OnRemove"/>.</summary>
    public virtual void OnRemoveRow(in RemoveFileRow row) => OnRemove(row.ToRemoveFile());

    public virtual void OnMetadata(DeltaMetadata metadata)
    {
    }

    public virtual void OnProtocol(DeltaProtocol protocol)
    {
    }

    public virtual void OnTransaction(SetTransaction transaction)
    {
    }

    public virtual void OnDomainMetadata(DomainMetadata domainMetadata)
    {
    }

    public virtual void OnCommitInfo(CommitInfo commitInfo)
    {
    }

    public virtual void OnCheckpointMetadata(long version)
    {
    }

    public virtual void OnSidecar(SidecarFile sidecar)
    {
    }

    /// <summary>A <c>cdc</c> action; called only when <see cref="WantsChangeDataFiles"/> is true. Default: ignored.</summary>
    public virtual void OnChangeDataFile(AddCdcFile changeDataFile)
    {
    }
}
