using System;
using System.Runtime.CompilerServices;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Structural validation of <see cref="ArrayData"/> against the Arrow layout rules.</summary>
internal static class ArrayValidator
{
    public static void Validate(ArrayData data)
    {
        data.ThrowIfDisposed();
        ArrowType type = data.Type;
        long end = (long)data.Offset + data.Length;
        int bufferCount = data.Buffers.Count;
        int childCount = data.Children.Count;
        switch (type.TypeId)
        {
            case ArrowTypeId.Null:
                Expect(bufferCount == 0, data, $"null arrays have no buffers, found {bufferCount}");
                Expect(childCount == 0, data, "null arrays have no children");
                return;
            case ArrowTypeId.Struct:
                ExpectBuffers(data, 1);
                CheckValidity(data, end);
                StructType st = (StructType)type;
                Expect(childCount == st.Fields.Count, data, $"struct has {st.Fields.Count} fields but {childCount} children");
                for (int i = 0; i < childCount; i++)
                {
                    ArrayData child = data.Children[i];
                    Expect(child.Length >= end, data, $"child {i} has length {child.Length}, needs at least {end}");
                    Expect(child.Type.Equals(st.Fields[i].DataType), data, $"child {i} has type {child.Type}, field says {st.Fields[i].DataType}");
                    child.Validate();
                }
                return;
            case ArrowTypeId.FixedSizeList:
            {
                ExpectBuffers(data, 1);
                CheckValidity(data, end);
                FixedSizeListType ft = (FixedSizeListType)type;
                Expect(childCount == 1, data, $"fixed-size list needs 1 child, found {childCount}");
                long needed = end * ft.ListSize;
                Expect(data.Children[0].Length >= needed, data, $"child has length {data.Children[0].Length}, needs at least {needed}");
                data.Children[0].Validate();
                return;
            }
            case ArrowTypeId.List:
            case ArrowTypeId.Map:
            case ArrowTypeId.LargeList:
            {
                ExpectBuffers(data, 2);
                CheckValidity(data, end);
                Expect(childCount == 1, data, $"list needs 1 child, found {childCount}");
                bool large = type.TypeId == ArrowTypeId.LargeList;
                CheckOffsets(data, data.GetBuffer(1), large, end, data.Children[0].Length, "child length");
                data.Children[0].Validate();
                return;
            }
            case ArrowTypeId.Binary:
            case ArrowTypeId.String:
            case ArrowTypeId.LargeBinary:
            case ArrowTypeId.LargeString:
            {
                ExpectBuffers(data, 3);
                CheckValidity(data, end);
                CheckOffsets(data, data.GetBuffer(1), type.TypeId is ArrowTypeId.LargeBinary or ArrowTypeId.LargeString, end, data.GetBuffer(2).Length, "data buffer length");
                return;
            }
            case ArrowTypeId.BinaryView:
            case ArrowTypeId.StringView:
            {
                Expect(bufferCount >= 2, data, $"view arrays need at least 2 buffers, found {bufferCount}");
                CheckValidity(data, end);
                ArrowBuffer views = data.GetBuffer(1);
                Expect(views.Length >= end * 16, data, $"views buffer has {views.Length} bytes, needs {end * 16}");
                ReadOnlySpan<byte> viewBytes = views.Span;
                for (long i = data.Offset; i < end; i++)
                {
                    ReadOnlySpan<byte> view = viewBytes.Slice((int)(i * 16), 16);
                    int length = BitConverter.ToInt32(view);
                    Expect(length >= 0, data, $"view {i} has negative length {length}");
                    if (length > 12)
                    {
                        int bufferIndex = BitConverter.ToInt32(view[8..]);
                        int offset = BitConverter.ToInt32(view[12..]);
                        Expect(bufferIndex >= 0 && bufferIndex + 2 < bufferCount, data, $"view {i} refers to data buffer {bufferIndex} of {bufferCount - 2}");
                        ArrowBuffer target = data.GetBuffer(bufferIndex + 2);
                        Expect(offset >= 0 && (long)offset + length <= target.Length, data, $"view {i} range [{offset}, +{length}) exceeds data buffer {bufferIndex} of {target.Length} bytes");
                    }
                }
                return;
            }
            case ArrowTypeId.Boolean:
                ExpectBuffers(data, 2);
                CheckValidity(data, end);
                Expect(data.GetBuffer(1).Length >= (end + 7) / 8, data, $"values bitmap has {data.GetBuffer(1).Length} bytes, needs {(end + 7) / 8}");
                return;
            case ArrowTypeId.Dictionary:
            {
                ExpectBuffers(data, 2);
                CheckValidity(data, end);
                DictionaryType dt = (DictionaryType)type;
                int width = dt.IndexType.BitWidth / 8;
                Expect(data.GetBuffer(1).Length >= end * width, data, $"indices buffer has {data.GetBuffer(1).Length} bytes, needs {end * width}");
                ArrayData dictionary = data.Dictionary!;
                Expect(dictionary.Type.Equals(dt.ValueType), data, $"dictionary has type {dictionary.Type}, expected {dt.ValueType}");
                dictionary.Validate();
                ReadOnlySpan<byte> indices = data.GetBuffer(1).Span;
                for (long i = data.Offset; i < end; i++)
                {
                    if (!data.IsValid((int)(i - data.Offset)))
                    {
                        continue;
                    }
                    long index = ReadInteger(indices, (int)i, dt.IndexType);
                    Expect(index >= 0 && index < dictionary.Length, data, $"index {index} at slot {i} is outside the dictionary of {dictionary.Length}");
                }
                return;
            }
            default:
            {
                ExpectBuffers(data, 2);
                CheckValidity(data, end);
                long bytes = end * (type.BitWidth / 8);
                Expect(data.GetBuffer(1).Length >= bytes, data, $"values buffer has {data.GetBuffer(1).Length} bytes, needs {bytes}");
                return;
            }
        }
    }

    internal static long ReadInteger(ReadOnlySpan<byte> bytes, int index, IntegerType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 => (sbyte)bytes[index],
        ArrowTypeId.UInt8 => bytes[index],
        ArrowTypeId.Int16 => BitConverter.ToInt16(bytes[(index * 2)..]),
        ArrowTypeId.UInt16 => BitConverter.ToUInt16(bytes[(index * 2)..]),
        ArrowTypeId.Int32 => BitConverter.ToInt32(bytes[(index * 4)..]),
        ArrowTypeId.UInt32 => BitConverter.ToUInt32(bytes[(index * 4)..]),
        ArrowTypeId.Int64 => BitConverter.ToInt64(bytes[(index * 8)..]),
        _ => (long)BitConverter.ToUInt64(bytes[(index * 8)..]),
    };

    private static void ExpectBuffers(ArrayData data, int count)
    {
        Expect(data.Buffers.Count == count, data, $"expected {count} buffers, found {data.Buffers.Count}");
        for (int i = 1; i < count; i++)
        {
            Expect(data.Buffers[i] is not null, data, $"buffer {i} is missing");
        }
    }

    private static void CheckValidity(ArrayData data, long end)
    {
        ArrowBuffer? validity = data.Buffers[0];
        if (validity is not null)
        {
            Expect(validity.Length >= (end + 7) / 8, data, $"validity bitmap has {validity.Length} bytes, needs {(end + 7) / 8}");
        }
        int nullCount = data.NullCount;
        Expect(nullCount >= 0 && nullCount <= data.Length, data, $"null count {nullCount} is outside [0, {data.Length}]");
        Expect(validity is not null || nullCount == 0, data, $"null count {nullCount} but no validity bitmap");
    }

    private static void CheckOffsets(ArrayData data, ArrowBuffer offsets, bool large, long end, long limit, string what)
    {
        int width = large ? 8 : 4;
        long needed = data.Length == 0 && offsets.Length == 0 ? 0 : (end + 1) * width;
        Expect(offsets.Length >= needed, data, $"offsets buffer has {offsets.Length} bytes, needs {needed}");
        if (needed == 0)
        {
            return;
        }
        ReadOnlySpan<byte> span = offsets.Span;
        long previous = -1;
        for (long i = data.Offset; i <= end; i++)
        {
            long value = large ? BitConverter.ToInt64(span[(int)(i * 8)..]) : BitConverter.ToInt32(span[(int)(i * 4)..]);
            Expect(value >= 0 && value >= previous, data, $"offset {value} at position {i} is negative or decreasing");
            Expect(value <= limit, data, $"offset {value} at position {i} exceeds the {what} {limit}");
            previous = value;
        }
    }

    private static void Expect(bool condition, ArrayData data, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Invalid {data.Type} array (length {data.Length}, offset {data.Offset}): {message}.");
        }
    }

    // The message is an interpolated-string handler argument: it is only formatted when the condition fails, so a
    // passing check (run per offset, per view, per dictionary index) allocates nothing.
    private static void Expect(
        bool condition,
        ArrayData data,
        [InterpolatedStringHandlerArgument(nameof(condition))] ref FailureMessageHandler message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Invalid {data.Type} array (length {data.Length}, offset {data.Offset}): {message.ToStringAndClear()}.");
        }
    }

    /// <summary>Formats a validation message only when the check it belongs to has failed.</summary>
    [InterpolatedStringHandler]
    private ref struct FailureMessageHandler
    {
        private DefaultInterpolatedStringHandler inner;

        public FailureMessageHandler(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
        {
            shouldAppend = !condition;
            inner = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        public void AppendLiteral(string value) => inner.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => inner.AppendFormatted(value);

        public string ToStringAndClear() => inner.ToStringAndClear();
    }
}
