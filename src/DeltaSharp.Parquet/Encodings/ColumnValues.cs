using System;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Parquet.Encodings;

/// <summary>
/// Decoded non-null values of one leaf column: fixed-width values packed in <see cref="Data"/> (booleans one byte
/// each, INT96 twelve bytes, FIXED_LEN_BYTE_ARRAY its length), or variable-length values as <see cref="Offsets"/>
/// (Count + 1 entries, starting at 0) into <see cref="Data"/>. Owns pooled memory: dispose it.
/// </summary>
internal sealed class ColumnValues : IDisposable
{
    public ColumnValues(bool variableLength, int width)
    {
        IsVariableLength = variableLength;
        Width = width;
        if (variableLength)
        {
            Offsets.Add(0);
        }
    }

    public bool IsVariableLength { get; }

    /// <summary>Bytes per value for fixed-width columns.</summary>
    public int Width { get; }

    public PooledBuffer<byte> Data { get; } = new();

    public PooledBuffer<int> Offsets { get; } = new();

    public int Count { get; set; }

    /// <summary>Appends one variable-length value.</summary>
    public void AddBinary(ReadOnlySpan<byte> value)
    {
        if ((long)Data.Length + value.Length > int.MaxValue)
        {
            throw new ParquetUnsupportedException("a column chunk holds more than 2 GiB of byte-array data, which this reader cannot hold in one Arrow array");
        }
        value.CopyTo(Data.Append(value.Length));
        Offsets.Add(Data.Length);
        Count++;
    }

    /// <summary>Returns value <paramref name="index"/> of a variable-length column.</summary>
    public ReadOnlySpan<byte> GetBinary(int index)
    {
        ReadOnlySpan<int> offsets = Offsets.ReadOnlySpan;
        return Data.ReadOnlySpan[offsets[index]..offsets[index + 1]];
    }

    /// <summary>Drops the first <paramref name="count"/> values, moving the rest to the front (offsets rebased).</summary>
    public void RemoveFront(int count)
    {
        if ((uint)count > (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        if (count == 0)
        {
            return;
        }
        if (count == Count)
        {
            // Everything goes (the usual case: a whole row group or page per batch): nothing to move.
            Data.Clear();
            if (IsVariableLength)
            {
                Offsets.Clear();
                Offsets.Add(0);
            }
            Count = 0;
            return;
        }
        if (IsVariableLength)
        {
            int bytes = Offsets.ReadOnlySpan[count];
            Data.RemoveFront(bytes);
            Offsets.RemoveFront(count);
            Span<int> offsets = Offsets.Span;
            for (int i = 0; i < offsets.Length; i++)
            {
                offsets[i] -= bytes;
            }
        }
        else
        {
            Data.RemoveFront(checked(count * Width));
        }
        Count -= count;
    }

    /// <summary>
    /// Takes the value bytes as an Arrow buffer without copying when they are large (the pooled array itself is
    /// handed over, pinned, and returned to the pool when the Arrow buffer is released), else returns null. Only when
    /// every held value is taken: afterwards <see cref="Data"/> is empty and the values must be dropped with
    /// <see cref="RemoveFront"/>(<see cref="Count"/>) before anything else reads them.
    /// </summary>
    public ArrowBuffer? TryTakeAllData(int minimumBytes)
    {
        if (Data.Length < minimumBytes || Data.Length == 0)
        {
            return null;
        }
        int length = Data.Length;
        return PinnedPoolArray.Wrap(Data.Detach(), length);
    }

    public void Dispose()
    {
        Data.Dispose();
        Offsets.Dispose();
    }
}
