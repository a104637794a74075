using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using DeltaSharp.Arrow.Compression;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Turns the field nodes and buffers of one record batch (or dictionary batch) into <see cref="ArrayData"/>,
/// walking the schema in pre-order as the IPC format lays it out. Uncompressed buffers are zero-copy slices of
/// the message body (which the caller owns and may dispose afterwards: slices hold their own references);
/// compressed buffers are decompressed into new buffers from the allocator. Every count, offset and size is
/// checked; errors throw <see cref="ArrowIpcFormatException"/> naming the message and field.
/// </summary>
internal sealed class RecordBatchBodyDecoder
{
    /// <summary>LZ4's largest possible expansion is about 255:1; zstd's (RLE blocks) about 32768:1.</summary>
    private const long Lz4MaxRatio = 256;
    private const long ZstdMaxRatio = 32768;

    private readonly RecordBatchMetadata _meta;
    private readonly ArrowBuffer _body;
    private readonly ArrowAllocator _allocator;
    private readonly long[] _dictionaryIds;
    private readonly IReadOnlyDictionary<long, ArrayData> _dictionaries;
    private readonly string _context;
    private int _node;
    private int _buffer;
    private int _variadic;
    private int _dictionaryCursor;

    public RecordBatchBodyDecoder(RecordBatchMetadata meta, ArrowBuffer body, ArrowAllocator allocator, long[] dictionaryIds, IReadOnlyDictionary<long, ArrayData> dictionaries, string context)
    {
        _meta = meta;
        _body = body;
        _allocator = allocator;
        _dictionaryIds = dictionaryIds;
        _dictionaries = dictionaries;
        _context = context;
    }

    /// <summary>Decodes one column per field; the caller owns the result.</summary>
    public ArrayData[] DecodeColumns(IReadOnlyList<Field> fields)
    {
        var columns = new ArrayData[fields.Count];
        int built = 0;
        try
        {
            for (; built < columns.Length; built++)
            {
                ArrayData column = Decode(fields[built].DataType, fields[built].Name);
                if (column.Length != _meta.Length)
                {
                    column.Dispose();
                    throw Error(fields[built].Name, $"has {column.Length} rows but the batch has {_meta.Length}");
                }
                columns[built] = column;
            }
            ExpectAllConsumed();
            for (int i = 0; i < columns.Length; i++)
            {
                ValidateLayout(columns[i], fields[i].Name);
            }
            return columns;
        }
        catch
        {
            for (int i = 0; i < built; i++)
            {
                columns[i].Dispose();
            }
            throw;
        }
    }

    /// <summary>Decodes the single column of a dictionary batch; the caller owns the result.</summary>
    public ArrayData DecodeDictionary(ArrowType valueType, string name)
    {
        ArrayData values = Decode(valueType, name);
        try
        {
            ExpectAllConsumed();
            ValidateLayout(values, name);
            return values;
        }
        catch
        {
            values.Dispose();
            throw;
        }
    }

    private void ValidateLayout(ArrayData data, string name)
    {
        try
        {
            data.Validate();
        }
        catch (InvalidOperationException ex)
        {
            throw new ArrowIpcFormatException($"{_context}: field '{name}': {ex.Message}", ex);
        }
    }

    private void ExpectAllConsumed()
    {
        if (_node != _meta.NodeLengths.Length || _buffer != _meta.BufferOffsets.Length)
        {
            throw new ArrowIpcFormatException($"{_context}: the schema uses {_node} field nodes and {_buffer} buffers, but the message has {_meta.NodeLengths.Length} and {_meta.BufferOffsets.Length}.");
        }
    }

    private ArrayData Decode(ArrowType type, string path)
    {
        if (_node >= _meta.NodeLengths.Length)
        {
            throw Error(path, $"needs field node {_node}, but the message has only {_meta.NodeLengths.Length}");
        }
        int length = (int)_meta.NodeLengths[_node];
        int nullCount = (int)_meta.NodeNullCounts[_node];
        _node++;
        var buffers = new List<ArrowBuffer?>(3);
        var children = new List<ArrayData>();
        ArrayData? dictionary = null;
        try
        {
            switch (type.TypeId)
            {
                case ArrowTypeId.Null:
                    return new ArrayData(type, length, length, 0, Array.Empty<ArrowBuffer?>());
                case ArrowTypeId.Struct:
                {
                    buffers.Add(Validity(path, ref nullCount));
                    IReadOnlyList<Field> fields = ((StructType)type).Fields;
                    foreach (Field child in fields)
                    {
                        children.Add(Decode(child.DataType, path + "." + child.Name));
                    }
                    break;
                }
                case ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map:
                {
                    buffers.Add(Validity(path, ref nullCount));
                    buffers.Add(NextBuffer(path));
                    Field child = type.Children[0];
                    children.Add(Decode(child.DataType, path + "." + child.Name));
                    break;
                }
                case ArrowTypeId.FixedSizeList:
                {
                    buffers.Add(Validity(path, ref nullCount));
                    Field child = type.Children[0];
                    children.Add(Decode(child.DataType, path + "." + child.Name));
                    break;
                }
                case ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString:
                    buffers.Add(Validity(path, ref nullCount));
                    buffers.Add(NextBuffer(path));
                    buffers.Add(NextBuffer(path));
                    break;
                case ArrowTypeId.BinaryView or ArrowTypeId.StringView:
                {
                    buffers.Add(Validity(path, ref nullCount));
                    buffers.Add(NextBuffer(path));
                    if (_variadic >= _meta.VariadicCounts.Length)
                    {
                        throw Error(path, "is a view type but the message lists no variadic buffer count for it");
                    }
                    long count = _meta.VariadicCounts[_variadic++];
                    for (long i = 0; i < count; i++)
                    {
                        buffers.Add(NextBuffer(path));
                    }
                    break;
                }
                case ArrowTypeId.Dictionary:
                {
                    buffers.Add(Validity(path, ref nullCount));
                    buffers.Add(NextBuffer(path));
                    if (_dictionaryCursor >= _dictionaryIds.Length)
                    {
                        throw Error(path, "is dictionary-encoded but the schema assigned it no dictionary id");
                    }
                    long id = _dictionaryIds[_dictionaryCursor++];
                    if (!_dictionaries.TryGetValue(id, out ArrayData? values))
                    {
                        throw Error(path, $"uses dictionary {id}, which has not been sent before this batch");
                    }
                    dictionary = values.Retain();
                    break;
                }
                default:
                    buffers.Add(Validity(path, ref nullCount));
                    buffers.Add(NextBuffer(path));
                    break;
            }
            return new ArrayData(type, length, nullCount, 0, buffers, children, dictionary);
        }
        catch
        {
            foreach (ArrowBuffer? b in buffers)
            {
                b?.Dispose();
            }
            foreach (ArrayData c in children)
            {
                c.Dispose();
            }
            dictionary?.Dispose();
            throw;
        }
    }

    private ArrowBuffer? Validity(string path, ref int nullCount)
    {
        ArrowBuffer buffer = NextBuffer(path);
        if (nullCount == 0 || (nullCount == ArrayData.UnknownNullCount && buffer.Length == 0))
        {
            // No nulls, or an unknown count without a bitmap (which means no nulls).
            nullCount = 0;
            buffer.Dispose();
            return null;
        }
        if (buffer.Length == 0)
        {
            buffer.Dispose();
            throw Error(path, $"has {nullCount} nulls but no validity bitmap");
        }
        return buffer;
    }

    private unsafe ArrowBuffer NextBuffer(string path)
    {
        if (_buffer >= _meta.BufferOffsets.Length)
        {
            throw Error(path, $"needs buffer {_buffer}, but the message has only {_meta.BufferOffsets.Length}");
        }
        int index = _buffer++;
        long offset = _meta.BufferOffsets[index];
        long length = _meta.BufferLengths[index];
        if (_meta.Compression < 0 || length == 0)
        {
            return _body.SliceShared(offset, length);
        }
        if (length < 8)
        {
            throw Error(path, $"compressed buffer {index} is {length} bytes, too short for its 8-byte length prefix");
        }
        ReadOnlySpan<byte> compressed = _body.Span.Slice(checked((int)offset), checked((int)length));
        long uncompressed = BinaryPrimitives.ReadInt64LittleEndian(compressed);
        if (uncompressed == -1)
        {
            return _body.SliceShared(offset + 8, length - 8);
        }
        long payload = length - 8;
        long limit = Math.Min(int.MaxValue, (payload * (_meta.Compression == IpcFormat.CompressionZstd ? ZstdMaxRatio : Lz4MaxRatio)) + 1024);
        if (uncompressed < 0 || uncompressed > limit)
        {
            throw Error(path, $"compressed buffer {index} declares {uncompressed} uncompressed bytes from {payload} compressed bytes, which is impossible");
        }
        ArrowBuffer target = _allocator.Allocate(uncompressed);
        try
        {
            Span<byte> destination = target.MutableSpanUnsafe;
            if (_meta.Compression == IpcFormat.CompressionZstd)
            {
                ZstdCodec.DecompressExact(compressed.Slice(8), destination);
            }
            else
            {
                Lz4FrameCodec.DecompressExact(compressed.Slice(8), destination);
            }
            return target;
        }
        catch (CompressionException ex)
        {
            target.Dispose();
            throw new ArrowIpcFormatException($"{_context}, field '{path}': buffer {index} cannot be decompressed: {ex.Message}", ex);
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    private ArrowIpcFormatException Error(string path, string what) => new($"{_context}, field '{path}' {what}.");
}
