namespace DeltaSharp.Writing;

/// <summary>What a replaceWhere overwrite does with an existing data file.</summary>
internal enum ReplaceWhereAction
{
    /// <summary>No row can match: the file stays.</summary>
    Keep,

    /// <summary>Every row matches: the file is removed.</summary>
    RemoveWhole,

    /// <summary>Some rows may match: the file is removed and its non-matching rows are written again.</summary>
    Rewrite,
}
