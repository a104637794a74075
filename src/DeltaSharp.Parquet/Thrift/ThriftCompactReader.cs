using System;
using System.Buffers.Binary;
using System.Text;

namespace DeltaSharp.Parquet.Thrift;

/// <summary>
/// A bounds-checked reader of the Thrift compact protocol over a span. Every read checks the remaining length;
/// collection sizes are bounded by the bytes left (every element occupies at least one byte) and by
/// <see cref="MaxCollectionSize"/>; nesting is bounded by <see cref="MaxDepth"/>. Malformed input throws
/// <see cref="ParquetFormatException"/> without a location (the caller adds it).
/// </summary>
internal ref struct ThriftCompactReader
{
    /// <summary>Deepest struct/collection nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Largest list, set or map accepted.</summary>
    public const int MaxCollectionSize = 64 * 1024 * 1024;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _depth;

    public ThriftCompactReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _depth = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Enters a struct (call before reading its fields); enforces the depth limit.</summary>
    public void BeginStruct()
    {
        if (++_depth > MaxDepth)
        {
            throw Error("Thrift structure nested deeper than " + MaxDepth + " levels");
        }
    }

    /// <summary>Leaves a struct (call after its STOP field was read).</summary>
    public void EndStruct() => _depth--;

    /// <summary>Reads the next field header. Returns false on STOP. <paramref name="lastFieldId"/> carries the
    /// previous field id of the current struct (start at 0).</summary>
    public bool ReadFieldHeader(ref short lastFieldId, out ThriftType type)
    {
        byte header = ReadRawByte();
        type = (ThriftType)(header & 0x0F);
        if (type == ThriftType.Stop)
        {
            return false;
        }
        if (type > ThriftType.Struct)
        {
            throw Error($"invalid Thrift field type {(int)type}");
        }
        int delta = header >> 4;
        if (delta != 0)
        {
            lastFieldId = (short)(lastFieldId + delta);
        }
        else
        {
            lastFieldId = ReadI16();
        }
        return true;
    }

    /// <summary>Reads a boolean field value whose type nibble was <paramref name="type"/>.</summary>
    public readonly bool ReadBool(ThriftType type) => type switch
    {
        ThriftType.BooleanTrue => true,
        ThriftType.BooleanFalse => false,
        _ => throw Error($"expected a boolean field but found Thrift type {type}"),
    };

    /// <summary>Reads a boolean element of a list (one byte).</summary>
    public bool ReadBoolElement() => ReadRawByte() == 1;

    public sbyte ReadByte() => (sbyte)ReadRawByte();

    public short ReadI16()
    {
        long v = ReadZigZag(3);
        if (v < short.MinValue || v > short.MaxValue)
        {
            throw Error("Thrift i16 out of range");
        }
        return (short)v;
    }

    public int ReadI32()
    {
        long v = ReadZigZag(5);
        if (v < int.MinValue || v > int.MaxValue)
        {
            throw Error("Thrift i32 out of range");
        }
        return (int)v;
    }

    public long ReadI64() => ReadZigZag(10);

    public double ReadDouble()
    {
        Need(8);
        double v = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return v;
    }

    /// <summary>Reads a binary value; the span aliases the input.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        ulong length = ReadVarint(5);
        if (length > (ulong)(_data.Length - _position))
        {
            throw Error($"Thrift binary length {length} exceeds the {_data.Length - _position} bytes left");
        }
        ReadOnlySpan<byte> value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    public string ReadString()
    {
        ReadOnlySpan<byte> bytes = ReadBinary();
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a list or set header and returns the element count (validated against the bytes left).</summary>
    public int ReadListHeader(out ThriftType elementType)
    {
        byte header = ReadRawByte();
        elementType = (ThriftType)(header & 0x0F);
        int size = header >> 4;
        if (size == 15)
        {
            ulong big = ReadVarint(5);
            if (big > MaxCollectionSize)
            {
                throw Error($"Thrift list size {big} exceeds the limit");
            }
            size = (int)big;
        }
        if (elementType is ThriftType.Stop or > ThriftType.Struct)
        {
            if (size == 0)
            {
                return 0;
            }
            throw Error($"invalid Thrift list element type {(int)elementType}");
        }
        CheckCount(size);
        return size;
    }

    /// <summary>Reads a map header; returns the entry count.</summary>
    public int ReadMapHeader(out ThriftType keyType, out ThriftType valueType)
    {
        ulong big = ReadVarint(5);
        if (big > MaxCollectionSize)
        {
            throw Error($"Thrift map size {big} exceeds the limit");
        }
        int size = (int)big;
        if (size == 0)
        {
            keyType = ThriftType.Stop;
            valueType = ThriftType.Stop;
            return 0;
        }
        byte types = ReadRawByte();
        keyType = (ThriftType)(types >> 4);
        valueType = (ThriftType)(types & 0x0F);
        if (keyType is ThriftType.Stop or > ThriftType.Struct || valueType is ThriftType.Stop or > ThriftType.Struct)
        {
            throw Error("invalid Thrift map key/value type");
        }
        CheckCount(size);
        return size;
    }

    /// <summary>Skips a value of the given type (recursively, depth-limited).</summary>
    public void Skip(ThriftType type)
    {
        switch (type)
        {
            case ThriftType.BooleanTrue:
            case ThriftType.BooleanFalse:
                return;
            case ThriftType.Byte:
                ReadRawByte();
                return;
            case ThriftType.I16:
            case ThriftType.I32:
            case ThriftType.I64:
                ReadVarint(10);
                return;
            case ThriftType.Double:
                Need(8);
                _position += 8;
                return;
            case ThriftType.Binary:
                ReadBinary();
                return;
            case ThriftType.List:
            case ThriftType.Set:
                {
                    int count = ReadListHeader(out ThriftType element);
                    Enter();
                    for (int i = 0; i < count; i++)
                    {
                        SkipElement(element);
                    }
                    _depth--;
                    return;
                }
            case ThriftType.Map:
                {
                    int count = ReadMapHeader(out ThriftType key, out ThriftType value);
                    Enter();
                    for (int i = 0; i < count; i++)
                    {
                        SkipElement(key);
                        SkipElement(value);
                    }
                    _depth--;
                    return;
                }
            case ThriftType.Struct:
                {
                    BeginStruct();
                    short last = 0;
                    while (ReadFieldHeader(ref last, out ThriftType fieldType))
                    {
                        Skip(fieldType);
                    }
                    EndStruct();
                    return;
                }
            default:
                throw Error($"cannot skip Thrift type {(int)type}");
        }
    }

    /// <summary>Skips a collection element (booleans in collections take one byte).</summary>
    public void SkipElement(ThriftType type)
    {
        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
        {
            ReadRawByte();
            return;
        }
        Skip(type);
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error("Thrift structure nested deeper than " + MaxDepth + " levels");
        }
    }

    private readonly void CheckCount(int size)
    {
        if (size < 0 || size > _data.Length - _position)
        {
            throw Error($"Thrift collection of {size} elements cannot fit in the {_data.Length - _position} bytes left");
        }
    }

    private byte ReadRawByte()
    {
        if (_position >= _data.Length)
        {
            throw Error("Thrift data ends unexpectedly");
        }
        return _data[_position++];
    }

    private ulong ReadVarint(int maxBytes)
    {
        ulong result = 0;
        int shift = 0;
        for (int i = 0; i < maxBytes; i++)
        {
            byte b = ReadRawByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
            shift += 7;
        }
        throw Error("Thrift varint is too long");
    }

    private long ReadZigZag(int maxBytes)
    {
        ulong v = ReadVarint(maxBytes);
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    private readonly void Need(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Error("Thrift data ends unexpectedly");
        }
    }

    private readonly ParquetFormatException Error(string message) =>
        new($"{message} (at byte {_position} of {_data.Length} of Thrift metadata)");
}
