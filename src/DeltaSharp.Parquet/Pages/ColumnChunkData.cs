using System;
using DeltaSharp.Parquet.Encodings;

namespace DeltaSharp.Parquet.Pages;

/// <summary>A decoded column chunk: one definition and repetition level per slot (absent when the max level is 0)
/// and the non-null values. Owns pooled memory: dispose it.</summary>
internal sealed class ColumnChunkData : IDisposable
{
    public ColumnChunkData(ColumnDescriptor column, ColumnValues values)
    {
        Column = column;
        Values = values;
    }

    public ColumnDescriptor Column { get; }

    /// <summary>Number of level slots (values including nulls and empty lists).</summary>
    public int LevelCount { get; set; }

    public PooledBuffer<int> DefinitionLevels { get; } = new();

    public PooledBuffer<int> RepetitionLevels { get; } = new();

    public ColumnValues Values { get; }

    public void Dispose()
    {
        DefinitionLevels.Dispose();
        RepetitionLevels.Dispose();
        Values.Dispose();
    }
}
