using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Parquet.Tests;

/// <summary>
/// Test-side rendering of Arrow values into JSON nodes in DuckDB's <c>to_json</c> conventions, read straight from
/// the Arrow buffers (independent of the reader's code): timestamps "yyyy-MM-dd HH:mm:ss[.fraction]", dates
/// "yyyy-MM-dd", blobs with \xNN escapes, maps as objects, decimals as exact numbers.
/// </summary>
internal static class ArrowValueRenderer
{
    public static JsonObject RenderRow(RecordBatch batch, int row)
    {
        JsonObject obj = new();
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            obj[batch.Schema.Fields[c].Name] = Render(batch.Column(c).Data, row);
        }
        return obj;
    }

    public static JsonNode? Render(ArrayData data, int index)
    {
        if (!data.IsValid(index))
        {
            return null;
        }
        int i = data.Offset + index;
        ArrowType type = data.Type;
        switch (type.TypeId)
        {
            case ArrowTypeId.Boolean:
                return JsonValue.Create((data.GetBuffer(1).Span[i >> 3] & (1 << (i & 7))) != 0);
            case ArrowTypeId.Int8: return JsonValue.Create((sbyte)data.GetBuffer(1).Span[i]);
            case ArrowTypeId.UInt8: return JsonValue.Create(data.GetBuffer(1).Span[i]);
            case ArrowTypeId.Int16: return JsonValue.Create(BinaryPrimitives.ReadInt16LittleEndian(data.GetBuffer(1).Span[(i * 2)..]));
            case ArrowTypeId.UInt16: return JsonValue.Create(BinaryPrimitives.ReadUInt16LittleEndian(data.GetBuffer(1).Span[(i * 2)..]));
            case ArrowTypeId.Int32: return JsonValue.Create(BinaryPrimitives.ReadInt32LittleEndian(data.GetBuffer(1).Span[(i * 4)..]));
            case ArrowTypeId.UInt32: return JsonValue.Create(BinaryPrimitives.ReadUInt32LittleEndian(data.GetBuffer(1).Span[(i * 4)..]));
            case ArrowTypeId.Int64: return JsonValue.Create(BinaryPrimitives.ReadInt64LittleEndian(data.GetBuffer(1).Span[(i * 8)..]));
            case ArrowTypeId.UInt64: return JsonValue.Create(BinaryPrimitives.ReadUInt64LittleEndian(data.GetBuffer(1).Span[(i * 8)..]));
            case ArrowTypeId.Float16: return Float((double)BinaryPrimitives.ReadHalfLittleEndian(data.GetBuffer(1).Span[(i * 2)..]));
            case ArrowTypeId.Float32: return Float(BinaryPrimitives.ReadSingleLittleEndian(data.GetBuffer(1).Span[(i * 4)..]));
            case ArrowTypeId.Float64: return Float(BinaryPrimitives.ReadDoubleLittleEndian(data.GetBuffer(1).Span[(i * 8)..]));
            case ArrowTypeId.Decimal128:
            case ArrowTypeId.Decimal256:
                {
                    DecimalType dt = (DecimalType)type;
                    ReadOnlySpan<byte> bytes = data.GetBuffer(1).Span.Slice(i * dt.ByteWidth, dt.ByteWidth);
                    BigInteger unscaled = new(bytes, isUnsigned: false, isBigEndian: false);
                    return JsonValue.Create(DecimalPrefix + FormatDecimal(unscaled, dt.Scale));
                }
            case ArrowTypeId.Date32:
                return JsonValue.Create(FormatDate(BinaryPrimitives.ReadInt32LittleEndian(data.GetBuffer(1).Span[(i * 4)..])));
            case ArrowTypeId.Timestamp:
                {
                    TimestampType tt = (TimestampType)type;
                    long raw = BinaryPrimitives.ReadInt64LittleEndian(data.GetBuffer(1).Span[(i * 8)..]);
                    return JsonValue.Create(FormatTimestamp(raw, tt.Unit));
                }
            case ArrowTypeId.Time32:
            case ArrowTypeId.Time64:
                {
                    TimeType tt = (TimeType)type;
                    long raw = type.TypeId == ArrowTypeId.Time32
                        ? BinaryPrimitives.ReadInt32LittleEndian(data.GetBuffer(1).Span[(i * 4)..])
                        : BinaryPrimitives.ReadInt64LittleEndian(data.GetBuffer(1).Span[(i * 8)..]);
                    string ts = FormatTimestamp(raw, tt.Unit);
                    return JsonValue.Create(ts[11..]);
                }
            case ArrowTypeId.String:
            case ArrowTypeId.Binary:
                {
                    ReadOnlySpan<int> offsets = data.GetBuffer(1).AsSpan<int>();
                    ReadOnlySpan<byte> bytes = data.GetBuffer(2).Span[offsets[i]..offsets[i + 1]];
                    return JsonValue.Create(type.TypeId == ArrowTypeId.String ? Encoding.UTF8.GetString(bytes) : Blob(bytes));
                }
            case ArrowTypeId.FixedSizeBinary:
                {
                    int w = ((FixedSizeBinaryType)type).ByteWidth;
                    return JsonValue.Create(Blob(data.GetBuffer(1).Span.Slice(i * w, w)));
                }
            case ArrowTypeId.List:
                {
                    ReadOnlySpan<int> offsets = data.GetBuffer(1).AsSpan<int>();
                    JsonArray array = [];
                    for (int k = offsets[i]; k < offsets[i + 1]; k++)
                    {
                        array.Add(Render(data.Children[0], k - data.Children[0].Offset));
                    }
                    return array;
                }
            case ArrowTypeId.Map:
                {
                    ReadOnlySpan<int> offsets = data.GetBuffer(1).AsSpan<int>();
                    ArrayData entries = data.Children[0];
                    JsonObject map = new();
                    for (int k = offsets[i]; k < offsets[i + 1]; k++)
                    {
                        JsonNode? key = Render(entries.Children[0], k - entries.Offset);
                        string keyText = key is JsonValue v && v.TryGetValue(out string? s) ? s : key?.ToJsonString() ?? "null";
                        map[keyText] = Render(entries.Children[1], k - entries.Offset);
                    }
                    return map;
                }
            case ArrowTypeId.Struct:
                {
                    StructType st = (StructType)type;
                    JsonObject obj = new();
                    for (int f = 0; f < st.Fields.Count; f++)
                    {
                        obj[st.Fields[f].Name] = Render(data.Children[f], index + data.Offset - data.Children[f].Offset);
                    }
                    return obj;
                }
            default:
                throw new NotSupportedException("test renderer: " + type);
        }
    }

    /// <summary>Decimals are rendered as strings with this prefix so that no digits are lost.</summary>
    public const string DecimalPrefix = "#dec:";

    private static JsonValue Float(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");

    public static string FormatDecimal(BigInteger unscaled, int scale)
    {
        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }
        return unscaled.Sign < 0 ? "-" + digits : digits;
    }

    public static string FormatTimestamp(long raw, TimeUnit unit)
    {
        (long perSecond, int digits) = unit switch
        {
            TimeUnit.Second => (1L, 0),
            TimeUnit.Millisecond => (1000L, 3),
            TimeUnit.Microsecond => (1_000_000L, 6),
            _ => (1_000_000_000L, 9),
        };
        long seconds = Math.DivRem(raw, perSecond, out long fraction);
        if (fraction < 0)
        {
            fraction += perSecond;
            seconds--;
        }
        long days = Math.DivRem(seconds, 86400, out long secondOfDay);
        if (secondOfDay < 0)
        {
            secondOfDay += 86400;
            days--;
        }
        string text = FormatDate(days) + " " + new TimeOnly(secondOfDay * TimeSpan.TicksPerSecond).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        if (fraction != 0)
        {
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        }
        return text;
    }

    /// <summary>Civil date of a day number (days since 1970-01-01), any year, DuckDB style ("(BC)" before year 1).</summary>
    public static string FormatDate(long days)
    {
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - (era * 146097);
        long yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        long y = yoe + (era * 400);
        long doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        long mp = ((5 * doy) + 2) / 153;
        long d = doy - (((153 * mp) + 2) / 5) + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2)
        {
            y++;
        }
        string core = string.Create(CultureInfo.InvariantCulture, $"{(y <= 0 ? 1 - y : y):D4}-{m:D2}-{d:D2}");
        return y <= 0 ? core + " (BC)" : core;
    }

    public static string Blob(ReadOnlySpan<byte> bytes)
    {
        StringBuilder sb = new();
        foreach (byte b in bytes)
        {
            if (b >= 32 && b <= 126 && b != (byte)'\\' && b != (byte)'\'' && b != (byte)'"')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }
}
