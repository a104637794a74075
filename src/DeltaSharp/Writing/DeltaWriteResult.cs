using System.Collections.Generic;

namespace DeltaSharp.Writing;

/// <summary>The outcome of a committed (or skipped idempotent) write.</summary>
public sealed class DeltaWriteResult
{
    /// <summary>The committed version, or the table's current version when <see cref="Skipped"/>.</summary>
    public required long Version { get; init; }

    /// <summary>True when the write was skipped because <see cref="DeltaWriteOptions.AppVersion"/> was already committed.</summary>
    public bool Skipped { get; init; }

    /// <summary>Relative paths (as in the log) of the data files added.</summary>
    public IReadOnlyList<string> AddedFiles { get; init; } = [];

    /// <summary>Number of files removed (overwrite).</summary>
    public int RemovedFileCount { get; init; }

    /// <summary>Rows written.</summary>
    public long RowCount { get; init; }

    /// <summary>The version of the checkpoint written after this commit (every <c>delta.checkpointInterval</c>
    /// commits, default 10), or null.</summary>
    public long? CheckpointVersion { get; init; }

    /// <summary>True when the write changed the table schema (schema mode merge or overwrite).</summary>
    public bool SchemaChanged { get; init; }

    /// <summary>Commit attempts used (1 = no concurrent commit).</summary>
    public int Attempts { get; init; }
}
