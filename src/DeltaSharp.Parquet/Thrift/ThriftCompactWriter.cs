using System;
using System.Buffers;
using System.Text;
using DeltaSharp.Parquet.Writer;

namespace DeltaSharp.Parquet.Thrift;

/// <summary>
/// A writer of the Thrift compact protocol into a <see cref="PooledByteBuffer"/>. Fields must be written in
/// increasing id order within a struct (the protocol's delta encoding relies on the previous id, tracked on a
/// stack per nesting level). Not thread-safe.
/// </summary>
internal sealed class ThriftCompactWriter
{
    private const int MaxDepth = 64;

    private readonly PooledByteBuffer _output;
    private readonly short[] _lastFieldIds = new short[MaxDepth];
    private int _depth;

    public ThriftCompactWriter(PooledByteBuffer output)
    {
        _output = output;
    }

    /// <summary>Starts a struct (the top-level one, a list element, or a struct value after its header).</summary>
    public void BeginStruct()
    {
        if (++_depth >= MaxDepth)
        {
            throw new InvalidOperationException("Thrift structure nested too deeply.");
        }
        _lastFieldIds[_depth] = 0;
    }

    /// <summary>Writes STOP and leaves the struct.</summary>
    public void EndStruct()
    {
        _output.WriteByte(0);
        _depth--;
    }

    /// <summary>Writes a field header for a non-boolean field.</summary>
    public void FieldHeader(short fieldId, ThriftType type)
    {
        short last = _lastFieldIds[_depth];
        int delta = fieldId - last;
        if (delta > 0 && delta <= 15)
        {
            _output.WriteByte((byte)((delta << 4) | (int)type));
        }
        else
        {
            _output.WriteByte((byte)type);
            WriteVarInt32Zigzag(fieldId);
        }
        _lastFieldIds[_depth] = fieldId;
    }

    public void FieldI32(short fieldId, int value)
    {
        FieldHeader(fieldId, ThriftType.I32);
        WriteVarInt32Zigzag(value);
    }

    public void FieldI64(short fieldId, long value)
    {
        FieldHeader(fieldId, ThriftType.I64);
        WriteVarInt64Zigzag(value);
    }

    public void FieldI16(short fieldId, short value)
    {
        FieldHeader(fieldId, ThriftType.I16);
        WriteVarInt32Zigzag(value);
    }

    public void FieldByte(short fieldId, sbyte value)
    {
        FieldHeader(fieldId, ThriftType.Byte);
        _output.WriteByte((byte)value);
    }

    /// <summary>Booleans are encoded in the field header type (1 = true, 2 = false).</summary>
    public void FieldBool(short fieldId, bool value) =>
        FieldHeader(fieldId, value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);

    public void FieldBinary(short fieldId, ReadOnlySpan<byte> value)
    {
        FieldHeader(fieldId, ThriftType.Binary);
        WriteBinary(value);
    }

    public void FieldString(short fieldId, string value)
    {
        FieldHeader(fieldId, ThriftType.Binary);
        WriteString(value);
    }

    /// <summary>Writes a struct field header and begins the struct; close it with <see cref="EndStruct"/>.</summary>
    public void FieldStructBegin(short fieldId)
    {
        FieldHeader(fieldId, ThriftType.Struct);
        BeginStruct();
    }

    /// <summary>Writes an empty struct field (Thrift unions of empty marker structs).</summary>
    public void FieldEmptyStruct(short fieldId)
    {
        FieldStructBegin(fieldId);
        EndStruct();
    }

    /// <summary>Writes a list field header; the elements follow (structs each with <see cref="BeginStruct"/>).</summary>
    public void FieldListBegin(short fieldId, ThriftType elementType, int count)
    {
        FieldHeader(fieldId, ThriftType.List);
        ListHeader(elementType, count);
    }

    public void ListHeader(ThriftType elementType, int count)
    {
        if (count < 15)
        {
            _output.WriteByte((byte)((count << 4) | (int)elementType));
        }
        else
        {
            _output.WriteByte((byte)(0xF0 | (int)elementType));
            _output.WriteUnsignedVarInt((uint)count);
        }
    }

    public void WriteVarInt32Zigzag(int value) => _output.WriteUnsignedVarInt((uint)((value << 1) ^ (value >> 31)));

    public void WriteVarInt64Zigzag(long value) => _output.WriteUnsignedVarInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        _output.WriteUnsignedVarInt((uint)value.Length);
        _output.Write(value);
    }

    public void WriteString(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> scratch = stackalloc byte[max];
            int n = Encoding.UTF8.GetBytes(value, scratch);
            WriteBinary(scratch[..n]);
            return;
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int n = Encoding.UTF8.GetBytes(value, rented);
            WriteBinary(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
