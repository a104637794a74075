using System;
using System.Buffers.Binary;
using System.Text;

namespace DeltaSharp.Arrow.Ipc.FlatBuffers;

/// <summary>
/// Builds a FlatBuffers buffer back to front, as the format requires (references point forward). Offsets returned
/// by the builder are distances from the end of the buffer. Children (strings, vectors, tables) must be finished
/// before the table that references them is started. Not thread-safe.
/// </summary>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _head;
    private int _minAlign = 1;
    private int[] _slots = new int[16];
    private int _slotCount;
    private int _tableStart = -1;

    public FlatBufferBuilder(int initialCapacity = 1024)
    {
        _buffer = new byte[Math.Max(64, initialCapacity)];
        _head = _buffer.Length;
    }

    /// <summary>Bytes written so far (the offset of the most recently written item).</summary>
    public int Offset => _buffer.Length - _head;

    /// <summary>Writes a string (UTF-8, NUL-terminated) and returns its offset.</summary>
    public int CreateString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        Prep(4, byteCount + 1);
        _head -= 1;
        _buffer[_head] = 0;
        _head -= byteCount;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_head, byteCount));
        PutInt32(byteCount);
        return Offset;
    }

    /// <summary>Writes a vector of offsets (tables or strings) and returns its offset.</summary>
    public int CreateOffsetVector(ReadOnlySpan<int> offsets)
    {
        Prep(4, offsets.Length * 4);
        for (int i = offsets.Length - 1; i >= 0; i--)
        {
            PutOffset(offsets[i]);
        }
        PutInt32(offsets.Length);
        return Offset;
    }

    /// <summary>Writes a vector of int64 scalars and returns its offset.</summary>
    public int CreateInt64Vector(ReadOnlySpan<long> values)
    {
        Prep(4, values.Length * 8);
        Prep(8, values.Length * 8);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            PutInt64(values[i]);
        }
        PutInt32(values.Length);
        return Offset;
    }

    /// <summary>Writes a vector of int32 scalars and returns its offset.</summary>
    public int CreateInt32Vector(ReadOnlySpan<int> values)
    {
        Prep(4, values.Length * 4);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            PutInt32(values[i]);
        }
        PutInt32(values.Length);
        return Offset;
    }

    /// <summary>
    /// Writes a vector of structs made of two int64 fields each (Arrow's FieldNode and Buffer), given as pairs.
    /// </summary>
    public int CreateLongPairVector(ReadOnlySpan<long> firsts, ReadOnlySpan<long> seconds)
    {
        int count = firsts.Length;
        Prep(4, count * 16);
        Prep(8, count * 16);
        for (int i = count - 1; i >= 0; i--)
        {
            PutInt64(seconds[i]);
            PutInt64(firsts[i]);
        }
        PutInt32(count);
        return Offset;
    }

    /// <summary>Writes a vector of Arrow File.fbs Block structs (offset: long, metaDataLength: int, pad, bodyLength: long).</summary>
    public int CreateBlockVector(ReadOnlySpan<long> offsets, ReadOnlySpan<int> metadataLengths, ReadOnlySpan<long> bodyLengths)
    {
        int count = offsets.Length;
        Prep(4, count * 24);
        Prep(8, count * 24);
        for (int i = count - 1; i >= 0; i--)
        {
            PutInt64(bodyLengths[i]);
            PutInt32(0);
            PutInt32(metadataLengths[i]);
            PutInt64(offsets[i]);
        }
        PutInt32(count);
        return Offset;
    }

    /// <summary>Starts a table with up to <paramref name="slotCount"/> fields.</summary>
    public void StartTable(int slotCount)
    {
        if (_tableStart >= 0)
        {
            throw new InvalidOperationException("A table is already being built.");
        }
        if (_slots.Length < slotCount)
        {
            _slots = new int[slotCount];
        }
        Array.Clear(_slots, 0, slotCount);
        _slotCount = slotCount;
        _tableStart = Offset;
    }

    /// <summary>Adds a bool field (omitted when equal to the schema default).</summary>
    public void AddBool(int slot, bool value, bool defaultValue)
    {
        if (value != defaultValue)
        {
            Prep(1, 0);
            _head -= 1;
            _buffer[_head] = value ? (byte)1 : (byte)0;
            _slots[slot] = Offset;
        }
    }

    /// <summary>Adds a byte field (omitted when equal to the schema default).</summary>
    public void AddByte(int slot, byte value, byte defaultValue)
    {
        if (value != defaultValue)
        {
            Prep(1, 0);
            _head -= 1;
            _buffer[_head] = value;
            _slots[slot] = Offset;
        }
    }

    /// <summary>Adds a short field (omitted when equal to the schema default).</summary>
    public void AddInt16(int slot, short value, short defaultValue)
    {
        if (value != defaultValue)
        {
            Prep(2, 0);
            _head -= 2;
            BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_head), value);
            _slots[slot] = Offset;
        }
    }

    /// <summary>Adds an int field (omitted when equal to the schema default).</summary>
    public void AddInt32(int slot, int value, int defaultValue)
    {
        if (value != defaultValue)
        {
            PutInt32Aligned(value);
            _slots[slot] = Offset;
        }
    }

    /// <summary>Adds a long field (omitted when equal to the schema default).</summary>
    public void AddInt64(int slot, long value, long defaultValue)
    {
        if (value != defaultValue)
        {
            Prep(8, 0);
            PutInt64(value);
            _slots[slot] = Offset;
        }
    }

    /// <summary>Adds a reference to a finished string, vector or table.</summary>
    public void AddOffset(int slot, int offset)
    {
        Prep(4, 0);
        PutOffset(offset);
        _slots[slot] = Offset;
    }

    /// <summary>Finishes the table: writes its vtable and returns the table's offset.</summary>
    public int EndTable()
    {
        if (_tableStart < 0)
        {
            throw new InvalidOperationException("No table is being built.");
        }
        PutInt32Aligned(0);
        int tableOffset = Offset;
        int used = _slotCount;
        while (used > 0 && _slots[used - 1] == 0)
        {
            used--;
        }
        for (int i = used - 1; i >= 0; i--)
        {
            PutInt16(_slots[i] == 0 ? (short)0 : checked((short)(tableOffset - _slots[i])));
        }
        PutInt16(checked((short)(tableOffset - _tableStart)));
        PutInt16(checked((short)((used + 2) * 2)));
        int vtableOffset = Offset;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - tableOffset), vtableOffset - tableOffset);
        _tableStart = -1;
        return tableOffset;
    }

    /// <summary>Writes the root reference and returns the finished buffer (a copy, exact length).</summary>
    public byte[] Finish(int rootTable)
    {
        Prep(Math.Max(_minAlign, 8), 4);
        PutOffset(rootTable);
        return _buffer.AsSpan(_head).ToArray();
    }

    private void PutOffset(int offset)
    {
        // The reference is stored at the position about to be written; it points forward to the target.
        int value = Offset + 4 - offset;
        PutInt32(value);
    }

    private void PutInt32Aligned(int value)
    {
        Prep(4, 0);
        PutInt32(value);
    }

    private void PutInt16(short value)
    {
        Prep(2, 0);
        _head -= 2;
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_head), value);
    }

    private void PutInt32(int value)
    {
        _head -= 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_head), value);
    }

    private void PutInt64(long value)
    {
        _head -= 8;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_head), value);
    }

    /// <summary>Pads so that after <paramref name="additional"/> more bytes the next item is <paramref name="size"/>-aligned, growing as needed.</summary>
    private void Prep(int size, int additional)
    {
        if (size > _minAlign)
        {
            _minAlign = size;
        }
        int padding = (~(Offset + additional) + 1) & (size - 1);
        int needed = padding + size + additional;
        if (_head < needed)
        {
            int used = Offset;
            int newLength = Math.Max(_buffer.Length * 2, used + needed + 64);
            byte[] grown = new byte[newLength];
            _buffer.AsSpan(_head).CopyTo(grown.AsSpan(newLength - used));
            _buffer = grown;
            _head = newLength - used;
        }
        for (int i = 0; i < padding; i++)
        {
            _head--;
            _buffer[_head] = 0;
        }
    }
}
