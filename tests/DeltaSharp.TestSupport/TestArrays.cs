using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

#pragma warning disable CA1720 // helper names mirror the Arrow types they build (Int32, String, …)

namespace DeltaSharp.TestSupport;

/// <summary>Builds Arrow arrays buffer by buffer (independent of the builders) for writer tests.</summary>
public static class TestArrays
{
    public static ArrowBuffer? Validity(IReadOnlyList<bool>? valid)
    {
        if (valid is null)
        {
            return null;
        }
        byte[] bits = new byte[(valid.Count + 7) / 8];
        for (int i = 0; i < valid.Count; i++)
        {
            if (valid[i])
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return ArrowBuffer.CopyFrom<byte>(bits);
    }

    private static int Nulls(IReadOnlyList<bool>? valid)
    {
        if (valid is null)
        {
            return 0;
        }
        int n = 0;
        foreach (bool v in valid)
        {
            n += v ? 0 : 1;
        }
        return n;
    }

    public static ArrayData Primitive<T>(ArrowType type, T?[] values)
        where T : unmanaged
    {
        var data = new T[values.Length];
        var valid = new bool[values.Length];
        bool anyNull = false;
        for (int i = 0; i < values.Length; i++)
        {
            valid[i] = values[i].HasValue;
            anyNull |= !valid[i];
            data[i] = values[i].GetValueOrDefault();
        }
        return new ArrayData(type, values.Length, anyNull ? Nulls(valid) : 0, 0,
            [anyNull ? Validity(valid) : null, ArrowBuffer.CopyFrom<T>(data)]);
    }

    public static ArrayData Boolean(bool?[] values)
    {
        var valid = new bool[values.Length];
        byte[] bits = new byte[(values.Length + 7) / 8];
        bool anyNull = false;
        for (int i = 0; i < values.Length; i++)
        {
            valid[i] = values[i].HasValue;
            anyNull |= !valid[i];
            if (values[i] == true)
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return new ArrayData(ArrowType.Boolean, values.Length, Nulls(valid), 0, [anyNull ? Validity(valid) : null, ArrowBuffer.CopyFrom<byte>(bits)]);
    }

    public static ArrayData Binary(BinaryType type, byte[]?[] values)
    {
        var valid = new bool[values.Length];
        var bytes = new List<byte>();
        bool large = type.IsLarge;
        var offsets32 = new int[values.Length + 1];
        var offsets64 = new long[values.Length + 1];
        for (int i = 0; i < values.Length; i++)
        {
            valid[i] = values[i] is not null;
            if (values[i] is { } v)
            {
                bytes.AddRange(v);
            }
            offsets32[i + 1] = bytes.Count;
            offsets64[i + 1] = bytes.Count;
        }
        int nulls = Nulls(valid);
        return new ArrayData(type, values.Length, nulls, 0,
        [
            nulls > 0 ? Validity(valid) : null,
            large ? ArrowBuffer.CopyFrom<long>(offsets64) : ArrowBuffer.CopyFrom<int>(offsets32),
            ArrowBuffer.CopyFrom<byte>(bytes.ToArray()),
        ]);
    }

    public static ArrayData String(string?[] values, BinaryType? type = null)
    {
        var bytes = new byte[]?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bytes[i] = values[i] is { } s ? Encoding.UTF8.GetBytes(s) : null;
        }
        return Binary(type ?? BinaryType.Utf8, bytes);
    }

    public static ArrayData FixedBinary(int width, byte[]?[] values)
    {
        var valid = new bool[values.Length];
        byte[] data = new byte[values.Length * width];
        for (int i = 0; i < values.Length; i++)
        {
            valid[i] = values[i] is not null;
            values[i]?.CopyTo(data, i * width);
        }
        int nulls = Nulls(valid);
        return new ArrayData(new FixedSizeBinaryType(width), values.Length, nulls, 0, [nulls > 0 ? Validity(valid) : null, ArrowBuffer.CopyFrom<byte>(data)]);
    }

    public static ArrayData Decimal128(int precision, int scale, decimal?[] values)
    {
        var valid = new bool[values.Length];
        var data = new Int128[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            valid[i] = values[i].HasValue;
            if (values[i] is { } d)
            {
                decimal scaled = d * Pow10(scale);
                data[i] = (Int128)decimal.Truncate(scaled);
            }
        }
        int nulls = Nulls(valid);
        return new ArrayData(new DecimalType(precision, scale), values.Length, nulls, 0, [nulls > 0 ? Validity(valid) : null, ArrowBuffer.CopyFrom<Int128>(data)]);
    }

    private static decimal Pow10(int n)
    {
        decimal r = 1;
        for (int i = 0; i < n; i++)
        {
            r *= 10;
        }
        return r;
    }

    /// <summary>A list array: <paramref name="offsets"/> has length+1 entries; <paramref name="valid"/> null = no nulls.</summary>
    public static ArrayData List(ArrayData child, int[] offsets, bool[]? valid, bool childNullable = true)
    {
        int length = offsets.Length - 1;
        var type = new ListType(new Field("item", child.Type, childNullable));
        return new ArrayData(type, length, Nulls(valid), 0, [Validity(valid), ArrowBuffer.CopyFrom<int>(offsets)], [child]);
    }

    public static ArrayData Struct(Field[] fields, ArrayData[] children, bool[]? valid)
    {
        return new ArrayData(new StructType(fields), children[0].Length, Nulls(valid), 0, [Validity(valid)], children);
    }

    public static ArrayData Map(ArrayData keys, ArrayData values, int[] offsets, bool[]? valid)
    {
        var entryFields = new[] { new Field("key", keys.Type, false), new Field("value", values.Type, true) };
        var entries = Struct(entryFields, [keys, values], null);
        var type = new MapType(new Field("entries", entries.Type, false));
        return new ArrayData(type, offsets.Length - 1, Nulls(valid), 0, [Validity(valid), ArrowBuffer.CopyFrom<int>(offsets)], [entries]);
    }

    public static RecordBatch Batch(params (string Name, ArrayData Data, bool Nullable)[] columns)
    {
        var fields = new Field[columns.Length];
        var arrays = new ArrowArray[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            fields[i] = new Field(columns[i].Name, columns[i].Data.Type, columns[i].Nullable);
            arrays[i] = ArrowArray.FromData(columns[i].Data);
        }
        return new RecordBatch(new DeltaSharp.Arrow.Schema(fields), arrays, columns.Length == 0 ? 0 : columns[0].Data.Length);
    }
}
