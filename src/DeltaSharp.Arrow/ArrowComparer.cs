using System;
using System.Globalization;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Logical equality of arrays and record batches, for tests and assertions: same type, same length, same nulls, and
/// equal values slot by slot (recursively for nested types). Physical details that do not change the logical value
/// are ignored: offsets, buffer capacity, values under null slots, and the presence of an all-valid bitmap. Floats compare with <see cref="double.Equals(double)"/> (NaN equals NaN; 0.0 equals -0.0).
/// Dictionary arrays compare by decoded values.
/// </summary>
public static class ArrowComparer
{
    /// <summary>True when <paramref name="expected"/> and <paramref name="actual"/> are logically equal.</summary>
    public static bool ArrayEquals(ArrowArray expected, ArrowArray actual) => Difference(expected, actual) is null;

    /// <summary>Describes the first difference (path, slot and values), or returns null when equal.</summary>
    public static string? Difference(ArrowArray expected, ArrowArray actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (!expected.Type.Equals(actual.Type))
        {
            return $"type: expected {expected.Type}, actual {actual.Type}";
        }
        if (expected.Length != actual.Length)
        {
            return $"length: expected {expected.Length}, actual {actual.Length}";
        }
        for (int i = 0; i < expected.Length; i++)
        {
            string? d = SlotDifference(expected, i, actual, i);
            if (d is not null)
            {
                return $"slot {i}: {d}";
            }
        }
        return null;
    }

    /// <summary>Describes the first difference between two batches (schema, row count or a column), or null.</summary>
    public static string? Difference(RecordBatch expected, RecordBatch actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (!expected.Schema.Equals(actual.Schema))
        {
            return $"schema: expected\n{expected.Schema}actual\n{actual.Schema}";
        }
        if (expected.Length != actual.Length)
        {
            return $"rows: expected {expected.Length}, actual {actual.Length}";
        }
        for (int c = 0; c < expected.ColumnCount; c++)
        {
            string? d = Difference(expected.Column(c), actual.Column(c));
            if (d is not null)
            {
                return $"column '{expected.Schema.Fields[c].Name}': {d}";
            }
        }
        return null;
    }

    /// <summary>True when both batches have equal schemas and logically equal columns.</summary>
    public static bool BatchEquals(RecordBatch expected, RecordBatch actual) => Difference(expected, actual) is null;

    private static string? SlotDifference(ArrowArray a, int i, ArrowArray b, int j)
    {
        bool aValid = a.IsValid(i);
        bool bValid = b.IsValid(j);
        if (aValid != bValid)
        {
            return aValid ? "expected a value, actual null" : "expected null, actual a value";
        }
        if (!aValid)
        {
            return null;
        }
        switch (a.Type.TypeId)
        {
            case ArrowTypeId.Null:
                return null;
            case ArrowTypeId.Boolean:
                return Compare(((BooleanArray)a).GetValue(i), ((BooleanArray)b).GetValue(j));
            case ArrowTypeId.Int8:
                return Compare(((PrimitiveArray<sbyte>)a).GetValue(i), ((PrimitiveArray<sbyte>)b).GetValue(j));
            case ArrowTypeId.Int16:
                return Compare(((PrimitiveArray<short>)a).GetValue(i), ((PrimitiveArray<short>)b).GetValue(j));
            case ArrowTypeId.Int32:
            case ArrowTypeId.Date32:
            case ArrowTypeId.Time32:
                return Compare(((PrimitiveArray<int>)a).GetValue(i), ((PrimitiveArray<int>)b).GetValue(j));
            case ArrowTypeId.Int64:
            case ArrowTypeId.Date64:
            case ArrowTypeId.Time64:
            case ArrowTypeId.Timestamp:
            case ArrowTypeId.Duration:
                return Compare(((PrimitiveArray<long>)a).GetValue(i), ((PrimitiveArray<long>)b).GetValue(j));
            case ArrowTypeId.UInt8:
                return Compare(((PrimitiveArray<byte>)a).GetValue(i), ((PrimitiveArray<byte>)b).GetValue(j));
            case ArrowTypeId.UInt16:
                return Compare(((PrimitiveArray<ushort>)a).GetValue(i), ((PrimitiveArray<ushort>)b).GetValue(j));
            case ArrowTypeId.UInt32:
                return Compare(((PrimitiveArray<uint>)a).GetValue(i), ((PrimitiveArray<uint>)b).GetValue(j));
            case ArrowTypeId.UInt64:
                return Compare(((PrimitiveArray<ulong>)a).GetValue(i), ((PrimitiveArray<ulong>)b).GetValue(j));
            case ArrowTypeId.Float16:
                return Compare(((PrimitiveArray<Half>)a).GetValue(i), ((PrimitiveArray<Half>)b).GetValue(j));
            case ArrowTypeId.Float32:
                return Compare(((PrimitiveArray<float>)a).GetValue(i), ((PrimitiveArray<float>)b).GetValue(j));
            case ArrowTypeId.Float64:
                return Compare(((PrimitiveArray<double>)a).GetValue(i), ((PrimitiveArray<double>)b).GetValue(j));
            case ArrowTypeId.Decimal128:
            case ArrowTypeId.Decimal256:
                return Bytes(((DecimalArray)a).GetBytes(i), ((DecimalArray)b).GetBytes(j));
            case ArrowTypeId.FixedSizeBinary:
                return Bytes(((FixedSizeBinaryArray)a).GetBytes(i), ((FixedSizeBinaryArray)b).GetBytes(j));
            case ArrowTypeId.Binary:
            case ArrowTypeId.String:
            case ArrowTypeId.LargeBinary:
            case ArrowTypeId.LargeString:
                return Bytes(((BinaryArray)a).GetBytes(i), ((BinaryArray)b).GetBytes(j));
            case ArrowTypeId.BinaryView:
            case ArrowTypeId.StringView:
                return Bytes(((BinaryViewArray)a).GetBytes(i), ((BinaryViewArray)b).GetBytes(j));
            case ArrowTypeId.List:
            case ArrowTypeId.LargeList:
            case ArrowTypeId.Map:
            {
                ListArray la = (ListArray)a;
                ListArray lb = (ListArray)b;
                return Range(la.Values, la.GetValueStart(i), lb.Values, lb.GetValueStart(j), la.GetValueLength(i), lb.GetValueLength(j));
            }
            case ArrowTypeId.FixedSizeList:
            {
                FixedSizeListArray la = (FixedSizeListArray)a;
                FixedSizeListArray lb = (FixedSizeListArray)b;
                return Range(la.Values, la.GetValueStart(i), lb.Values, lb.GetValueStart(j), la.ListSize, lb.ListSize);
            }
            case ArrowTypeId.Struct:
            {
                StructArray sa = (StructArray)a;
                StructArray sb = (StructArray)b;
                for (int f = 0; f < sa.FieldCount; f++)
                {
                    string? d = SlotDifference(sa.GetField(f), sa.GetFieldSlot(i), sb.GetField(f), sb.GetFieldSlot(j));
                    if (d is not null)
                    {
                        return $"field '{sa.StructType.Fields[f].Name}': {d}";
                    }
                }
                return null;
            }
            case ArrowTypeId.Dictionary:
            {
                DictionaryArray da = (DictionaryArray)a;
                DictionaryArray db = (DictionaryArray)b;
                return SlotDifference(da.Dictionary, checked((int)da.GetIndex(i)), db.Dictionary, checked((int)db.GetIndex(j)));
            }
            default:
                throw new NotSupportedException($"Cannot compare {a.Type}.");
        }
    }

    private static string? Range(ArrowArray a, int aStart, ArrowArray b, int bStart, int aLength, int bLength)
    {
        if (aLength != bLength)
        {
            return $"list length: expected {aLength}, actual {bLength}";
        }
        for (int k = 0; k < aLength; k++)
        {
            string? d = SlotDifference(a, aStart + k, b, bStart + k);
            if (d is not null)
            {
                return $"item {k}: {d}";
            }
        }
        return null;
    }

    private static string? Compare<T>(T expected, T actual)
        where T : IEquatable<T> =>
        expected.Equals(actual) ? null : string.Create(CultureInfo.InvariantCulture, $"expected {expected}, actual {actual}");

    private static string? Bytes(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        expected.SequenceEqual(actual) ? null : $"expected bytes {Convert.ToHexString(expected)}, actual {Convert.ToHexString(actual)}";
}
