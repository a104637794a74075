using System;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>Writes one value of an array as JSON (per JSONL-FORMAT.md) or as plain text (CSV, tables).</summary>
internal static class ValueFormatter
{
    private static ReadOnlySpan<byte> Null => "null"u8;

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Writes slot <paramref name="index"/> as a JSON value.</summary>
    public static void WriteJson(Utf8Sink sink, ArrowArray array, int index) => Write(sink, array, index, json: true);

    /// <summary>Writes slot <paramref name="index"/> as text: scalars bare (no quotes), nested values as JSON,
    /// nulls as nothing when <paramref name="nullText"/> is empty.</summary>
    public static void WriteText(Utf8Sink sink, ArrowArray array, int index, ReadOnlySpan<byte> nullText)
    {
        if (array.IsNull(index))
        {
            sink.Write(nullText);
            return;
        }
        Write(sink, array, index, json: false);
    }

    /// <summary>Writes a JSON string literal for UTF-8 text (invalid UTF-8 is replaced with U+FFFD).</summary>
    public static void WriteJsonString(Utf8Sink sink, ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            WriteJsonString(sink, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8)));
            return;
        }
        sink.WriteByte((byte)'"');
        int runStart = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
            {
                continue;
            }
            sink.Write(utf8[runStart..i]);
            runStart = i + 1;
            sink.WriteByte((byte)'\\');
            switch (b)
            {
                case (byte)'"':
                    sink.WriteByte((byte)'"');
                    break;
                case (byte)'\\':
                    sink.WriteByte((byte)'\\');
                    break;
                case (byte)'\n':
                    sink.WriteByte((byte)'n');
                    break;
                case (byte)'\r':
                    sink.WriteByte((byte)'r');
                    break;
                case (byte)'\t':
                    sink.WriteByte((byte)'t');
                    break;
                case (byte)'\b':
                    sink.WriteByte((byte)'b');
                    break;
                case (byte)'\f':
                    sink.WriteByte((byte)'f');
                    break;
                default:
                    sink.Write("u00"u8);
                    sink.WriteByte(Hex[b >> 4]);
                    sink.WriteByte(Hex[b & 0xF]);
                    break;
            }
        }
        sink.Write(utf8[runStart..]);
        sink.WriteByte((byte)'"');
    }

    private static void Write(Utf8Sink sink, ArrowArray array, int index, bool json)
    {
        if (array.IsNull(index))
        {
            sink.Write(Null);
            return;
        }
        ArrowType type = array.Type;
        switch (type.TypeId)
        {
            case ArrowTypeId.Boolean:
                sink.Write(((BooleanArray)array).GetValue(index) ? "true"u8 : "false"u8);
                return;
            case ArrowTypeId.Int8:
                WriteInteger(sink, ((PrimitiveArray<sbyte>)array).GetValue(index));
                return;
            case ArrowTypeId.Int16:
                WriteInteger(sink, ((PrimitiveArray<short>)array).GetValue(index));
                return;
            case ArrowTypeId.Int32:
                WriteInteger(sink, ((PrimitiveArray<int>)array).GetValue(index));
                return;
            case ArrowTypeId.Int64:
            case ArrowTypeId.Duration:
                WriteInteger(sink, ((PrimitiveArray<long>)array).GetValue(index));
                return;
            case ArrowTypeId.UInt8:
                WriteInteger(sink, ((PrimitiveArray<byte>)array).GetValue(index));
                return;
            case ArrowTypeId.UInt16:
                WriteInteger(sink, ((PrimitiveArray<ushort>)array).GetValue(index));
                return;
            case ArrowTypeId.UInt32:
                WriteInteger(sink, ((PrimitiveArray<uint>)array).GetValue(index));
                return;
            case ArrowTypeId.UInt64:
                WriteUnsigned(sink, ((PrimitiveArray<ulong>)array).GetValue(index));
                return;
            case ArrowTypeId.Float16:
            {
                Half h = ((PrimitiveArray<Half>)array).GetValue(index);
                if (!WriteNonFinite(sink, Half.IsNaN(h), Half.IsPositiveInfinity(h), Half.IsNegativeInfinity(h), json))
                {
                    sink.Advance(NumberFormatting.WriteShortest(sink.GetSpan(64), h));
                }
                return;
            }
            case ArrowTypeId.Float32:
            {
                float f = ((PrimitiveArray<float>)array).GetValue(index);
                if (!WriteNonFinite(sink, float.IsNaN(f), float.IsPositiveInfinity(f), float.IsNegativeInfinity(f), json))
                {
                    sink.Advance(NumberFormatting.WriteShortest(sink.GetSpan(64), f));
                }
                return;
            }
            case ArrowTypeId.Float64:
            {
                double d = ((PrimitiveArray<double>)array).GetValue(index);
                if (!WriteNonFinite(sink, double.IsNaN(d), double.IsPositiveInfinity(d), double.IsNegativeInfinity(d), json))
                {
                    sink.Advance(NumberFormatting.WriteShortest(sink.GetSpan(64), d));
                }
                return;
            }
            case ArrowTypeId.Decimal128:
            case ArrowTypeId.Decimal256:
            {
                DecimalArray dec = (DecimalArray)array;
                Quote(sink, json);
                Span<byte> span = sink.GetSpan(200);
                int n = dec.ByteWidth == 16
                    ? NumberFormatting.WriteDecimal(span, dec.GetUnscaledInt128(index), dec.DecimalType.Scale)
                    : NumberFormatting.WriteDecimal(span, dec.GetUnscaled(index), dec.DecimalType.Scale);
                sink.Advance(n);
                Quote(sink, json);
                return;
            }
            case ArrowTypeId.Date32:
                Quote(sink, json);
                sink.Advance(TemporalFormatting.WriteDate(sink.GetSpan(64), ((PrimitiveArray<int>)array).GetValue(index)));
                Quote(sink, json);
                return;
            case ArrowTypeId.Date64:
                Quote(sink, json);
                sink.Advance(TemporalFormatting.WriteDate(sink.GetSpan(64), TemporalFormatting.FloorDiv(((PrimitiveArray<long>)array).GetValue(index), 86_400_000)));
                Quote(sink, json);
                return;
            case ArrowTypeId.Time32:
                Quote(sink, json);
                sink.Advance(TemporalFormatting.WriteTimeOfDay(sink.GetSpan(64), ((PrimitiveArray<int>)array).GetValue(index), ((TimeType)type).Unit));
                Quote(sink, json);
                return;
            case ArrowTypeId.Time64:
                Quote(sink, json);
                sink.Advance(TemporalFormatting.WriteTimeOfDay(sink.GetSpan(64), ((PrimitiveArray<long>)array).GetValue(index), ((TimeType)type).Unit));
                Quote(sink, json);
                return;
            case ArrowTypeId.Timestamp:
            {
                TimestampType ts = (TimestampType)type;
                Quote(sink, json);
                sink.Advance(TemporalFormatting.WriteTimestamp(sink.GetSpan(64), ((PrimitiveArray<long>)array).GetValue(index), ts.Unit, ts.HasTimeZone));
                Quote(sink, json);
                return;
            }
            case ArrowTypeId.String:
            case ArrowTypeId.LargeString:
                WriteUtf8(sink, ((BinaryArray)array).GetBytes(index), json);
                return;
            case ArrowTypeId.StringView:
                WriteUtf8(sink, ((BinaryViewArray)array).GetBytes(index), json);
                return;
            case ArrowTypeId.Binary:
            case ArrowTypeId.LargeBinary:
                WriteBase64(sink, ((BinaryArray)array).GetBytes(index), json);
                return;
            case ArrowTypeId.BinaryView:
                WriteBase64(sink, ((BinaryViewArray)array).GetBytes(index), json);
                return;
            case ArrowTypeId.FixedSizeBinary:
                WriteBase64(sink, ((FixedSizeBinaryArray)array).GetBytes(index), json);
                return;
            case ArrowTypeId.Map:
            {
                MapArray map = (MapArray)array;
                int start = map.GetValueStart(index);
                int count = map.GetValueLength(index);
                sink.WriteByte((byte)'[');
                for (int i = 0; i < count; i++)
                {
                    if (i > 0)
                    {
                        sink.WriteByte((byte)',');
                    }
                    sink.Write("{\"key\":"u8);
                    WriteJson(sink, map.Keys, start + i);
                    sink.Write(",\"value\":"u8);
                    WriteJson(sink, map.Items, start + i);
                    sink.WriteByte((byte)'}');
                }
                sink.WriteByte((byte)']');
                return;
            }
            case ArrowTypeId.List:
            case ArrowTypeId.LargeList:
            {
                ListArray list = (ListArray)array;
                WriteJsonArray(sink, list.Values, list.GetValueStart(index), list.GetValueLength(index));
                return;
            }
            case ArrowTypeId.FixedSizeList:
            {
                FixedSizeListArray list = (FixedSizeListArray)array;
                WriteJsonArray(sink, list.Values, list.GetValueStart(index), list.ListSize);
                return;
            }
            case ArrowTypeId.Struct:
            {
                StructArray st = (StructArray)array;
                int slot = st.GetFieldSlot(index);
                sink.WriteByte((byte)'{');
                for (int f = 0; f < st.FieldCount; f++)
                {
                    if (f > 0)
                    {
                        sink.WriteByte((byte)',');
                    }
                    WriteJsonKey(sink, st.StructType.Fields[f].Name);
                    WriteJson(sink, st.GetField(f), slot);
                }
                sink.WriteByte((byte)'}');
                return;
            }
            case ArrowTypeId.Dictionary:
            {
                DictionaryArray dict = (DictionaryArray)array;
                Write(sink, dict.Dictionary, checked((int)dict.GetIndex(index)), json);
                return;
            }
            default:
                throw new NotSupportedException($"Cannot format {type}.");
        }
    }

    /// <summary>Writes <c>"name":</c>.</summary>
    public static void WriteJsonKey(Utf8Sink sink, string name)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(name.Length) <= buffer.Length)
        {
            int n = Encoding.UTF8.GetBytes(name, buffer);
            WriteJsonString(sink, buffer[..n]);
        }
        else
        {
            WriteJsonString(sink, Encoding.UTF8.GetBytes(name));
        }
        sink.WriteByte((byte)':');
    }

    private static void WriteJsonArray(Utf8Sink sink, ArrowArray values, int start, int count)
    {
        sink.WriteByte((byte)'[');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sink.WriteByte((byte)',');
            }
            WriteJson(sink, values, start + i);
        }
        sink.WriteByte((byte)']');
    }

    private static void WriteInteger(Utf8Sink sink, long value)
    {
        value.TryFormat(sink.GetSpan(24), out int n, default, CultureInfo.InvariantCulture);
        sink.Advance(n);
    }

    private static void WriteUnsigned(Utf8Sink sink, ulong value)
    {
        value.TryFormat(sink.GetSpan(24), out int n, default, CultureInfo.InvariantCulture);
        sink.Advance(n);
    }

    private static bool WriteNonFinite(Utf8Sink sink, bool nan, bool positiveInfinity, bool negativeInfinity, bool json)
    {
        ReadOnlySpan<byte> text = nan ? "NaN"u8 : positiveInfinity ? "Infinity"u8 : negativeInfinity ? "-Infinity"u8 : default;
        if (text.IsEmpty)
        {
            return false;
        }
        Quote(sink, json);
        sink.Write(text);
        Quote(sink, json);
        return true;
    }

    private static void WriteUtf8(Utf8Sink sink, ReadOnlySpan<byte> bytes, bool json)
    {
        if (json)
        {
            WriteJsonString(sink, bytes);
        }
        else
        {
            sink.Write(bytes);
        }
    }

    private static void WriteBase64(Utf8Sink sink, ReadOnlySpan<byte> bytes, bool json)
    {
        Quote(sink, json);
        int max = Base64.GetMaxEncodedToUtf8Length(bytes.Length);
        Span<byte> span = sink.GetSpan(max);
        Base64.EncodeToUtf8(bytes, span, out _, out int written);
        sink.Advance(written);
        Quote(sink, json);
    }

    private static void Quote(Utf8Sink sink, bool json)
    {
        if (json)
        {
            sink.WriteByte((byte)'"');
        }
    }
}
