using System;
using System.Collections.Generic;
using System.IO;
using DeltaSharp.Actions;
using DeltaSharp.Writing;

namespace DeltaSharp.Transactions;

/// <summary>
/// The actions of one commit, serialized per attempt (only the commit timestamp and in-commit timestamp change
/// between attempts): commitInfo first, then metaData, txn, removes, adds. Immutable after construction.
/// </summary>
internal sealed class CommitPlan
{
    public required string Operation { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public long? ReadVersion { get; init; }

    public bool IsBlindAppend { get; init; }

    public DeltaMetadata? Metadata { get; init; }

    public string? AppId { get; init; }

    public long? AppVersion { get; init; }

    /// <summary>Files removed (whole), with dataChange=true.</summary>
    public IReadOnlyList<AddFile> Removes { get; init; } = [];

    /// <summary>Files added, with dataChange=true.</summary>
    public IReadOnlyList<DataFileWriter.WrittenFile> Adds { get; init; } = [];

    public string TransactionId { get; } = Guid.NewGuid().ToString("D");

    /// <summary>The commit file content; with an in-commit timestamp of at least <paramref name="inCommitTimestampFloor"/>
    /// (and at least now) when not null.</summary>
    public byte[] Serialize(long? inCommitTimestampFloor)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long? ict = inCommitTimestampFloor is long floor ? Math.Max(now, floor) : null;
        using var commit = new MemoryStream();
        DeltaActionSerializer.WriteCommitInfo(commit, ict ?? now, Operation, Parameters, ReadVersion, IsBlindAppend, TransactionId, ict);
        if (Metadata is not null)
        {
            DeltaActionSerializer.WriteMetadata(commit, Metadata);
        }
        if (AppId is not null)
        {
            DeltaActionSerializer.WriteTransaction(commit, AppId, AppVersion!.Value, now);
        }
        foreach (AddFile file in Removes)
        {
            DeltaActionSerializer.WriteRemove(commit, file, now, dataChange: true);
        }
        foreach (DataFileWriter.WrittenFile file in Adds)
        {
            DeltaActionSerializer.WriteAdd(commit, file.ActionPath, file.PartitionValues, file.Size, file.ModificationTime, dataChange: true, file.Stats);
        }
        return commit.ToArray();
    }
}
