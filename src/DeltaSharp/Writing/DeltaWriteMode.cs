namespace DeltaSharp.Writing;

/// <summary>How a write combines with the table's existing data.</summary>
public enum DeltaWriteMode
{
    /// <summary>Add the new files; existing files stay (a blind append).</summary>
    Append,

    /// <summary>Replace all existing files with the new ones (reads the whole table for conflict checks).</summary>
    Overwrite,
}
