using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.State;

/// <summary>The rarely present fields of an active file, stored only for files that have one of them.</summary>
internal readonly record struct FileExtras(
    DeletionVectorDescriptor? DeletionVector,
    IReadOnlyDictionary<string, string?>? Tags,
    long? BaseRowId,
    long? DefaultRowCommitVersion)
{
    /// <summary>True when at least one field is present.</summary>
    public bool Any => DeletionVector is not null || Tags is not null || BaseRowId is not null || DefaultRowCommitVersion is not null;
}
