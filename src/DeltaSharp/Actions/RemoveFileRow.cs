using System;
using System.Text;

namespace DeltaSharp.Actions;

/// <summary>
/// One decoded <c>remove</c> action as spans over the log line being decoded: what
/// <see cref="ActionSink.OnRemoveRow"/> receives. Valid only during that call (see <see cref="AddFileRow"/>).
/// </summary>
internal readonly ref struct RemoveFileRow
{
    /// <summary>The path exactly as written in the log (JSON-unescaped, still percent-encoded), UTF-8.</summary>
    public ReadOnlySpan<byte> Path { get; init; }

    /// <summary>When the file was removed (milliseconds since the Unix epoch), or null.</summary>
    public long? DeletionTimestamp { get; init; }

    /// <summary>Whether the removal changed data.</summary>
    public bool DataChange { get; init; }

    /// <summary>The deletion vector of the removed entry, or null.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; init; }

    /// <summary>The file size, or null.</summary>
    public long? Size { get; init; }

    /// <summary>Partition values (decoded only when <see cref="ActionSink.WantsRemovePartitionValues"/>; else empty).</summary>
    public PartitionValueMap PartitionValues { get; init; }

    /// <summary>Materialises the row as a <see cref="RemoveFile"/>: what <see cref="ActionSink.OnRemove"/> receives by
    /// default.</summary>
    public RemoveFile ToRemoveFile() =>
        new(Encoding.UTF8.GetString(Path), DeletionTimestamp, DataChange, DeletionVector, Size) { PartitionValues = PartitionValues };
}
