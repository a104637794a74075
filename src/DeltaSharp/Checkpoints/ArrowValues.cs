using System;
using System.Collections.Generic;
using DeltaSharp.Arrow;

namespace DeltaSharp.Checkpoints;

/// <summary>Reads single values out of Arrow arrays produced from checkpoint Parquet (row-at-a-time accessors for
/// the few action fields; the hot loops stay in the Parquet decoder).</summary>
internal static class ArrowValues
{
    /// <summary>The field named <paramref name="name"/> of a struct array, or null when the struct has none.</summary>
    public static ArrowArray? Field(StructArray array, string name)
    {
        int index = array.StructType.GetFieldIndex(name);
        return index < 0 ? null : array.GetField(index);
    }

    public static string? String(ArrowArray? array, int index)
    {
        if (array is null || !array.IsValid(index))
        {
            return null;
        }
        return array switch
        {
            BinaryArray binary => binary.GetString(index),
            _ => throw new FormatException($"expected a string column, found {array.Type}"),
        };
    }

    public static long? Long(ArrowArray? array, int index)
    {
        if (array is null || !array.IsValid(index))
        {
            return null;
        }
        return array switch
        {
            PrimitiveArray<long> l => l.GetValue(index),
            PrimitiveArray<int> i => i.GetValue(index),
            PrimitiveArray<short> s => s.GetValue(index),
            PrimitiveArray<sbyte> b => b.GetValue(index),
            _ => throw new FormatException($"expected an integer column, found {array.Type}"),
        };
    }

    public static bool? Bool(ArrowArray? array, int index)
    {
        if (array is null || !array.IsValid(index))
        {
            return null;
        }
        return array is BooleanArray b ? b.GetValue(index) : throw new FormatException($"expected a boolean column, found {array.Type}");
    }

    public static List<string>? StringList(ArrowArray? array, int index)
    {
        if (array is null || !array.IsValid(index))
        {
            return null;
        }
        if (array is not ListArray list)
        {
            throw new FormatException($"expected a list column, found {array.Type}");
        }
        int start = list.GetValueStart(index);
        int count = list.GetValueLength(index);
        var result = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            result.Add(String(list.Values, start + i) ?? throw new FormatException("null element in a list of strings"));
        }
        return result;
    }

    /// <summary>True when the map slot is null or has no entries (nothing to allocate).</summary>
    public static bool IsEmptyMap(ArrowArray? array, int index) =>
        array is null || !array.IsValid(index) || (array is MapArray map && map.GetValueLength(index) == 0);

    /// <summary>Reads a map&lt;string,string&gt; slot into parallel key/value arrays (null when the slot is null).</summary>
    public static (string[] Keys, string?[] Values)? StringMap(ArrowArray? array, int index)
    {
        if (array is null || !array.IsValid(index))
        {
            return null;
        }
        if (array is not MapArray map)
        {
            throw new FormatException($"expected a map column, found {array.Type}");
        }
        int start = map.GetValueStart(index);
        int count = map.GetValueLength(index);
        var keys = new string[count];
        var values = new string?[count];
        ArrowArray keyArray = map.Keys;
        ArrowArray valueArray = map.Items;
        int entryBase = map.Entries.Offset;
        for (int i = 0; i < count; i++)
        {
            int slot = start + i;
            keys[i] = String(keyArray, slot + entryBase) ?? throw new FormatException("null map key");
            values[i] = String(valueArray, slot + entryBase);
        }
        return (keys, values);
    }
}
