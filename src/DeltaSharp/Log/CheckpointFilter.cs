namespace DeltaSharp.Log;

/// <summary>Which checkpoints the reader can use for replay.</summary>
internal enum CheckpointFilter
{
    /// <summary>Every checkpoint kind.</summary>
    All,

    /// <summary>Only JSON (UUID-named V2) checkpoints: no Parquet reader is available.</summary>
    JsonOnly,

    /// <summary>No checkpoint: replay commits from version 0.</summary>
    None,
}
