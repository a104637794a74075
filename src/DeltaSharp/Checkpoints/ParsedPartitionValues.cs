using System;
using System.Globalization;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Checkpoints;

/// <summary>
/// Turns a checkpoint's typed <c>add.partitionValues_parsed</c> struct back into the string form of PROTOCOL.md
/// "Partition Value Serialization" (used only when a checkpoint has no <c>partitionValues</c> string map).
/// Timestamps become ISO 8601 in UTC with <c>Z</c>, timestamps without time zone
/// <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, dates <c>yyyy-MM-dd</c>, decimals plain, binary the UTF-8 reading of its bytes.
/// </summary>
internal static class ParsedPartitionValues
{
    /// <summary>The slot's partition values as parallel key/value arrays (keys are the struct's field names), or
    /// null when the struct is null in this slot.</summary>
    public static (string[] Keys, string?[] Values)? Read(StructArray parsed, int slot)
    {
        if (!parsed.IsValid(slot))
        {
            return null;
        }
        int child = parsed.GetFieldSlot(slot);
        int count = parsed.FieldCount;
        var keys = new string[count];
        var values = new string?[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = parsed.StructType.Fields[i].Name;
            ArrowArray field = parsed.GetField(i);
            values[i] = field.IsValid(child) ? Format(field, child) : null;
        }
        return (keys, values);
    }

    private static string Format(ArrowArray array, int index) => array switch
    {
        BooleanArray b => b.GetValue(index) ? "true" : "false",
        BinaryArray bin when bin.IsUtf8 => bin.GetString(index) ?? string.Empty,
        BinaryArray bin => Encoding.UTF8.GetString(bin.GetBytes(index)),
        PrimitiveArray<long> l when l.Type is TimestampType ts => FormatTimestamp(ToTicks(l.GetValue(index), ts.Unit), ts.HasTimeZone),
        PrimitiveArray<long> l => l.GetValue(index).ToString(CultureInfo.InvariantCulture),
        PrimitiveArray<int> i when i.Type.TypeId == ArrowTypeId.Date32 =>
            DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + i.GetValue(index)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PrimitiveArray<int> i => i.GetValue(index).ToString(CultureInfo.InvariantCulture),
        PrimitiveArray<short> s => s.GetValue(index).ToString(CultureInfo.InvariantCulture),
        PrimitiveArray<sbyte> b => b.GetValue(index).ToString(CultureInfo.InvariantCulture),
        PrimitiveArray<double> d => d.GetValue(index).ToString("R", CultureInfo.InvariantCulture),
        PrimitiveArray<float> f => f.GetValue(index).ToString("R", CultureInfo.InvariantCulture),
        DecimalArray dec => StatsJson.FormatDecimal(dec.GetUnscaledInt128(index), dec.DecimalType.Scale),
        _ => throw new FormatException($"partitionValues_parsed has a column of an unsupported type {array.Type}"),
    };

    private static long ToTicks(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => value * TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => value * TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => value * 10,
        _ => value / 100,
    };

    private static string FormatTimestamp(long ticks, bool utc)
    {
        DateTime time = DateTime.UnixEpoch.AddTicks(ticks);
        return utc
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }
}
