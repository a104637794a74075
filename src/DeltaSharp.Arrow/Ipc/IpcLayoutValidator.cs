using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Checks that decoded IPC arrays are internally consistent before they reach consumers: buffer sizes for the
/// type, offsets non-negative, non-decreasing and within the data or child, views within their data buffers,
/// child lengths, and dictionary indices within the dictionary. Allocation-free on success (it runs over every
/// value of every batch read); a violation throws <see cref="ArrowIpcFormatException"/> naming the field.
/// </summary>
internal static class IpcLayoutValidator
{
    public static void Validate(ArrayData d, string context, string path)
    {
        long end = (long)d.Offset + d.Length;
        IReadOnlyList<ArrowBuffer?> buffers = d.Buffers;
        if (d.Type.TypeId != ArrowTypeId.Null && buffers.Count > 0 && buffers[0] is { } validity && validity.Length < (end + 7) / 8)
        {
            Fail(context, path, $"validity bitmap has {validity.Length} bytes, needs {(end + 7) / 8}");
        }
        switch (d.Type.TypeId)
        {
            case ArrowTypeId.Null:
                return;
            case ArrowTypeId.Struct:
            {
                IReadOnlyList<Field> fields = ((StructType)d.Type).Fields;
                for (int i = 0; i < fields.Count; i++)
                {
                    ArrayData child = d.Children[i];
                    if (child.Length < end)
                    {
                        Fail(context, path, $"struct child '{fields[i].Name}' has {child.Length} slots, needs {end}");
                    }
                    Validate(child, context, path + "." + fields[i].Name);
                }
                return;
            }
            case ArrowTypeId.FixedSizeList:
            {
                ArrayData child = d.Children[0];
                long needed = end * ((FixedSizeListType)d.Type).ListSize;
                if (child.Length < needed)
                {
                    Fail(context, path, $"fixed-size list values have {child.Length} slots, need {needed}");
                }
                Validate(child, context, path + "." + d.Type.Children[0].Name);
                return;
            }
            case ArrowTypeId.List or ArrowTypeId.Map or ArrowTypeId.LargeList:
            {
                ArrayData child = d.Children[0];
                CheckOffsets(d, d.GetBuffer(1), d.Type.TypeId == ArrowTypeId.LargeList, end, child.Length, context, path, "child length");
                Validate(child, context, path + "." + d.Type.Children[0].Name);
                return;
            }
            case ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString:
                CheckOffsets(d, d.GetBuffer(1), d.Type.TypeId is ArrowTypeId.LargeBinary or ArrowTypeId.LargeString, end, d.GetBuffer(2).Length, context, path, "data length");
                return;
            case ArrowTypeId.BinaryView or ArrowTypeId.StringView:
                CheckViews(d, end, context, path);
                return;
            case ArrowTypeId.Boolean:
                if (d.GetBuffer(1).Length < (end + 7) / 8)
                {
                    Fail(context, path, $"values bitmap has {d.GetBuffer(1).Length} bytes, needs {(end + 7) / 8}");
                }
                return;
            case ArrowTypeId.Dictionary:
                CheckIndices(d, end, context, path);
                return;
            default:
            {
                long bytes = end * (d.Type.BitWidth / 8);
                if (d.GetBuffer(1).Length < bytes)
                {
                    Fail(context, path, $"values buffer has {d.GetBuffer(1).Length} bytes, needs {bytes}");
                }
                return;
            }
        }
    }

    private static void CheckOffsets(ArrayData d, ArrowBuffer offsets, bool large, long end, long limit, string context, string path, string what)
    {
        int width = large ? 8 : 4;
        if (d.Length == 0 && offsets.Length == 0)
        {
            return;
        }
        long needed = (end + 1) * width;
        if (offsets.Length < needed)
        {
            Fail(context, path, $"offsets buffer has {offsets.Length} bytes, needs {needed}");
        }
        ReadOnlySpan<byte> bytes = offsets.Span.Slice(d.Offset * width, (d.Length + 1) * width);
        bool ok;
        long first;
        long last;
        if (large)
        {
            ReadOnlySpan<long> values = MemoryMarshal.Cast<byte, long>(bytes);
            first = values[0];
            last = values[^1];
            ok = first >= 0;
            for (int i = 1; i < values.Length; i++)
            {
                ok &= values[i] >= values[i - 1];
            }
        }
        else
        {
            ReadOnlySpan<int> values = MemoryMarshal.Cast<byte, int>(bytes);
            first = values[0];
            last = values[^1];
            ok = first >= 0;
            for (int i = 1; i < values.Length; i++)
            {
                ok &= values[i] >= values[i - 1];
            }
        }
        if (!ok)
        {
            Fail(context, path, "offsets are negative or decreasing");
        }
        if (last > limit)
        {
            Fail(context, path, $"last offset {last} exceeds the {what} {limit}");
        }
    }

    private static void CheckViews(ArrayData d, long end, string context, string path)
    {
        ArrowBuffer views = d.GetBuffer(1);
        if (views.Length < end * 16)
        {
            Fail(context, path, $"views buffer has {views.Length} bytes, needs {end * 16}");
        }
        int dataBuffers = d.Buffers.Count - 2;
        ReadOnlySpan<byte> bytes = views.Span;
        for (long i = d.Offset; i < end; i++)
        {
            ReadOnlySpan<byte> view = bytes.Slice((int)(i * 16), 16);
            int length = BinaryPrimitives.ReadInt32LittleEndian(view);
            if (length < 0)
            {
                Fail(context, path, $"view {i} has negative length {length}");
            }
            if (length > 12)
            {
                int index = BinaryPrimitives.ReadInt32LittleEndian(view.Slice(8));
                int offset = BinaryPrimitives.ReadInt32LittleEndian(view.Slice(12));
                if ((uint)index >= (uint)dataBuffers)
                {
                    Fail(context, path, $"view {i} refers to data buffer {index} of {dataBuffers}");
                }
                if (offset < 0 || (long)offset + length > d.GetBuffer(2 + index).Length)
                {
                    Fail(context, path, $"view {i} range [{offset}, +{length}) exceeds data buffer {index}");
                }
            }
        }
    }

    private static void CheckIndices(ArrayData d, long end, string context, string path)
    {
        var type = (DictionaryType)d.Type;
        int width = type.IndexType.BitWidth / 8;
        ArrowBuffer indices = d.GetBuffer(1);
        if (indices.Length < end * width)
        {
            Fail(context, path, $"indices buffer has {indices.Length} bytes, needs {end * width}");
        }
        ulong size = (ulong)d.Dictionary!.Length;
        ReadOnlySpan<byte> bytes = indices.Span.Slice(d.Offset * width, d.Length * width);
        ReadOnlySpan<byte> validity = d.ValidityBuffer is { } v ? v.Span : default;
        bool signed = type.IndexType.IsSigned;
        for (int i = 0; i < d.Length; i++)
        {
            ulong index = width switch
            {
                1 => signed ? (ulong)(long)(sbyte)bytes[i] : bytes[i],
                2 => signed ? (ulong)(long)BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(i * 2)) : BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(i * 2)),
                4 => signed ? (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(i * 4)),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(i * 8)),
            };
            // Negative signed indices become huge unsigned values and fail the same comparison.
            if (index >= size && (validity.IsEmpty || BitUtility.GetBit(validity, d.Offset + i)))
            {
                Fail(context, path, $"dictionary index at slot {i} is outside the dictionary of {size}");
            }
        }
    }

    private static void Fail(string context, string path, string what) =>
        throw new ArrowIpcFormatException($"{context}, field '{path}': {what}.");
}
