using System;
using System.Collections.Generic;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;

namespace DeltaSharp.Scanning;

/// <summary>
/// Turns a column as read from a data file (physical names, the file's types) into the table's logical column:
/// nested fields are matched by physical name (or Parquet field id in id mode) and renamed to their logical names,
/// fields missing from the file become nulls, and widened types are upcast (PROTOCOL.md "Column Mapping",
/// "Type Widening"). Buffers are shared, not copied, wherever the layout is unchanged.
/// </summary>
internal static class ColumnConverter
{
    private const string FieldIdKey = "PARQUET:field_id";

    /// <summary>Returns an owned array of <paramref name="logical"/>'s Arrow type.</summary>
    public static ArrayData Convert(ArrayData data, DeltaDataType logical, ColumnMappingMode mode, ArrowAllocator? allocator)
    {
        ArrowType target = DeltaArrowSchema.ToArrowType(logical);
        return Convert(data, logical, target, mode, allocator);
    }

    /// <summary>An owned all-null array of <paramref name="logical"/>'s type.</summary>
    public static ArrayData Nulls(DeltaDataType logical, int length, ArrowAllocator? allocator)
    {
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(DeltaArrowSchema.ToArrowType(logical), allocator);
        builder.AppendNulls(length);
        return builder.BuildData();
    }

    /// <summary>Finds the file field for a logical field: by field id in id mode (when the file's fields at this level
    /// carry ids), else by physical name (exact, then case-insensitive). Returns -1 when the file does not have it.</summary>
    public static int FindPhysicalField(IReadOnlyList<Field> fileFields, DeltaStructField field, ColumnMappingMode mode)
    {
        if (mode == ColumnMappingMode.Id && field.ColumnMappingId is long id)
        {
            string idText = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            bool fileHasIds = false;
            for (int i = 0; i < fileFields.Count; i++)
            {
                string? fileId = fileFields[i].GetMetadata(FieldIdKey);
                if (fileId == idText)
                {
                    return i;
                }
                fileHasIds |= fileId is not null;
            }
            if (fileHasIds)
            {
                // PROTOCOL.md "Reader Requirements for Column Mapping", id mode: "For ids that cannot be found in a
                // file, readers must return null values for those columns" (never a same-named column with another id).
                return -1;
            }
            // Fields without any ids (e.g. written before ids were assigned): matched by physical name below.
        }
        string name = field.GetPhysicalName(mode);
        for (int i = 0; i < fileFields.Count; i++)
        {
            if (string.Equals(fileFields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        for (int i = 0; i < fileFields.Count; i++)
        {
            if (string.Equals(fileFields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    private static ArrayData Convert(ArrayData data, DeltaDataType logical, ArrowType target, ColumnMappingMode mode, ArrowAllocator? allocator)
    {
        if (data.Type.Equals(target))
        {
            return data.Retain();
        }
        switch (logical)
        {
            case DeltaStructType structType when data.Type is StructType physicalStruct:
                return ConvertStruct(data, structType, (StructType)target, physicalStruct, mode, allocator);
            case DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Variant } when data.Type is StructType physicalVariant:
                return physicalVariant.GetFieldIndex("typed_value") >= 0
                    ? Variant.VariantShredding.Reconstruct(data, physicalVariant, (StructType)target, allocator)
                    : ConvertVariant(data, physicalVariant, (StructType)target);
            case DeltaArrayType arrayType when data.Type is ListType && target is ListType listTarget:
            {
                ArrayData child = Convert(data.Children[0], arrayType.ElementType, listTarget.ValueType, mode, allocator);
                return new ArrayData(target, data.Length, data.NullCount, data.Offset, RetainBuffers(data), new[] { child });
            }
            case DeltaMapType mapType when data.Type is MapType && target is MapType mapTarget:
            {
                ArrayData entries = data.Children[0];
                ArrayData key = Convert(entries.Children[0], mapType.KeyType, mapTarget.KeyField.DataType, mode, allocator);
                ArrayData value = Convert(entries.Children[1], mapType.ValueType, mapTarget.ValueField.DataType, mode, allocator);
                var newEntries = new ArrayData(mapTarget.EntriesField.DataType, entries.Length, entries.NullCount, entries.Offset, RetainBuffers(entries), new[] { key, value });
                return new ArrayData(target, data.Length, data.NullCount, data.Offset, RetainBuffers(data), new[] { newEntries });
            }
            default:
                return Cast(data, target, allocator);
        }
    }

    private static ArrayData ConvertStruct(ArrayData data, DeltaStructType logical, StructType target, StructType physical, ColumnMappingMode mode, ArrowAllocator? allocator)
    {
        int childLength = data.Offset + data.Length;
        var children = new ArrayData[logical.Fields.Count];
        try
        {
            for (int i = 0; i < logical.Fields.Count; i++)
            {
                DeltaStructField field = logical.Fields[i];
                int index = FindPhysicalField(physical.Fields, field, mode);
                children[i] = index < 0
                    ? NullsOfType(target.Fields[i].DataType, childLength, allocator)
                    : Convert(data.Children[index], field.Type, target.Fields[i].DataType, mode, allocator);
            }
        }
        catch
        {
            foreach (ArrayData? child in children)
            {
                child?.Dispose();
            }
            throw;
        }
        return new ArrayData(target, data.Length, data.NullCount, data.Offset, RetainBuffers(data), children);
    }

    /// <summary>Variant columns: keep the <c>metadata</c> and <c>value</c> binaries (unshredded form).</summary>
    private static ArrayData ConvertVariant(ArrayData data, StructType physical, StructType target)
    {
        int metadata = physical.GetFieldIndex("metadata");
        int value = physical.GetFieldIndex("value");
        if (metadata < 0 || value < 0)
        {
            throw new DeltaUnsupportedFeatureException("variantShredding", "Shredded variant columns without a 'value' field cannot be read yet.");
        }
        var children = new[] { data.Children[metadata].Retain(), data.Children[value].Retain() };
        return new ArrayData(target, data.Length, data.NullCount, data.Offset, RetainBuffers(data), children);
    }

    private static ArrayData NullsOfType(ArrowType type, int length, ArrowAllocator? allocator)
    {
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(type, allocator);
        builder.AppendNulls(length);
        return builder.BuildData();
    }

    private static ArrowBuffer?[] RetainBuffers(ArrayData data)
    {
        var buffers = new ArrowBuffer?[data.Buffers.Count];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = data.Buffers[i]?.Retain();
        }
        return buffers;
    }

    /// <summary>Leaf casts: relabels where the layout is equal, otherwise converts value by value.</summary>
    private static ArrayData Cast(ArrayData data, ArrowType target, ArrowAllocator? allocator)
    {
        ArrowType source = data.Type;
        bool sameLayout =
            (source is BinaryType sb && target is BinaryType tb && !sb.Equals(tb) && SameBinaryLayout(sb, tb)) ||
            (source is DecimalType sd && target is DecimalType td && sd.Scale == td.Scale && sd.ByteWidth == td.ByteWidth) ||
            (source is TimestampType st && target is TimestampType tt && st.Unit == tt.Unit);
        if (sameLayout)
        {
            return new ArrayData(target, data.Length, data.NullCount, data.Offset, RetainBuffers(data), null);
        }
        if (source.TypeId == ArrowTypeId.Null)
        {
            return NullsOfType(target, data.Offset + data.Length, allocator).Slice(data.Offset, data.Length);
        }
        using ArrowArray input = ArrowArray.Borrow(data);
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(target, allocator);
        int length = data.Length;
        switch (target)
        {
            case IntegerType { BitWidth: 64 }:
                var longs = (PrimitiveBuilder<long>)builder;
                for (int i = 0; i < length; i++)
                {
                    longs.Append(input.IsValid(i) ? IntegerAt(input, i) : null);
                }
                break;
            case IntegerType { BitWidth: 32 }:
                var ints = (PrimitiveBuilder<int>)builder;
                for (int i = 0; i < length; i++)
                {
                    ints.Append(input.IsValid(i) ? checked((int)IntegerAt(input, i)) : null);
                }
                break;
            case BinaryType when input is FixedSizeBinaryArray fixedBinary:
                // FIXED_LEN_BYTE_ARRAY without annotation is Spark's BinaryType (e.g. UUIDs written by other engines).
                var binaries = (BinaryBuilder)builder;
                for (int i = 0; i < length; i++)
                {
                    if (input.IsValid(i))
                    {
                        binaries.Append(fixedBinary.GetBytes(i));
                    }
                    else
                    {
                        binaries.AppendNull();
                    }
                }
                break;
            case IntegerType { BitWidth: 8 }:
                // e.g. a Delta byte column in a file whose writer (Impala, Hive) stored it as plain INT32.
                var bytes = (PrimitiveBuilder<sbyte>)builder;
                for (int i = 0; i < length; i++)
                {
                    bytes.Append(input.IsValid(i) ? checked((sbyte)IntegerAt(input, i)) : null);
                }
                break;
            case IntegerType { BitWidth: 16 }:
                var shorts = (PrimitiveBuilder<short>)builder;
                for (int i = 0; i < length; i++)
                {
                    shorts.Append(input.IsValid(i) ? checked((short)IntegerAt(input, i)) : null);
                }
                break;
            case FloatingPointType { BitWidth: 64 }:
                var doubles = (PrimitiveBuilder<double>)builder;
                for (int i = 0; i < length; i++)
                {
                    doubles.Append(input.IsValid(i) ? FloatingAt(input, i) : null);
                }
                break;
            case TimestampType timestamp:
                var micros = (PrimitiveBuilder<long>)builder;
                for (int i = 0; i < length; i++)
                {
                    micros.Append(input.IsValid(i) ? TimestampMicrosAt(input, i) : null);
                }
                _ = timestamp;
                break;
            case DecimalType decimalType:
                var decimals = (DecimalBuilder)builder;
                for (int i = 0; i < length; i++)
                {
                    if (!input.IsValid(i))
                    {
                        decimals.AppendNull();
                        continue;
                    }
                    decimals.AppendUnscaled(DecimalAt(input, i, decimalType.Scale));
                }
                break;
            default:
                throw new DeltaUnsupportedFeatureException("typeWidening", $"Cannot read a data file column of type {source} as {target}.");
        }
        return builder.BuildData();
    }

    private static bool SameBinaryLayout(BinaryType a, BinaryType b) =>
        (a.TypeId, b.TypeId) is (ArrowTypeId.Binary, ArrowTypeId.String) or (ArrowTypeId.String, ArrowTypeId.Binary)
            or (ArrowTypeId.LargeBinary, ArrowTypeId.LargeString) or (ArrowTypeId.LargeString, ArrowTypeId.LargeBinary);

    private static long IntegerAt(ArrowArray array, int i) => array switch
    {
        PrimitiveArray<long> l => l.GetValue(i),
        PrimitiveArray<int> v => v.GetValue(i),
        PrimitiveArray<short> s => s.GetValue(i),
        PrimitiveArray<sbyte> b => b.GetValue(i),
        PrimitiveArray<byte> ub => ub.GetValue(i),
        PrimitiveArray<ushort> us => us.GetValue(i),
        PrimitiveArray<uint> ui => ui.GetValue(i),
        _ => throw new DeltaUnsupportedFeatureException("typeWidening", $"Cannot read {array.Type} as an integer."),
    };

    private static double FloatingAt(ArrowArray array, int i) => array switch
    {
        PrimitiveArray<double> d => d.GetValue(i),
        PrimitiveArray<float> f => f.GetValue(i),
        PrimitiveArray<Half> h => (double)h.GetValue(i),
        DecimalArray dec => (double)dec.GetUnscaledInt128(i) / Math.Pow(10, dec.DecimalType.Scale),
        _ => IntegerAt(array, i),
    };

    private static long TimestampMicrosAt(ArrowArray array, int i)
    {
        if (array.Type is TimestampType ts && array is PrimitiveArray<long> values)
        {
            long v = values.GetValue(i);
            return ts.Unit switch
            {
                TimeUnit.Second => v * 1_000_000,
                TimeUnit.Millisecond => v * 1_000,
                TimeUnit.Microsecond => v,
                _ => Math.DivRem(v, 1000L, out long rem) - (rem < 0 ? 1 : 0),
            };
        }
        if (array.Type.TypeId == ArrowTypeId.Date32 && array is PrimitiveArray<int> days)
        {
            return days.GetValue(i) * 86_400_000_000L;
        }
        throw new DeltaUnsupportedFeatureException("typeWidening", $"Cannot read {array.Type} as a timestamp.");
    }

    private static Int128 DecimalAt(ArrowArray array, int i, int targetScale)
    {
        Int128 value;
        int scale;
        if (array is DecimalArray dec)
        {
            value = dec.GetUnscaledInt128(i);
            scale = dec.DecimalType.Scale;
        }
        else
        {
            value = IntegerAt(array, i);
            scale = 0;
        }
        if (targetScale < scale)
        {
            throw new DeltaUnsupportedFeatureException("typeWidening", "Cannot reduce a decimal's scale.");
        }
        for (int s = scale; s < targetScale; s++)
        {
            value *= 10;
        }
        return value;
    }
}
