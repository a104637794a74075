using System;
using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.State;

/// <summary>
/// One active file as spans, for appending to a <see cref="FileTableBuilder"/> without an <see cref="AddFile"/>
/// object (the JSON log decoder fills one per surviving add). The builder copies every span before
/// <see cref="FileTableBuilder.Append(in FileRow)"/> returns, so the spans may point into a reused read buffer.
/// </summary>
internal readonly ref struct FileRow
{
    /// <summary>The path exactly as written in the log (percent-encoded URI), JSON-unescaped, as UTF-8.</summary>
    public ReadOnlySpan<byte> PathUtf8 { get; init; }

    /// <summary>Partition column → serialized value; use an interned <see cref="PartitionValueMap"/> (shared
    /// instances are stored once per table). Null means no partition values.</summary>
    public IReadOnlyDictionary<string, string?>? PartitionValues { get; init; }

    /// <summary>File size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Modification time in milliseconds since the Unix epoch.</summary>
    public long ModificationTime { get; init; }

    /// <summary>Whether the action changed data.</summary>
    public bool DataChange { get; init; }

    /// <summary>True when the file has statistics (<see cref="StatsUtf8"/> may then be empty only if the log had an
    /// empty string).</summary>
    public bool HasStats { get; init; }

    /// <summary>The statistics JSON as UTF-8: unescaped, or (with <see cref="StatsEscaped"/>) the still-escaped
    /// content of the JSON log's string, validated by the decoder and unescaped on first use.</summary>
    public ReadOnlySpan<byte> StatsUtf8 { get; init; }

    /// <summary>See <see cref="StatsUtf8"/>.</summary>
    public bool StatsEscaped { get; init; }

    /// <summary>Tags, or null (an empty map is stored as null).</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }

    /// <summary>The deletion vector, or null.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; init; }

    /// <summary>Row tracking base row id, or null.</summary>
    public long? BaseRowId { get; init; }

    /// <summary>Row tracking default row commit version, or null.</summary>
    public long? DefaultRowCommitVersion { get; init; }
}
