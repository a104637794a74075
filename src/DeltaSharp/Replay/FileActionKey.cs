using System;
using DeltaSharp.Actions;

namespace DeltaSharp.Replay;

/// <summary>
/// The identity of a logical file in reconciliation (PROTOCOL.md "Action Reconciliation"): the canonical path
/// (<see cref="FileKeys.CanonicalPath(string)"/>: local <c>file:</c> URI reduced, percent-decoded) plus the deletion vector's
/// unique id (null when the action has no DV). The string form of the keys <see cref="FileActionMap"/> compares as bytes.
/// </summary>
internal readonly record struct FileActionKey(string Path, string? DeletionVectorId)
{
    public static FileActionKey For(AddFile add) => new(FileKeys.CanonicalPath(add.Path), add.DeletionVector?.UniqueId);

    public static FileActionKey For(RemoveFile remove) => new(FileKeys.CanonicalPath(remove.Path), remove.DeletionVector?.UniqueId);

    public bool Equals(FileActionKey other) =>
        string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(DeletionVectorId, other.DeletionVectorId, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Path), DeletionVectorId is null ? 0 : StringComparer.Ordinal.GetHashCode(DeletionVectorId));
}
