namespace DeltaSharp.ChangeFeed;

/// <summary>How the rows of a <see cref="ChangeFile"/> become change rows.</summary>
internal enum ChangeFileKind
{
    /// <summary>A <c>cdc</c> file: its rows are the changes, each with its own <c>_change_type</c> column.</summary>
    ChangeData,

    /// <summary>An added file: its live rows (those its deletion vector does not delete) are inserts.</summary>
    Insert,

    /// <summary>A removed file: its live rows (those the removed entry's deletion vector did not delete) are deletes.</summary>
    Delete,

    /// <summary>The same file removed and re-added with another deletion vector: rows the old vector deleted and the new
    /// one does not are inserts (restored), rows the new vector deletes and the old one did not are deletes.</summary>
    DeletionVectorUpdate,
}
