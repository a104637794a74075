using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Variant;

/// <summary>
/// Reconstructs unshredded Variant values from a shredded Variant column (Parquet VariantShredding.md): a struct of
/// <c>metadata</c>, an optional <c>value</c> binary and a <c>typed_value</c> that is a primitive column, a list of
/// element groups or a struct of field groups (each group again <c>value</c> + <c>typed_value</c>). The result is the
/// unshredded struct&lt;metadata, value&gt; an unshredded column reads as; rows keep their validity.
/// </summary>
/// <remarks>
/// Rules applied per value: <c>typed_value</c> present → encoded from its type (for objects merged with the fields
/// of a partially shredded <c>value</c>); only <c>value</c> present → copied; both missing → missing (an object field
/// is left out; anywhere else, e.g. a top-level row or an array element, it is a Variant null). Object fields are
/// written in field-name order with ids from the row's metadata dictionary, which must contain every shredded name.
/// Malformed input is a <see cref="FormatException"/>. Not thread-safe per call; the type itself is stateless.
/// </remarks>
internal static class VariantShredding
{
    /// <summary>
    /// Converts <paramref name="data"/> (a shredded variant struct, any offset) into <paramref name="target"/>
    /// (struct&lt;metadata: binary, value: binary&gt;). The caller owns the returned data.
    /// </summary>
    public static ArrayData Reconstruct(ArrayData data, StructType physical, StructType target, ArrowAllocator? allocator)
    {
        int metadataIndex = physical.GetFieldIndex("metadata");
        if (metadataIndex < 0)
        {
            throw new FormatException("a shredded variant column has no 'metadata' field");
        }
        int valueIndex = physical.GetFieldIndex("value");
        int typedIndex = physical.GetFieldIndex("typed_value");
        using ArrowArray column = ArrowArray.Borrow(data);
        var variant = (StructArray)column;
        var metadataArray = (BinaryArray)variant.GetField(metadataIndex);
        BinaryArray? valueArray = valueIndex < 0 ? null : (BinaryArray)variant.GetField(valueIndex);
        ArrowArray? typedArray = typedIndex < 0 ? null : variant.GetField(typedIndex);

        int childLength = data.Offset + data.Length;
        using var metadataOut = new BinaryBuilder(BinaryType.Binary, allocator);
        using var valueOut = new BinaryBuilder(BinaryType.Binary, allocator);
        var buffer = new ArrayBufferWriter<byte>(256);
        byte[]? lastMetadataBytes = null;
        VariantMetadata? metadata = null;
        for (int slot = 0; slot < childLength; slot++)
        {
            if (slot < data.Offset || !variant.IsValid(slot - data.Offset))
            {
                metadataOut.Append(ReadOnlySpan<byte>.Empty);
                valueOut.Append(ReadOnlySpan<byte>.Empty);
                continue;
            }
            ReadOnlySpan<byte> metadataBytes = metadataArray.GetBytes(slot);
            if (lastMetadataBytes is null || !metadataBytes.SequenceEqual(lastMetadataBytes))
            {
                lastMetadataBytes = metadataBytes.ToArray();
                metadata = VariantMetadata.Parse(metadataBytes);
            }
            buffer.ResetWrittenCount();
            if (!WriteShredded(buffer, metadata!, valueArray, typedArray, slot))
            {
                buffer.GetSpan(1)[0] = VariantEncoding.Null;
                buffer.Advance(1);
            }
            metadataOut.Append(metadataBytes);
            valueOut.Append(buffer.WrittenSpan);
        }
        ArrayData metadataData = metadataOut.BuildData();
        ArrayData valueData;
        try
        {
            valueData = valueOut.BuildData();
        }
        catch
        {
            metadataData.Dispose();
            throw;
        }
        var buffers = new ArrowBuffer?[data.Buffers.Count];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = data.Buffers[i]?.Retain();
        }
        return new ArrayData(target, data.Length, data.NullCount, data.Offset, buffers, new[] { metadataData, valueData });
    }

    /// <summary>Writes the value of one (value, typed_value) pair at <paramref name="slot"/>; false when missing.</summary>
    private static bool WriteShredded(ArrayBufferWriter<byte> output, VariantMetadata metadata, BinaryArray? value, ArrowArray? typed, int slot)
    {
        bool hasValue = value is not null && value.IsValid(slot);
        if (typed is null || !typed.IsValid(slot))
        {
            if (!hasValue)
            {
                return false;
            }
            output.Write(value!.GetBytes(slot));
            return true;
        }
        switch (typed)
        {
            case StructArray shreddedObject:
                WriteObject(output, metadata, shreddedObject, hasValue ? value!.GetBytes(slot).ToArray() : null, slot);
                return true;
            case ListArray list when typed.Type.TypeId == ArrowTypeId.List:
                WriteArray(output, metadata, list, slot);
                return true;
            default:
                WritePrimitive(output, typed, slot);
                return true;
        }
    }

    private static void WriteObject(ArrayBufferWriter<byte> output, VariantMetadata metadata, StructArray shredded, byte[]? residual, int slot)
    {
        var named = new List<(string Name, int Id, ReadOnlyMemory<byte> Value)>();
        int fieldSlot = shredded.GetFieldSlot(slot);
        for (int f = 0; f < shredded.StructType.Fields.Count; f++)
        {
            string name = shredded.StructType.Fields[f].Name;
            if (shredded.GetField(f) is not StructArray group)
            {
                throw new FormatException($"shredded variant field '{name}' is not a group of value and typed_value");
            }
            int groupSlot = group.GetFieldSlot(fieldSlot);
            var fieldOutput = new ArrayBufferWriter<byte>(32);
            if (WriteShredded(fieldOutput, metadata, GroupField(group, "value") as BinaryArray, GroupField(group, "typed_value"), groupSlot))
            {
                int id = metadata.IdOf(name);
                if (id < 0)
                {
                    throw new FormatException($"shredded variant field '{name}' is not in the row's metadata dictionary");
                }
                named.Add((name, id, fieldOutput.WrittenMemory));
            }
        }
        if (residual is not null)
        {
            foreach ((int id, ReadOnlyMemory<byte> fieldValue) in VariantEncoding.ReadObjectFields(residual))
            {
                string name = metadata.NameOf(id);
                if (!ContainsName(named, name))
                {
                    named.Add((name, id, fieldValue));
                }
            }
        }
        named.Sort(static (a, b) => CompareUtf8(a.Name, b.Name));
        var fields = new List<(int, ReadOnlyMemory<byte>)>(named.Count);
        foreach ((string _, int id, ReadOnlyMemory<byte> fieldValue) in named)
        {
            fields.Add((id, fieldValue));
        }
        VariantEncoding.WriteObject(output, fields);
    }

    private static void WriteArray(ArrayBufferWriter<byte> output, VariantMetadata metadata, ListArray list, int slot)
    {
        if (list.Values is not StructArray element)
        {
            throw new FormatException("a shredded variant array's element is not a group of value and typed_value");
        }
        BinaryArray? elementValue = GroupField(element, "value") as BinaryArray;
        ArrowArray? elementTyped = GroupField(element, "typed_value");
        int start = list.GetValueStart(slot);
        int count = list.GetValueLength(slot);
        var elements = new List<ReadOnlyMemory<byte>>(count);
        for (int i = 0; i < count; i++)
        {
            var elementOutput = new ArrayBufferWriter<byte>(16);
            int elementSlot = element.GetFieldSlot(start + i);
            if (!WriteShredded(elementOutput, metadata, elementValue, elementTyped, elementSlot))
            {
                elementOutput.Write([VariantEncoding.Null]);
            }
            elements.Add(elementOutput.WrittenMemory);
        }
        VariantEncoding.WriteArray(output, elements);
    }

    /// <summary>Encodes one shredded primitive (the Parquet type → Variant type table of VariantShredding.md).</summary>
    private static void WritePrimitive(ArrayBufferWriter<byte> output, ArrowArray typed, int slot)
    {
        ArrowType type = typed.Type;
        switch (type.TypeId)
        {
            case ArrowTypeId.Boolean:
                output.Write([((BooleanArray)typed).GetValue(slot) ? VariantEncoding.True : VariantEncoding.False]);
                return;
            case ArrowTypeId.Int8:
                VariantEncoding.WritePrimitive(output, 3, Fixed(typed, slot, 1));
                return;
            case ArrowTypeId.Int16:
                VariantEncoding.WritePrimitive(output, 4, Fixed(typed, slot, 2));
                return;
            case ArrowTypeId.Int32:
                VariantEncoding.WritePrimitive(output, 5, Fixed(typed, slot, 4));
                return;
            case ArrowTypeId.Int64:
                VariantEncoding.WritePrimitive(output, 6, Fixed(typed, slot, 8));
                return;
            case ArrowTypeId.Float32:
                VariantEncoding.WritePrimitive(output, 14, Fixed(typed, slot, 4));
                return;
            case ArrowTypeId.Float64:
                VariantEncoding.WritePrimitive(output, 7, Fixed(typed, slot, 8));
                return;
            case ArrowTypeId.Date32:
                VariantEncoding.WritePrimitive(output, 11, Fixed(typed, slot, 4));
                return;
            case ArrowTypeId.Time64 when ((TimeType)type).Unit == TimeUnit.Microsecond:
                VariantEncoding.WritePrimitive(output, 17, Fixed(typed, slot, 8));
                return;
            case ArrowTypeId.Timestamp:
            {
                var timestamp = (TimestampType)type;
                int id = (timestamp.Unit, timestamp.HasTimeZone) switch
                {
                    (TimeUnit.Microsecond, true) => 12,
                    (TimeUnit.Microsecond, false) => 13,
                    (TimeUnit.Nanosecond, true) => 18,
                    (TimeUnit.Nanosecond, false) => 19,
                    _ => throw new FormatException($"shredded variant timestamps must be in micro- or nanoseconds, found {type}"),
                };
                VariantEncoding.WritePrimitive(output, id, Fixed(typed, slot, 8));
                return;
            }
            case ArrowTypeId.Decimal128:
            {
                var decimalType = (DecimalType)type;
                var decimals = (DecimalArray)typed;
                Int128 unscaled = decimals.GetUnscaledInt128(slot);
                int width = decimalType.Precision <= 9 ? 4 : decimalType.Precision <= 18 ? 8 : 16;
                Span<byte> payload = stackalloc byte[17];
                payload[0] = (byte)decimalType.Scale;
                Span<byte> little = stackalloc byte[16];
                System.Buffers.Binary.BinaryPrimitives.WriteInt128LittleEndian(little, unscaled);
                little.Slice(0, width).CopyTo(payload.Slice(1));
                VariantEncoding.WritePrimitive(output, width == 4 ? 8 : width == 8 ? 9 : 10, payload.Slice(0, 1 + width));
                return;
            }
            case ArrowTypeId.String:
            case ArrowTypeId.LargeString:
                VariantEncoding.WriteString(output, ((BinaryArray)typed).GetBytes(slot));
                return;
            case ArrowTypeId.Binary:
            case ArrowTypeId.LargeBinary:
                VariantEncoding.WriteLengthPrefixed(output, 15, ((BinaryArray)typed).GetBytes(slot));
                return;
            case ArrowTypeId.FixedSizeBinary when ((FixedSizeBinaryType)type).ByteWidth == 16:
                VariantEncoding.WritePrimitive(output, 20, ((FixedSizeBinaryArray)typed).GetBytes(slot));
                return;
            default:
                throw new FormatException($"a shredded variant typed_value of type {type} has no Variant equivalent");
        }
    }

    private static ReadOnlySpan<byte> Fixed(ArrowArray array, int slot, int width) =>
        array.Data.GetBuffer(1).Span.Slice((array.Data.Offset + slot) * width, width);

    private static ArrowArray? GroupField(StructArray group, string name)
    {
        int index = group.StructType.GetFieldIndex(name);
        return index < 0 ? null : group.GetField(index);
    }

    private static bool ContainsName(List<(string Name, int Id, ReadOnlyMemory<byte> Value)> named, string name)
    {
        foreach ((string existing, int _, ReadOnlyMemory<byte> _) in named)
        {
            if (string.Equals(existing, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Orders field names by their UTF-8 bytes (the order Variant objects list field ids in).</summary>
    private static int CompareUtf8(string a, string b)
    {
        int max = Math.Max(Encoding.UTF8.GetMaxByteCount(a.Length), Encoding.UTF8.GetMaxByteCount(b.Length));
        Span<byte> left = max <= 512 ? stackalloc byte[max] : new byte[max];
        Span<byte> right = max <= 512 ? stackalloc byte[max] : new byte[max];
        int l = Encoding.UTF8.GetBytes(a, left);
        int r = Encoding.UTF8.GetBytes(b, right);
        return left.Slice(0, l).SequenceCompareTo(right.Slice(0, r));
    }
}
