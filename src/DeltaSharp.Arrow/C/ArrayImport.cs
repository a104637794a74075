using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Builds <see cref="ArrayData"/> over the memory of an imported <see cref="ArrowCArray"/> without copying. Buffer
/// sizes are derived from the type, length and offset (the C interface does not carry them), every layout is checked
/// (<see cref="ArrayData.Validate"/>), and nothing is trusted: a malformed array is a <see cref="FormatException"/>
/// naming the column and what is wrong.
/// </summary>
internal static unsafe class ArrayImport
{
    private const int MaxDepth = 64;

    internal static RecordBatch ImportRecordBatch(ArrowCArray* source, Schema schema)
    {
        var owner = new ImportedArrayOwner(source);
        var columns = new List<ArrowArray>(schema.Fields.Count);
        try
        {
            ArrowCArray* top = owner.Array;
            int length = ToInt(top->Length, "record batch length");
            if (top->ChildCount != schema.Fields.Count)
            {
                throw new FormatException($"Arrow C record batch has {top->ChildCount} columns but its schema has {schema.Fields.Count}.");
            }
            if (top->Offset != 0)
            {
                throw new FormatException($"Arrow C record batch has a non-zero struct offset {top->Offset}; only unsliced batches are supported.");
            }
            for (int i = 0; i < schema.Fields.Count; i++)
            {
                Field field = schema.Fields[i];
                ArrayData data = Import(top->Children[i], field.DataType, owner, "column '" + field.Name + "'", 0);
                columns.Add(ArrowArray.FromData(data));
                if (data.Length < length)
                {
                    throw new FormatException($"Arrow C column '{field.Name}' has {data.Length} slots, fewer than the batch's {length}.");
                }
            }
            return new RecordBatch(schema, columns, length);
        }
        catch
        {
            foreach (ArrowArray column in columns)
            {
                column.Dispose();
            }
            throw;
        }
        finally
        {
            owner.ReleaseImporterReference();
        }
    }

    internal static ArrowArray ImportArray(ArrowCArray* source, ArrowType type)
    {
        var owner = new ImportedArrayOwner(source);
        try
        {
            return ArrowArray.FromData(Import(owner.Array, type, owner, "array", 0));
        }
        finally
        {
            owner.ReleaseImporterReference();
        }
    }

    private static ArrayData Import(ArrowCArray* c, ArrowType type, ImportedArrayOwner owner, string path, int depth)
    {
        if (c is null)
        {
            throw new FormatException($"Arrow C {path}: null array pointer.");
        }
        if (depth > MaxDepth)
        {
            throw new FormatException($"Arrow C {path}: nesting deeper than {MaxDepth} levels.");
        }
        int length = ToInt(c->Length, path + " length");
        int offset = ToInt(c->Offset, path + " offset");
        long end = (long)offset + length;
        int nullCount = c->NullCount == -1 ? ArrayData.UnknownNullCount : ToInt(c->NullCount, path + " null count");
        var buffers = new List<ArrowBuffer?>();
        var children = new List<ArrayData>();
        ArrayData? dictionary = null;
        try
        {
            int expectedChildren = ExpectedChildren(type);
            if (c->ChildCount != expectedChildren || (expectedChildren > 0 && c->Children is null))
            {
                throw new FormatException($"Arrow C {path}: type {type} needs {expectedChildren} children, got {c->ChildCount}.");
            }
            if (c->BufferCount < 0 || (c->BufferCount > 0 && c->Buffers is null))
            {
                throw new FormatException($"Arrow C {path}: invalid buffer count {c->BufferCount}.");
            }
            ImportBuffers(c, type, end, owner, path, buffers);
            if (nullCount > 0 && buffers.Count > 0 && buffers[0] is null && type.TypeId != ArrowTypeId.Null)
            {
                throw new FormatException($"Arrow C {path}: null count {nullCount} but no validity buffer.");
            }
            for (int i = 0; i < expectedChildren; i++)
            {
                children.Add(Import(c->Children[i], ChildType(type, i), owner, path + " child " + i, depth + 1));
            }
            if (type is DictionaryType dictionaryType)
            {
                if (c->Dictionary is null)
                {
                    throw new FormatException($"Arrow C {path}: dictionary-encoded array without a dictionary.");
                }
                dictionary = Import(c->Dictionary, dictionaryType.ValueType, owner, path + " dictionary", depth + 1);
            }
            var data = new ArrayData(type, length, nullCount, offset, buffers, children, dictionary);
            try
            {
                data.Validate();
            }
            catch (InvalidOperationException invalid)
            {
                data.Dispose();
                throw new FormatException($"Arrow C {path}: invalid layout: {invalid.Message}", invalid);
            }
            return data;
        }
        catch
        {
            foreach (ArrowBuffer? buffer in buffers)
            {
                buffer?.Dispose();
            }
            foreach (ArrayData child in children)
            {
                child.Dispose();
            }
            dictionary?.Dispose();
            throw;
        }
    }

    private static void ImportBuffers(ArrowCArray* c, ArrowType type, long end, ImportedArrayOwner owner, string path, List<ArrowBuffer?> buffers)
    {
        long bitmapBytes = (end + 7) / 8;
        switch (type)
        {
            case NullType:
                ExpectBuffers(c, 0, type, path);
                return;
            case BooleanType:
                ExpectBuffers(c, 2, type, path);
                buffers.Add(Wrap(c, 0, bitmapBytes, owner, path, optional: true));
                buffers.Add(Wrap(c, 1, bitmapBytes, owner, path, optional: false));
                return;
            case BinaryType { IsView: true }:
                ImportViewBuffers(c, end, owner, path, buffers);
                return;
            case BinaryType binary:
                ExpectBuffers(c, 3, type, path);
                buffers.Add(Wrap(c, 0, bitmapBytes, owner, path, optional: true));
                long dataBytes = ImportOffsets(c, end, binary.IsLarge, owner, path, buffers);
                buffers.Add(Wrap(c, 2, dataBytes, owner, path, optional: dataBytes == 0));
                return;
            case ListType list:
                ExpectBuffers(c, 2, type, path);
                buffers.Add(Wrap(c, 0, bitmapBytes, owner, path, optional: true));
                ImportOffsets(c, end, list.IsLarge, owner, path, buffers);
                return;
            case MapType:
                ExpectBuffers(c, 2, type, path);
                buffers.Add(Wrap(c, 0, bitmapBytes, owner, path, optional: true));
                ImportOffsets(c, end, large: false, owner, path, buffers);
                return;
            case StructType or FixedSizeListType:
                ExpectBuffers(c, 1, type, path);
                buffers.Add(Wrap(c, 0, bitmapBytes, owner, path, optional: true));
                return;
            default:
                int width = FixedByteWidth(type) ?? throw new FormatException($"Arrow C {path}: type {type} cannot be imported.");
                ExpectBuffers(c, 2, type, path);
                buffers.Add(Wrap(c, 0, bitmapBytes, owner, path, optional: true));
                buffers.Add(Wrap(c, 1, checked(end * width), owner, path, optional: end == 0));
                return;
        }
    }

    /// <summary>Wraps the offsets buffer (buffer 1) and returns the data size its last offset implies.</summary>
    private static long ImportOffsets(ArrowCArray* c, long end, bool large, ImportedArrayOwner owner, string path, List<ArrowBuffer?> buffers)
    {
        int width = large ? 8 : 4;
        void* pointer = c->Buffers[1];
        if (pointer is null)
        {
            if (end != 0)
            {
                throw new FormatException($"Arrow C {path}: missing offsets buffer.");
            }
            // Producers may omit the offsets of an empty array; materialise the single zero offset.
            buffers.Add(ArrowBuffer.CopyFrom(new byte[width]));
            return 0;
        }
        buffers.Add(ArrowBuffer.WrapExternal(pointer, checked((end + 1) * width), owner.Lease()));
        long last = large ? ((long*)pointer)[end] : ((int*)pointer)[end];
        if (last < 0)
        {
            throw new FormatException($"Arrow C {path}: negative final offset {last}.");
        }
        return last;
    }

    private static void ImportViewBuffers(ArrowCArray* c, long end, ImportedArrayOwner owner, string path, List<ArrowBuffer?> buffers)
    {
        if (c->BufferCount < 3)
        {
            throw new FormatException($"Arrow C {path}: a view array needs at least 3 buffers (validity, views, sizes), got {c->BufferCount}.");
        }
        long dataBuffers = c->BufferCount - 3;
        long* sizes = (long*)c->Buffers[c->BufferCount - 1];
        if (sizes is null && dataBuffers > 0)
        {
            throw new FormatException($"Arrow C {path}: missing variadic buffer sizes.");
        }
        buffers.Add(Wrap(c, 0, (end + 7) / 8, owner, path, optional: true));
        buffers.Add(Wrap(c, 1, checked(end * 16), owner, path, optional: end == 0));
        for (int i = 0; i < dataBuffers; i++)
        {
            if (sizes[i] < 0)
            {
                throw new FormatException($"Arrow C {path}: negative size {sizes[i]} of view data buffer {i}.");
            }
            buffers.Add(Wrap(c, 2 + i, sizes[i], owner, path, optional: sizes[i] == 0));
        }
    }

    private static ArrowBuffer? Wrap(ArrowCArray* c, int index, long bytes, ImportedArrayOwner owner, string path, bool optional)
    {
        void* pointer = c->Buffers[index];
        if (pointer is null)
        {
            if (!optional)
            {
                throw new FormatException($"Arrow C {path}: buffer {index} is null.");
            }
            return index == 0 ? null : ArrowBuffer.WrapExternal(null, 0, null);
        }
        return ArrowBuffer.WrapExternal(pointer, bytes, owner.Lease());
    }

    private static void ExpectBuffers(ArrowCArray* c, int count, ArrowType type, string path)
    {
        if (c->BufferCount != count)
        {
            throw new FormatException($"Arrow C {path}: type {type} needs {count} buffers, got {c->BufferCount}.");
        }
    }

    private static int? FixedByteWidth(ArrowType type) => type switch
    {
        DecimalType d => d.ByteWidth,
        FixedSizeBinaryType f => f.ByteWidth,
        DictionaryType d => d.IndexType.BitWidth / 8,
        IntegerType or FloatingPointType or DateType or TimeType or TimestampType or DurationType => type.BitWidth / 8,
        _ => null,
    };

    private static int ExpectedChildren(ArrowType type) => type switch
    {
        ListType or MapType or FixedSizeListType => 1,
        StructType s => s.Fields.Count,
        _ => 0,
    };

    private static ArrowType ChildType(ArrowType type, int index) => type switch
    {
        ListType l => l.ValueType,
        MapType m => m.EntriesField.DataType,
        FixedSizeListType f => f.ValueType,
        StructType s => s.Fields[index].DataType,
        _ => throw new InvalidOperationException("Type has no children."),
    };

    private static int ToInt(long value, string what)
    {
        if (value < 0 || value > int.MaxValue)
        {
            throw new FormatException($"Arrow C {what} {value} is out of range (0..{int.MaxValue}).");
        }
        return (int)value;
    }
}
