using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Checkpoints;

/// <summary>
/// Turns a checkpoint's <c>add.stats_parsed</c> struct back into the <c>stats</c> JSON form (PROTOCOL.md
/// "Per-file Statistics"), so files from checkpoints written with <c>delta.checkpoint.writeStatsAsJson=false</c>
/// carry the same statistics as files from commits.
/// </summary>
internal static class StatsJson
{
    public static byte[] FromParsed(StructArray stats, int slot)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStruct(writer, stats, slot);
        }
        return buffer.ToArray();
    }

    private static void WriteStruct(Utf8JsonWriter writer, StructArray array, int slot)
    {
        writer.WriteStartObject();
        int child = array.GetFieldSlot(slot);
        for (int i = 0; i < array.FieldCount; i++)
        {
            ArrowArray field = array.GetField(i);
            if (!field.IsValid(child))
            {
                continue;
            }
            writer.WritePropertyName(array.StructType.Fields[i].Name);
            WriteValue(writer, field, child);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, ArrowArray array, int index)
    {
        switch (array)
        {
            case StructArray s:
                WriteStruct(writer, s, index);
                break;
            case BooleanArray b:
                writer.WriteBooleanValue(b.GetValue(index));
                break;
            case BinaryArray bin when bin.IsUtf8:
                writer.WriteStringValue(bin.GetBytes(index));
                break;
            case BinaryArray bin:
                writer.WriteBase64StringValue(bin.GetBytes(index));
                break;
            case PrimitiveArray<long> l when l.Type is TimestampType ts:
                writer.WriteStringValue(FormatTimestamp(ToMicros(l.GetValue(index), ts.Unit), ts.HasTimeZone));
                break;
            case PrimitiveArray<long> l:
                writer.WriteNumberValue(l.GetValue(index));
                break;
            case PrimitiveArray<int> i when i.Type.TypeId == ArrowTypeId.Date32:
                writer.WriteStringValue(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + i.GetValue(index)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case PrimitiveArray<int> i:
                writer.WriteNumberValue(i.GetValue(index));
                break;
            case PrimitiveArray<short> s:
                writer.WriteNumberValue(s.GetValue(index));
                break;
            case PrimitiveArray<sbyte> b:
                writer.WriteNumberValue(b.GetValue(index));
                break;
            case PrimitiveArray<double> d:
                WriteFloating(writer, d.GetValue(index));
                break;
            case PrimitiveArray<float> f:
                WriteFloating(writer, f.GetValue(index));
                break;
            case DecimalArray dec:
                writer.WriteRawValue(FormatDecimal(dec.GetUnscaledInt128(index), dec.DecimalType.Scale));
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static long ToMicros(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => value * 1_000_000,
        TimeUnit.Millisecond => value * 1_000,
        TimeUnit.Microsecond => value,
        _ => value / 1_000,
    };

    private static string FormatTimestamp(long micros, bool utc)
    {
        DateTime time = DateTime.UnixEpoch.AddTicks(micros * 10);
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + (utc ? "Z" : string.Empty);
    }

    internal static string FormatDecimal(Int128 unscaled, int scale)
    {
        bool negative = unscaled < 0;
        string digits = (negative ? -unscaled : unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = string.Concat(digits.AsSpan(0, digits.Length - scale), ".", digits.AsSpan(digits.Length - scale));
        }
        return negative ? "-" + digits : digits;
    }
}
