using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace DeltaSharp.Variant;

/// <summary>
/// Writes and measures Variant values (Parquet VariantEncoding.md "Value encoding"): the one-byte header (basic type
/// in bits 0–1, type information in bits 2–7), primitives, short strings, objects and arrays. Pure functions over spans.
/// </summary>
internal static class VariantEncoding
{
    public const int BasicPrimitive = 0;
    public const int BasicShortString = 1;
    public const int BasicObject = 2;
    public const int BasicArray = 3;

    public const byte Null = 0;
    public const byte True = 1 << 2;
    public const byte False = 2 << 2;

    /// <summary>The header byte of a primitive of type <paramref name="typeId"/>.</summary>
    public static byte PrimitiveHeader(int typeId) => (byte)(typeId << 2);

    /// <summary>Writes a primitive: its header then <paramref name="payload"/>.</summary>
    public static void WritePrimitive(IBufferWriter<byte> output, int typeId, ReadOnlySpan<byte> payload)
    {
        Span<byte> span = output.GetSpan(1 + payload.Length);
        span[0] = PrimitiveHeader(typeId);
        payload.CopyTo(span.Slice(1));
        output.Advance(1 + payload.Length);
    }

    /// <summary>Writes a UTF-8 string: a short string below 64 bytes, else primitive type 16 with a 4-byte length.</summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < 64)
        {
            Span<byte> span = output.GetSpan(1 + utf8.Length);
            span[0] = (byte)((utf8.Length << 2) | BasicShortString);
            utf8.CopyTo(span.Slice(1));
            output.Advance(1 + utf8.Length);
            return;
        }
        WriteLengthPrefixed(output, 16, utf8);
    }

    /// <summary>Writes primitive <paramref name="typeId"/> (binary 15 or string 16) with a 4-byte length prefix.</summary>
    public static void WriteLengthPrefixed(IBufferWriter<byte> output, int typeId, ReadOnlySpan<byte> bytes)
    {
        Span<byte> span = output.GetSpan(5 + bytes.Length);
        span[0] = PrimitiveHeader(typeId);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(1), bytes.Length);
        bytes.CopyTo(span.Slice(5));
        output.Advance(5 + bytes.Length);
    }

    /// <summary>
    /// Writes an object from (field id, encoded value) pairs that are already in the order of their field names
    /// (the order the encoding requires for field ids); values are laid out in the same order.
    /// </summary>
    public static void WriteObject(IBufferWriter<byte> output, IReadOnlyList<(int Id, ReadOnlyMemory<byte> Value)> fields)
    {
        int count = fields.Count;
        long total = 0;
        int maxId = 0;
        foreach ((int id, ReadOnlyMemory<byte> value) in fields)
        {
            total += value.Length;
            maxId = Math.Max(maxId, id);
        }
        int idSize = SizeFor(maxId);
        int offsetSize = SizeFor(total);
        bool large = count > 255;
        int countSize = large ? 4 : 1;
        int headerLength = 1 + countSize + (count * idSize) + ((count + 1) * offsetSize);
        Span<byte> span = output.GetSpan(checked(headerLength + (int)total));
        span[0] = (byte)(BasicObject | ((offsetSize - 1) << 2) | ((idSize - 1) << 4) | (large ? 1 << 6 : 0));
        int at = 1;
        WriteUnsigned(span, ref at, count, countSize);
        foreach ((int id, ReadOnlyMemory<byte> _) in fields)
        {
            WriteUnsigned(span, ref at, id, idSize);
        }
        long offset = 0;
        foreach ((int _, ReadOnlyMemory<byte> value) in fields)
        {
            WriteUnsigned(span, ref at, offset, offsetSize);
            offset += value.Length;
        }
        WriteUnsigned(span, ref at, offset, offsetSize);
        foreach ((int _, ReadOnlyMemory<byte> value) in fields)
        {
            value.Span.CopyTo(span.Slice(at));
            at += value.Length;
        }
        output.Advance(at);
    }

    /// <summary>Writes an array of encoded element values, in order.</summary>
    public static void WriteArray(IBufferWriter<byte> output, IReadOnlyList<ReadOnlyMemory<byte>> elements)
    {
        int count = elements.Count;
        long total = 0;
        foreach (ReadOnlyMemory<byte> element in elements)
        {
            total += element.Length;
        }
        int offsetSize = SizeFor(total);
        bool large = count > 255;
        int countSize = large ? 4 : 1;
        int headerLength = 1 + countSize + ((count + 1) * offsetSize);
        Span<byte> span = output.GetSpan(checked(headerLength + (int)total));
        span[0] = (byte)(BasicArray | ((offsetSize - 1) << 2) | (large ? 1 << 4 : 0));
        int at = 1;
        WriteUnsigned(span, ref at, count, countSize);
        long offset = 0;
        foreach (ReadOnlyMemory<byte> element in elements)
        {
            WriteUnsigned(span, ref at, offset, offsetSize);
            offset += element.Length;
        }
        WriteUnsigned(span, ref at, offset, offsetSize);
        foreach (ReadOnlyMemory<byte> element in elements)
        {
            element.Span.CopyTo(span.Slice(at));
            at += element.Length;
        }
        output.Advance(at);
    }

    /// <summary>The fields of an encoded object: (field id, the field's value bytes) in stored order.</summary>
    /// <exception cref="FormatException">The value is not an object or is truncated.</exception>
    public static List<(int Id, ReadOnlyMemory<byte> Value)> ReadObjectFields(ReadOnlyMemory<byte> encoded)
    {
        ReadOnlySpan<byte> bytes = encoded.Span;
        if (bytes.IsEmpty || (bytes[0] & 0x03) != BasicObject)
        {
            throw new FormatException("a partially shredded variant's value is not an object");
        }
        byte header = bytes[0];
        int offsetSize = ((header >> 2) & 0x03) + 1;
        int idSize = ((header >> 4) & 0x03) + 1;
        bool large = ((header >> 6) & 0x01) != 0;
        int countSize = large ? 4 : 1;
        long count = VariantMetadata.ReadUnsigned(bytes, 1, countSize);
        long idsStart = 1 + countSize;
        long offsetsStart = idsStart + (count * idSize);
        long valuesStart = offsetsStart + ((count + 1) * offsetSize);
        if (valuesStart > bytes.Length)
        {
            throw new FormatException("variant object header runs past the end of the value");
        }
        var fields = new List<(int, ReadOnlyMemory<byte>)>((int)count);
        for (int i = 0; i < count; i++)
        {
            int id = (int)VariantMetadata.ReadUnsigned(bytes, (int)(idsStart + (i * idSize)), idSize);
            long offset = VariantMetadata.ReadUnsigned(bytes, (int)(offsetsStart + (i * offsetSize)), offsetSize);
            long start = valuesStart + offset;
            if (start >= bytes.Length)
            {
                throw new FormatException("variant object field runs past the end of the value");
            }
            int size = ValueSize(bytes.Slice((int)start));
            fields.Add((id, encoded.Slice((int)start, size)));
        }
        return fields;
    }

    /// <summary>The number of bytes of the value that starts at <paramref name="bytes"/>[0].</summary>
    /// <exception cref="FormatException">Unknown type or truncated value.</exception>
    public static int ValueSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new FormatException("variant value is empty");
        }
        byte header = bytes[0];
        int info = header >> 2;
        long size;
        switch (header & 0x03)
        {
            case BasicPrimitive:
                size = 1 + info switch
                {
                    0 or 1 or 2 => 0,
                    3 => 1,
                    4 => 2,
                    5 or 11 or 14 => 4,
                    6 or 7 or 12 or 13 or 17 or 18 or 19 => 8,
                    8 => 5,
                    9 => 9,
                    10 => 17,
                    15 or 16 => 4 + (long)VariantMetadata.ReadUnsigned(bytes, 1, 4),
                    20 => 16,
                    _ => throw new FormatException($"unknown variant primitive type {info}"),
                };
                break;
            case BasicShortString:
                size = 1 + info;
                break;
            case BasicObject:
            {
                int offsetSize = (info & 0x03) + 1;
                int idSize = ((info >> 2) & 0x03) + 1;
                int countSize = ((info >> 4) & 0x01) != 0 ? 4 : 1;
                long count = VariantMetadata.ReadUnsigned(bytes, 1, countSize);
                long offsetsStart = 1 + countSize + (count * idSize);
                size = offsetsStart + ((count + 1) * offsetSize) + VariantMetadata.ReadUnsigned(bytes, checked((int)(offsetsStart + (count * offsetSize))), offsetSize);
                break;
            }
            default:
            {
                int offsetSize = (info & 0x03) + 1;
                int countSize = ((info >> 2) & 0x01) != 0 ? 4 : 1;
                long count = VariantMetadata.ReadUnsigned(bytes, 1, countSize);
                long offsetsStart = 1 + countSize;
                size = offsetsStart + ((count + 1) * offsetSize) + VariantMetadata.ReadUnsigned(bytes, checked((int)(offsetsStart + (count * offsetSize))), offsetSize);
                break;
            }
        }
        if (size > bytes.Length)
        {
            throw new FormatException("variant value runs past the end of its buffer");
        }
        return (int)size;
    }

    private static int SizeFor(long value) => value switch
    {
        <= 0xFF => 1,
        <= 0xFFFF => 2,
        <= 0xFFFFFF => 3,
        _ => 4,
    };

    private static void WriteUnsigned(Span<byte> span, ref int at, long value, int size)
    {
        for (int i = 0; i < size; i++)
        {
            span[at++] = (byte)(value >> (8 * i));
        }
    }
}
