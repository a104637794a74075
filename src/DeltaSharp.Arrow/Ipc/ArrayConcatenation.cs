using System;
using System.Buffers.Binary;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Appends one array to another of the same flat type into new buffers (used to apply IPC dictionary deltas).
/// Supports null, boolean, fixed-width (integers, floats, decimals, temporal, fixed-size binary) and
/// binary/string (32- and 64-bit offsets). The inputs are not modified; the caller owns the result.
/// </summary>
internal static class ArrayConcatenation
{
    public static bool IsSupported(ArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Struct or ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map or ArrowTypeId.FixedSizeList
            or ArrowTypeId.Dictionary or ArrowTypeId.BinaryView or ArrowTypeId.StringView => false,
        _ => true,
    };

    public static ArrayData Concat(ArrayData a, ArrayData b, ArrowAllocator allocator)
    {
        ArrowType type = a.Type;
        long total = (long)a.Length + b.Length;
        if (total > int.MaxValue)
        {
            throw new ArrowIpcFormatException($"A dictionary delta would grow the dictionary past {int.MaxValue} entries.");
        }
        int length = (int)total;
        if (type.TypeId == ArrowTypeId.Null)
        {
            return new ArrayData(type, length, length, 0, Array.Empty<ArrowBuffer?>());
        }
        ArrowBuffer? validity = null;
        ArrowBuffer? values = null;
        ArrowBuffer? data = null;
        try
        {
            int nullCount = a.NullCount + b.NullCount;
            if (nullCount > 0)
            {
                validity = allocator.Allocate(BitUtility.BytesForBits(length));
                Span<byte> bits = validity.MutableSpanUnsafe;
                bits.Clear();
                CopyValidity(a, bits, 0);
                CopyValidity(b, bits, a.Length);
            }
            switch (type.TypeId)
            {
                case ArrowTypeId.Boolean:
                {
                    values = allocator.Allocate(BitUtility.BytesForBits(length));
                    Span<byte> bits = values.MutableSpanUnsafe;
                    bits.Clear();
                    BitUtility.CopyBits(a.GetBuffer(1).Span, a.Offset, bits, 0, a.Length);
                    BitUtility.CopyBits(b.GetBuffer(1).Span, b.Offset, bits, a.Length, b.Length);
                    return new ArrayData(type, length, nullCount, 0, [validity, values]);
                }
                case ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString:
                {
                    bool large = type.TypeId is ArrowTypeId.LargeBinary or ArrowTypeId.LargeString;
                    int width = large ? 8 : 4;
                    (long aFirst, long aLast) = Range(a, large);
                    (long bFirst, long bLast) = Range(b, large);
                    long dataLength = (aLast - aFirst) + (bLast - bFirst);
                    if (!large && dataLength > int.MaxValue)
                    {
                        throw new ArrowIpcFormatException("A dictionary delta would grow a string dictionary past 2 GiB.");
                    }
                    values = allocator.Allocate((long)(length + 1) * width);
                    data = allocator.Allocate(dataLength);
                    Span<byte> offsets = values.MutableSpanUnsafe;
                    WriteOffsets(a, large, aFirst, 0, offsets, 0);
                    WriteOffsets(b, large, bFirst, aLast - aFirst, offsets, a.Length);
                    Span<byte> bytes = data.MutableSpanUnsafe;
                    a.GetBuffer(2).Span.Slice((int)aFirst, (int)(aLast - aFirst)).CopyTo(bytes);
                    b.GetBuffer(2).Span.Slice((int)bFirst, (int)(bLast - bFirst)).CopyTo(bytes.Slice((int)(aLast - aFirst)));
                    return new ArrayData(type, length, nullCount, 0, [validity, values, data]);
                }
                default:
                {
                    int width = type.BitWidth / 8;
                    values = allocator.Allocate((long)length * width);
                    Span<byte> target = values.MutableSpanUnsafe;
                    a.GetBuffer(1).Span.Slice(a.Offset * width, a.Length * width).CopyTo(target);
                    b.GetBuffer(1).Span.Slice(b.Offset * width, b.Length * width).CopyTo(target.Slice(a.Length * width));
                    return new ArrayData(type, length, nullCount, 0, [validity, values]);
                }
            }
        }
        catch
        {
            validity?.Dispose();
            values?.Dispose();
            data?.Dispose();
            throw;
        }
    }

    private static void CopyValidity(ArrayData source, Span<byte> bits, int at)
    {
        if (source.ValidityBuffer is { } v)
        {
            BitUtility.CopyBits(v.Span, source.Offset, bits, at, source.Length);
        }
        else
        {
            BitUtility.SetBits(bits, at, source.Length, true);
        }
    }

    private static (long First, long Last) Range(ArrayData a, bool large)
    {
        if (a.Length == 0)
        {
            return (0, 0);
        }
        ReadOnlySpan<byte> o = a.GetBuffer(1).Span;
        return large
            ? (BinaryPrimitives.ReadInt64LittleEndian(o.Slice(a.Offset * 8)), BinaryPrimitives.ReadInt64LittleEndian(o.Slice((a.Offset + a.Length) * 8)))
            : (BinaryPrimitives.ReadInt32LittleEndian(o.Slice(a.Offset * 4)), BinaryPrimitives.ReadInt32LittleEndian(o.Slice((a.Offset + a.Length) * 4)));
    }

    private static void WriteOffsets(ArrayData source, bool large, long first, long shift, Span<byte> target, int at)
    {
        ReadOnlySpan<byte> o = source.Length == 0 ? ReadOnlySpan<byte>.Empty : source.GetBuffer(1).Span;
        int count = source.Length == 0 ? (at == 0 ? 1 : 0) : source.Length + 1;
        for (int i = 0; i < count; i++)
        {
            long value = source.Length == 0 ? 0 : large ? BinaryPrimitives.ReadInt64LittleEndian(o.Slice((source.Offset + i) * 8)) : BinaryPrimitives.ReadInt32LittleEndian(o.Slice((source.Offset + i) * 4));
            long rebased = value - first + shift;
            if (large)
            {
                BinaryPrimitives.WriteInt64LittleEndian(target.Slice((at + i) * 8), rebased);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(target.Slice((at + i) * 4), (int)rebased);
            }
        }
    }
}
