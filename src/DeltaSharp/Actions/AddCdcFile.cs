using System;
using System.Collections.Generic;

namespace DeltaSharp.Actions;

/// <summary>
/// A <c>cdc</c> action (PROTOCOL.md "Add CDC File"): a change data file written by a commit, holding the rows that
/// commit changed with a <c>_change_type</c> column. Change data files are never part of a snapshot's data; readers
/// of the change data feed use them. Immutable.
/// </summary>
public sealed class AddCdcFile
{
    /// <summary>Creates a cdc action.</summary>
    /// <param name="path">The file's path as written in the log: a URI, relative to the table root unless absolute,
    /// percent-encoded (see <see cref="RelativePath"/> for the decoded form).</param>
    /// <param name="partitionValues">Partition column → serialized partition value (null = null value).</param>
    /// <param name="size">File size in bytes.</param>
    /// <param name="dataChange">The action's <c>dataChange</c> flag (the protocol requires false for cdc).</param>
    /// <param name="tags">Tags, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="partitionValues"/> is null.</exception>
    public AddCdcFile(string path, IReadOnlyDictionary<string, string?> partitionValues, long size, bool dataChange, IReadOnlyDictionary<string, string?>? tags)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        PartitionValues = partitionValues ?? throw new ArgumentNullException(nameof(partitionValues));
        Size = size;
        DataChange = dataChange;
        Tags = tags;
    }

    /// <summary>The path exactly as written in the log (a percent-encoded URI).</summary>
    public string Path { get; }

    /// <summary>The path with percent-encoding decoded (relative to the table root unless absolute).</summary>
    public string RelativePath => FilePaths.Decode(Path);

    /// <summary>Partition column (logical name) → serialized value; a null value is a null partition value.</summary>
    public IReadOnlyDictionary<string, string?> PartitionValues { get; }

    /// <summary>File size in bytes.</summary>
    public long Size { get; }

    /// <summary>The action's <c>dataChange</c> flag as written (false in valid logs).</summary>
    public bool DataChange { get; }

    /// <summary>Tags, or null.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; }
}
