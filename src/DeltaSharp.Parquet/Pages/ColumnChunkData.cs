using System;
using DeltaSharp.Parquet.Encodings;

namespace DeltaSharp.Parquet.Pages;

/// <summary>Decoded levels and values of (part of) a column chunk: one definition and repetition level per slot
/// (absent when the max level is 0) and the non-null values. A <em>window</em> (a prefix of whole rows, see
/// <see cref="SetWindow"/>) limits what the assembler sees; <see cref="Consume"/> drops it. Owns pooled memory:
/// dispose it.</summary>
internal sealed class ColumnChunkData : IDisposable
{
    private int _windowLevels = -1;
    private int _windowValues = -1;
    private int _scanPosition;
    private int _scanRows;

    public ColumnChunkData(ColumnDescriptor column, ColumnValues values)
    {
        Column = column;
        Values = values;
    }

    public ColumnDescriptor Column { get; }

    /// <summary>Number of level slots held (values including nulls and empty lists).</summary>
    public int LevelCount { get; set; }

    public PooledBuffer<int> DefinitionLevels { get; } = new();

    public PooledBuffer<int> RepetitionLevels { get; } = new();

    public ColumnValues Values { get; }

    /// <summary>Level slots in the window (all held slots when no window is set).</summary>
    public int WindowLevels => _windowLevels < 0 ? LevelCount : _windowLevels;

    /// <summary>Non-null values in the window.</summary>
    public int WindowValues => _windowValues < 0 ? Values.Count : _windowValues;

    public ReadOnlySpan<int> WindowDefinitionLevels => Prefix(DefinitionLevels.ReadOnlySpan, WindowLevels);

    public ReadOnlySpan<int> WindowRepetitionLevels => Prefix(RepetitionLevels.ReadOnlySpan, WindowLevels);

    /// <summary>Value bytes of the window: fixed-width values packed, or the variable-length values' bytes.</summary>
    public ReadOnlySpan<byte> WindowData => Values.IsVariableLength
        ? Values.Data.ReadOnlySpan[..Values.Offsets.ReadOnlySpan[WindowValues]]
        : Values.Data.ReadOnlySpan[..(WindowValues * Values.Width)];

    /// <summary>Offsets of the window's variable-length values (WindowValues + 1 entries, from 0).</summary>
    public ReadOnlySpan<int> WindowOffsets => Values.Offsets.ReadOnlySpan[..(WindowValues + 1)];

    /// <summary>Finds the level index where row <paramref name="rows"/> starts (so levels [0, index) hold exactly
    /// <paramref name="rows"/> whole rows). Returns -1 when the held levels do not yet show that boundary; when
    /// <paramref name="complete"/> (no more pages) the end of the held levels closes the last row.</summary>
    public int FindRowBoundary(int rows, bool complete)
    {
        if (Column.MaxRepetitionLevel == 0)
        {
            return LevelCount >= rows ? rows : -1;
        }
        ReadOnlySpan<int> rep = RepetitionLevels.ReadOnlySpan;
        if (rows < _scanRows)
        {
            // The cursor is past the wanted boundary (after a full scan): rescan from the start.
            _scanPosition = 0;
            _scanRows = 0;
        }
        while (_scanPosition < LevelCount)
        {
            if (rep[_scanPosition] == 0)
            {
                if (_scanRows == rows)
                {
                    return _scanPosition;
                }
                _scanRows++;
            }
            _scanPosition++;
        }
        return complete && _scanRows == rows ? LevelCount : -1;
    }

    /// <summary>Rows that start in the held levels (for flat columns, every held level).</summary>
    public int BufferedRowStarts()
    {
        if (Column.MaxRepetitionLevel == 0)
        {
            return LevelCount;
        }
        _ = FindRowBoundary(int.MaxValue, complete: false);
        return _scanRows;
    }

    /// <summary>Rows whose start has been seen in the held levels (a lower bound for flat columns' row count is
    /// <see cref="LevelCount"/>).</summary>
    public int RowsSeen => Column.MaxRepetitionLevel == 0 ? LevelCount : _scanRows;

    /// <summary>Restricts the assembler's view to the first <paramref name="levels"/> slots.</summary>
    public void SetWindow(int levels)
    {
        int values = levels;
        int maxDef = Column.MaxDefinitionLevel;
        if (maxDef > 0)
        {
            values = DefinitionLevels.ReadOnlySpan[..levels].Count(maxDef);
        }
        if (values > Values.Count)
        {
            throw new ParquetFormatException($"column has {values} non-null slots but only {Values.Count} values were decoded");
        }
        _windowLevels = levels;
        _windowValues = values;
    }

    /// <summary>Drops the window's levels and values (the window must end at a row boundary, holding
    /// <paramref name="rows"/> rows) and clears the window.</summary>
    public void Consume(int rows)
    {
        int levels = WindowLevels;
        int values = WindowValues;
        if (DefinitionLevels.Length > 0)
        {
            DefinitionLevels.RemoveFront(levels);
        }
        if (RepetitionLevels.Length > 0)
        {
            RepetitionLevels.RemoveFront(levels);
            _scanPosition = Math.Max(0, _scanPosition - levels);
            _scanRows = Math.Max(0, _scanRows - rows);
        }
        Values.RemoveFront(values);
        LevelCount -= levels;
        _windowLevels = -1;
        _windowValues = -1;
    }

    public void Dispose()
    {
        DefinitionLevels.Dispose();
        RepetitionLevels.Dispose();
        Values.Dispose();
    }

    private static ReadOnlySpan<int> Prefix(ReadOnlySpan<int> span, int length) => span.IsEmpty ? span : span[..length];
}
