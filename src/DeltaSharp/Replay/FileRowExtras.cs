using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>The rarely present fields of a recorded file action (tags, deletion vector, row tracking), kept out of
/// <see cref="CommitFileBatch"/>'s row struct so the common row carries one null reference for all of them.
/// Immutable.</summary>
internal sealed class FileRowExtras
{
    public FileRowExtras(PartitionValueMap? tags, DeletionVectorDescriptor? deletionVector, long? baseRowId, long? defaultRowCommitVersion)
    {
        Tags = tags;
        DeletionVector = deletionVector;
        BaseRowId = baseRowId;
        DefaultRowCommitVersion = defaultRowCommitVersion;
    }

    public PartitionValueMap? Tags { get; }

    public DeletionVectorDescriptor? DeletionVector { get; }

    public long? BaseRowId { get; }

    public long? DefaultRowCommitVersion { get; }

    /// <summary>Null when every field is absent (the row then keeps no extras object).</summary>
    public static FileRowExtras? Create(PartitionValueMap? tags, DeletionVectorDescriptor? deletionVector, long? baseRowId, long? defaultRowCommitVersion) =>
        tags is null && deletionVector is null && baseRowId is null && defaultRowCommitVersion is null
            ? null
            : new FileRowExtras(tags, deletionVector, baseRowId, defaultRowCommitVersion);
}
