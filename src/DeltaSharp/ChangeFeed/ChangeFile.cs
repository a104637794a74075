using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.ChangeFeed;

/// <summary>One data file of a commit whose rows (all or some) are change rows. Immutable.</summary>
/// <param name="Kind">How its rows become change rows.</param>
/// <param name="Path">The path as written in the log (percent-encoded).</param>
/// <param name="PartitionValues">Partition values from the action.</param>
/// <param name="Size">File size in bytes, or null when the action does not say.</param>
/// <param name="DeletionVector">For <see cref="ChangeFileKind.Insert"/> / <see cref="ChangeFileKind.Delete"/>: the
/// deletion vector of the action (its rows are not changes); for <see cref="ChangeFileKind.DeletionVectorUpdate"/>:
/// the new (add) vector.</param>
/// <param name="PreviousDeletionVector">For <see cref="ChangeFileKind.DeletionVectorUpdate"/>: the old (remove) vector.</param>
internal sealed record ChangeFile(
    ChangeFileKind Kind,
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long? Size,
    DeletionVectorDescriptor? DeletionVector,
    DeletionVectorDescriptor? PreviousDeletionVector);
