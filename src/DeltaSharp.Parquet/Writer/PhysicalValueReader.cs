using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using DeltaSharp.Arrow;

namespace DeltaSharp.Parquet.Writer;

/// <summary>Reads Arrow values at absolute slots and converts them to Parquet physical values. Pure.</summary>
internal static class PhysicalValueReader
{
    private const long MillisPerDay = 86_400_000;

    public static void ReadInt32(ArrayData array, LeafValueKind kind, ReadOnlySpan<int> slots, Span<int> dest)
    {
        ReadOnlySpan<byte> data = array.GetBuffer(1).Span;
        switch (kind)
        {
            case LeafValueKind.Int8:
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = (sbyte)data[slots[i]];
                }
                break;
            case LeafValueKind.UInt8:
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = data[slots[i]];
                }
                break;
            case LeafValueKind.Int16:
            {
                ReadOnlySpan<short> v = MemoryMarshal.Cast<byte, short>(data);
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = v[slots[i]];
                }
                break;
            }
            case LeafValueKind.UInt16:
            {
                ReadOnlySpan<ushort> v = MemoryMarshal.Cast<byte, ushort>(data);
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = v[slots[i]];
                }
                break;
            }
            case LeafValueKind.Int32 or LeafValueKind.UInt32 or LeafValueKind.Float:
            {
                ReadOnlySpan<int> v = MemoryMarshal.Cast<byte, int>(data);
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = v[slots[i]];
                }
                break;
            }
            case LeafValueKind.Time32SecondsToMillis:
            {
                ReadOnlySpan<int> v = MemoryMarshal.Cast<byte, int>(data);
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = checked(v[slots[i]] * 1000);
                }
                break;
            }
            case LeafValueKind.Date64ToDays:
            {
                ReadOnlySpan<long> v = MemoryMarshal.Cast<byte, long>(data);
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = checked((int)Math.Floor(v[slots[i]] / (double)MillisPerDay));
                }
                break;
            }
            case LeafValueKind.Decimal128ToInt32:
            {
                for (int i = 0; i < slots.Length; i++)
                {
                    // Low 32 bits of the 128-bit two's complement value (precision <= 9 fits).
                    dest[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(slots[i] * 16)..]);
                }
                break;
            }
            case LeafValueKind.Null:
                dest[..slots.Length].Clear();
                break;
            default:
                throw new InvalidOperationException($"{kind} is not an INT32 source.");
        }
    }

    public static void ReadInt64(ArrayData array, LeafValueKind kind, ReadOnlySpan<int> slots, Span<long> dest)
    {
        ReadOnlySpan<byte> data = array.GetBuffer(1).Span;
        switch (kind)
        {
            case LeafValueKind.Int64 or LeafValueKind.Double:
            {
                ReadOnlySpan<long> v = MemoryMarshal.Cast<byte, long>(data);
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = v[slots[i]];
                }
                break;
            }
            case LeafValueKind.TimestampSecondsToMillis:
            {
                ReadOnlySpan<long> v = MemoryMarshal.Cast<byte, long>(data);
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = checked(v[slots[i]] * 1000);
                }
                break;
            }
            case LeafValueKind.Decimal128ToInt64:
                for (int i = 0; i < slots.Length; i++)
                {
                    dest[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(slots[i] * 16)..]);
                }
                break;
            default:
                throw new InvalidOperationException($"{kind} is not an INT64 source.");
        }
    }

    public static bool ReadBoolean(ArrayData array, int slot) =>
        (array.GetBuffer(1).Span[slot >> 3] & (1 << (slot & 7))) != 0;

    /// <summary>The bytes of a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY value; <paramref name="scratch"/> (at least 32
    /// bytes) holds converted values (decimals).</summary>
    public static ReadOnlySpan<byte> ReadBytes(ArrayData array, LeafValueKind kind, int typeLength, int slot, Span<byte> scratch)
    {
        switch (kind)
        {
            case LeafValueKind.Binary:
            {
                ReadOnlySpan<int> offsets = MemoryMarshal.Cast<byte, int>(array.GetBuffer(1).Span);
                int start = offsets[slot];
                int end = offsets[slot + 1];
                return array.GetBuffer(2).Span[start..end];
            }
            case LeafValueKind.LargeBinary:
            {
                ReadOnlySpan<long> offsets = MemoryMarshal.Cast<byte, long>(array.GetBuffer(1).Span);
                long start = offsets[slot];
                long end = offsets[slot + 1];
                return array.GetBuffer(2).Span.Slice(checked((int)start), checked((int)(end - start)));
            }
            case LeafValueKind.BinaryView:
            {
                ReadOnlySpan<byte> view = array.GetBuffer(1).Span.Slice(slot * 16, 16);
                int length = BinaryPrimitives.ReadInt32LittleEndian(view);
                if (length <= 12)
                {
                    return view.Slice(4, length);
                }
                int bufferIndex = BinaryPrimitives.ReadInt32LittleEndian(view[8..]);
                int offset = BinaryPrimitives.ReadInt32LittleEndian(view[12..]);
                return array.GetBuffer(2 + bufferIndex).Span.Slice(offset, length);
            }
            case LeafValueKind.FixedSizeBinary or LeafValueKind.Float16:
                return array.GetBuffer(1).Span.Slice(slot * typeLength, typeLength);
            case LeafValueKind.DecimalToFixed:
            {
                int byteWidth = array.Type is DeltaSharp.Arrow.Types.DecimalType d ? d.ByteWidth : 16;
                ReadOnlySpan<byte> le = array.GetBuffer(1).Span.Slice(slot * byteWidth, byteWidth);
                // Big-endian, keeping the low typeLength bytes (the value fits by precision).
                for (int i = 0; i < typeLength; i++)
                {
                    scratch[i] = le[typeLength - 1 - i];
                }
                return scratch[..typeLength];
            }
            default:
                throw new InvalidOperationException($"{kind} is not a byte array source.");
        }
    }
}
