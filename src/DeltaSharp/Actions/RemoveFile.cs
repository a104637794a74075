using System.Collections.Generic;

namespace DeltaSharp.Actions;

/// <summary>A <c>remove</c> action (a tombstone): the file with this path and deletion vector left the table.</summary>
/// <param name="Path">The path as written in the log.</param>
/// <param name="DeletionTimestamp">When the file was removed (milliseconds since the Unix epoch), or null.</param>
/// <param name="DataChange">Whether the removal changed data.</param>
/// <param name="DeletionVector">The deletion vector of the removed entry, or null.</param>
/// <param name="Size">The file size, or null.</param>
internal sealed record RemoveFile(string Path, long? DeletionTimestamp, bool DataChange, DeletionVectorDescriptor? DeletionVector, long? Size)
{
    /// <summary>The removed file's partition values (optional in the protocol); decoded only for sinks whose
    /// <see cref="ActionSink.WantsRemovePartitionValues"/> is true, otherwise (and when absent) empty.</summary>
    public IReadOnlyDictionary<string, string?> PartitionValues { get; init; } = PartitionValueMap.Empty;
}
