using System;
using System.Collections.Generic;
using System.Text;

namespace DeltaSharp.Actions;

/// <summary>
/// One <c>add</c> action as spans (no managed object per action): what <see cref="ActionSink.OnAddRow"/> receives
/// from the JSON decoder, and what the snapshot's file table builder appends (<c>FileTableBuilder.Append</c>). Valid
/// only during the call it is passed to: the spans point into the reader's line buffer (or a scratch buffer), so
/// whoever keeps the row copies what it needs (<see cref="ToAddFile"/> and the builder do).
/// </summary>
internal readonly ref struct AddFileRow
{
    /// <summary>The path exactly as written in the log (JSON-unescaped, still percent-encoded), UTF-8.</summary>
    public ReadOnlySpan<byte> Path { get; init; }

    /// <summary>Partition values (the decoder gives the <see cref="PartitionValueMap"/> interned by the replay's
    /// interner; shared instances are stored once per file table). Null means none.</summary>
    public IReadOnlyDictionary<string, string?>? PartitionValues { get; init; }

    /// <summary>File size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Modification time in milliseconds since the Unix epoch (0 when absent).</summary>
    public long ModificationTime { get; init; }

    /// <summary>Whether the action changed data.</summary>
    public bool DataChange { get; init; }

    /// <summary>True when statistics are present and were asked for (<see cref="ActionSink.WantsStatistics"/>).</summary>
    public bool HasStatistics { get; init; }

    /// <summary>The raw bytes between the quotes of <c>"stats":"..."</c>: still JSON-escaped when
    /// <see cref="StatisticsEscaped"/> (validated by the decoder). Empty when absent.</summary>
    public ReadOnlySpan<byte> Statistics { get; init; }

    /// <summary>True when <see cref="Statistics"/> contains escape sequences.</summary>
    public bool StatisticsEscaped { get; init; }

    /// <summary>Tags, or null (absent or empty).</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }

    /// <summary>The deletion vector, or null.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; init; }

    /// <summary>Row tracking base row id, or null.</summary>
    public long? BaseRowId { get; init; }

    /// <summary>Row tracking default row commit version, or null.</summary>
    public long? DefaultRowCommitVersion { get; init; }

    /// <summary>The replay's interner: its statistics arena is where <see cref="ToAddFile"/> copies statistics (null:
    /// they get an array of their own).</summary>
    public PartitionValueInterner? Interner { get; init; }

    /// <summary>Materialises the row as an <see cref="AddFile"/> (path string, statistics copied into the interner's
    /// arena, or an array of their own without one, and kept escaped): what <see cref="ActionSink.OnAdd"/> receives by
    /// default.</summary>
    public AddFile ToAddFile()
    {
        byte[]? statsBuffer = null;
        int statsOffset = 0;
        if (HasStatistics)
        {
            (statsBuffer, statsOffset) = Interner is null ? (Statistics.ToArray(), 0) : Interner.Statistics.Copy(Statistics);
        }
        return new AddFile(
            Encoding.UTF8.GetString(Path),
            PartitionValues ?? PartitionValueMap.Empty,
            Size,
            ModificationTime,
            DataChange,
            statsBuffer,
            statsOffset,
            Statistics.Length,
            StatisticsEscaped,
            Tags,
            DeletionVector,
            BaseRowId,
            DefaultRowCommitVersion);
    }
}
