using System;
using System.Buffers.Binary;
using System.Text;

namespace DeltaSharp.Arrow.Ipc.FlatBuffers;

/// <summary>
/// A bounds-checked view of one FlatBuffers table inside a buffer. Every access verifies the vtable, the field's
/// extent inside the table, and that every referenced table, vector and string lies inside the buffer; any
/// violation throws <see cref="ArrowIpcFormatException"/> naming the table and field. Offsets (uoffset_t) are
/// unsigned and point forward, so following them cannot loop; recursion depth is limited by the callers.
/// </summary>
internal readonly ref struct FlatBufferTable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableLength;
    private readonly int _tableLength;
    private readonly string _name;

    private FlatBufferTable(ReadOnlySpan<byte> buffer, int position, string name)
    {
        _buffer = buffer;
        _position = position;
        _name = name;
        if (position < 0 || (long)position + 4 > buffer.Length)
        {
            throw Error(name, $"table at byte {position} lies outside the {buffer.Length}-byte flatbuffer");
        }
        long vtable = position - (long)BinaryPrimitives.ReadInt32LittleEndian(buffer.Slice(position));
        if (vtable < 0 || vtable + 4 > buffer.Length)
        {
            throw Error(name, $"vtable of the table at byte {position} lies outside the {buffer.Length}-byte flatbuffer");
        }
        _vtable = (int)vtable;
        _vtableLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(_vtable));
        _tableLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(_vtable + 2));
        if (_vtableLength < 4 || (_vtableLength & 1) != 0 || _vtable + _vtableLength > buffer.Length)
        {
            throw Error(name, $"vtable at byte {_vtable} has an invalid length {_vtableLength}");
        }
        if (_tableLength < 4 || (long)position + _tableLength > buffer.Length)
        {
            throw Error(name, $"table at byte {position} declares {_tableLength} bytes, beyond the {buffer.Length}-byte flatbuffer");
        }
    }

    /// <summary>The table's name (for error messages).</summary>
    public string Name => _name;

    /// <summary>The root table of <paramref name="buffer"/>.</summary>
    public static FlatBufferTable GetRoot(ReadOnlySpan<byte> buffer, string name)
    {
        if (buffer.Length < 8)
        {
            throw Error(name, $"a {buffer.Length}-byte flatbuffer is too short to hold a table");
        }
        uint root = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (root < 4 || root >= (uint)buffer.Length)
        {
            throw Error(name, $"root offset {root} lies outside the {buffer.Length}-byte flatbuffer");
        }
        return new FlatBufferTable(buffer, (int)root, name);
    }

    /// <summary>True when field <paramref name="slot"/> is present.</summary>
    public bool Has(int slot) => FieldOffset(slot) != 0;

    /// <summary>Reads a bool field.</summary>
    public bool GetBool(int slot, bool defaultValue) => FieldPosition(slot, 1, "bool") is int p and > 0 ? _buffer[p] != 0 : defaultValue;

    /// <summary>Reads an unsigned byte field.</summary>
    public byte GetByte(int slot, byte defaultValue) => FieldPosition(slot, 1, "byte") is int p and > 0 ? _buffer[p] : defaultValue;

    /// <summary>Reads a short field.</summary>
    public short GetInt16(int slot, short defaultValue) =>
        FieldPosition(slot, 2, "short") is int p and > 0 ? BinaryPrimitives.ReadInt16LittleEndian(_buffer.Slice(p)) : defaultValue;

    /// <summary>Reads an int field.</summary>
    public int GetInt32(int slot, int defaultValue) =>
        FieldPosition(slot, 4, "int") is int p and > 0 ? BinaryPrimitives.ReadInt32LittleEndian(_buffer.Slice(p)) : defaultValue;

    /// <summary>Reads a long field.</summary>
    public long GetInt64(int slot, long defaultValue) =>
        FieldPosition(slot, 8, "long") is int p and > 0 ? BinaryPrimitives.ReadInt64LittleEndian(_buffer.Slice(p)) : defaultValue;

    /// <summary>Follows a table reference; false when the field is absent.</summary>
    public bool TryGetTable(int slot, string name, out FlatBufferTable table)
    {
        int target = ReferenceTarget(slot, name);
        if (target < 0)
        {
            table = default;
            return false;
        }
        table = new FlatBufferTable(_buffer, target, name);
        return true;
    }

    /// <summary>Reads a string field as strict UTF-8; null when absent.</summary>
    public string? GetString(int slot, string fieldName)
    {
        int target = ReferenceTarget(slot, fieldName);
        if (target < 0)
        {
            return null;
        }
        int length = VectorLength(target, 1, fieldName);
        try
        {
            return StrictUtf8.GetString(_buffer.Slice(target + 4, length));
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArrowIpcFormatException($"Invalid Arrow IPC flatbuffer: {_name}.{fieldName} is not valid UTF-8.", ex);
        }
    }

    /// <summary>A vector of fixed-size elements (scalars or structs); empty when absent.</summary>
    public FlatBufferVector GetVector(int slot, int elementSize, string fieldName)
    {
        int target = ReferenceTarget(slot, fieldName);
        if (target < 0)
        {
            return default;
        }
        int count = VectorLength(target, elementSize, fieldName);
        return new FlatBufferVector(target + 4, count, elementSize);
    }

    /// <summary>Element <paramref name="index"/> of a vector of tables obtained with element size 4.</summary>
    public FlatBufferTable GetTableElement(FlatBufferVector vector, int index, string name)
    {
        if ((uint)index >= (uint)vector.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        int at = vector.Start + (index * 4);
        long target = at + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(at));
        if (target >= _buffer.Length)
        {
            throw Error(name, $"element {index} of a vector in {_name} points to byte {target}, outside the {_buffer.Length}-byte flatbuffer");
        }
        return new FlatBufferTable(_buffer, (int)target, name);
    }

    /// <summary>The raw bytes of a vector's elements (for struct and scalar vectors).</summary>
    public ReadOnlySpan<byte> GetVectorBytes(FlatBufferVector vector) => _buffer.Slice(vector.Start, vector.Count * vector.ElementSize);

    private int FieldOffset(int slot)
    {
        int entry = 4 + (slot * 2);
        if (entry + 2 > _vtableLength)
        {
            return 0;
        }
        return BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Slice(_vtable + entry));
    }

    private int FieldPosition(int slot, int size, string what)
    {
        int offset = FieldOffset(slot);
        if (offset == 0)
        {
            return 0;
        }
        if (offset < 4 || offset + size > _tableLength)
        {
            throw Error(_name, $"{what} field {slot} at table offset {offset} lies outside the {_tableLength}-byte table at byte {_position}");
        }
        return _position + offset;
    }

    private int ReferenceTarget(int slot, string fieldName)
    {
        int at = FieldPosition(slot, 4, fieldName);
        if (at == 0)
        {
            return -1;
        }
        long target = at + (long)BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(at));
        if (target >= _buffer.Length)
        {
            throw Error(_name, $"{fieldName} points to byte {target}, outside the {_buffer.Length}-byte flatbuffer");
        }
        return (int)target;
    }

    private int VectorLength(int target, int elementSize, string fieldName)
    {
        if ((long)target + 4 > _buffer.Length)
        {
            throw Error(_name, $"{fieldName} vector at byte {target} lies outside the {_buffer.Length}-byte flatbuffer");
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(target));
        if (target + 4 + ((long)count * elementSize) > _buffer.Length)
        {
            throw Error(_name, $"{fieldName} declares {count} elements, beyond the end of the {_buffer.Length}-byte flatbuffer");
        }
        return (int)count;
    }

    private static ArrowIpcFormatException Error(string table, string what) =>
        new($"Invalid Arrow IPC flatbuffer ({table}): {what}.");
}
