using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.ChangeFeed;

/// <summary>
/// The actions of one commit that the change data feed needs, collected while the commit file is decoded: file
/// actions (with their <c>dataChange</c> flags), <c>cdc</c> actions, the commit's protocol and metadata changes and
/// its commitInfo. Statistics are not kept. Filled by one decoder at a time (it is the decoder's sink).
/// </summary>
internal sealed class CommitChanges : ActionSink
{
    public CommitChanges(long version)
    {
        Version = version;
    }

    public long Version { get; }

    public List<AddFile> Adds { get; } = new();

    public List<RemoveFile> Removes { get; } = new();

    public List<AddCdcFile> ChangeDataFiles { get; } = new();

    /// <summary>The commit's metaData action (the last one, should there be several), or null.</summary>
    public DeltaMetadata? Metadata { get; private set; }

    /// <summary>The commit's protocol action, or null.</summary>
    public DeltaProtocol? Protocol { get; private set; }

    /// <summary>The commit's first commitInfo, or null.</summary>
    public CommitInfo? CommitInfo { get; private set; }

    public override bool WantsCommitInfo => true;

    public override bool WantsChangeDataFiles => true;

    /// <summary>Deleted rows of a partitioned table take their partition values from the remove action.</summary>
    public override bool WantsRemovePartitionValues => true;

    public override void OnAdd(AddFile add) => Adds.Add(add);

    public override void OnRemove(RemoveFile remove) => Removes.Add(remove);

    public override void OnChangeDataFile(AddCdcFile changeDataFile) => ChangeDataFiles.Add(changeDataFile);

    public override void OnMetadata(DeltaMetadata metadata) => Metadata = metadata;

    public override void OnProtocol(DeltaProtocol protocol) => Protocol = protocol;

    public override void OnCommitInfo(CommitInfo commitInfo) => CommitInfo ??= commitInfo;
}
