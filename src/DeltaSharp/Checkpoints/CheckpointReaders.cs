namespace DeltaSharp.Checkpoints;

/// <summary>Creates the Parquet checkpoint reader used by tables.</summary>
internal static class CheckpointReaders
{
    /// <summary>The reader for Parquet checkpoints and sidecars, or null while the Parquet layer cannot read them
    /// (snapshots then replay JSON commits from version 0, or use JSON V2 checkpoints).</summary>
    public static ICheckpointFileReader? Create() => null;
}
