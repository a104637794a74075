using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;

namespace DeltaSharp.Transactions;

/// <summary>
/// The typed checkpoint columns written when <c>delta.checkpoint.writeStatsAsStruct</c> is true (PROTOCOL.md
/// "Checkpoint Schema"): <c>add.stats_parsed</c> (numRecords, minValues, maxValues, nullCount, tightBounds with the
/// table's column types; nullCount as long) and, for partitioned tables, <c>add.partitionValues_parsed</c> (one
/// typed field per partition column). Statistics come from each file's <c>stats</c> JSON; a statistic that does not
/// parse is written as null (the bound is then unknown, never wrong). Partition values are parsed by the scan's own
/// <see cref="Scanning.PartitionValueParser"/>, so the typed value is exactly what a reader materialises; a value
/// that does not parse is a <see cref="System.FormatException"/> (a wrong typed partition value would mislead pruning).
/// </summary>
internal sealed class CheckpointStatsColumns
{
    private readonly StructType _minMaxType;
    private readonly StructType _nullCountType;
    private readonly List<DeltaDataType> _partitionTypes = [];

    public CheckpointStatsColumns(DeltaStructType schema, IReadOnlyList<string> partitionColumns)
    {
        var minMax = new List<Field>();
        var nullCounts = new List<Field>();
        foreach (DeltaStructField field in schema.Fields)
        {
            if (Contains(partitionColumns, field.Name))
            {
                continue;
            }
            if (MinMaxField(field) is { } f)
            {
                minMax.Add(f);
            }
            nullCounts.Add(NullCountField(field));
        }
        _minMaxType = new StructType(minMax);
        _nullCountType = new StructType(nullCounts);
        StatsType = new StructType(
        [
            new Field("numRecords", ArrowType.Int64), new Field("minValues", _minMaxType), new Field("maxValues", _minMaxType),
            new Field("nullCount", _nullCountType), new Field("tightBounds", ArrowType.Boolean),
        ]);
        if (partitionColumns.Count > 0)
        {
            var fields = new List<Field>();
            foreach (string column in partitionColumns)
            {
                DeltaStructField field = schema.FindField(column) ?? throw new DeltaException($"Partition column '{column}' is not in the schema.");
                fields.Add(new Field(field.Name, DeltaArrowSchema.ToArrowType(field.Type)));
                _partitionTypes.Add(field.Type);
            }
            PartitionValuesType = new StructType(fields);
        }
    }

    /// <summary>The type of <c>stats_parsed</c>.</summary>
    public StructType StatsType { get; }

    /// <summary>The type of <c>partitionValues_parsed</c>, or null for an unpartitioned table.</summary>
    public StructType? PartitionValuesType { get; }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (string n in names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static Field? MinMaxField(DeltaStructField field)
    {
        switch (field.Type)
        {
            case DeltaStructType nested:
                var children = new List<Field>();
                foreach (DeltaStructField child in nested.Fields)
                {
                    if (MinMaxField(child) is { } f)
                    {
                        children.Add(f);
                    }
                }
                return children.Count == 0 ? null : new Field(field.Name, new StructType(children));
            case DeltaDecimalType:
                return new Field(field.Name, DeltaArrowSchema.ToArrowType(field.Type));
            case DeltaPrimitiveType p when p.Kind is DeltaPrimitiveKind.String or DeltaPrimitiveKind.Long or DeltaPrimitiveKind.Integer
                or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double
                or DeltaPrimitiveKind.Date or DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz:
                return new Field(field.Name, DeltaArrowSchema.ToArrowType(field.Type));
            default:
                return null;
        }
    }

    private static Field NullCountField(DeltaStructField field)
    {
        if (field.Type is DeltaStructType nested)
        {
            var children = new List<Field>();
            foreach (DeltaStructField child in nested.Fields)
            {
                children.Add(NullCountField(child));
            }
            return new Field(field.Name, new StructType(children));
        }
        return new Field(field.Name, ArrowType.Int64);
    }

    /// <summary>Appends one <c>stats_parsed</c> slot from the stats JSON (empty = null slot).</summary>
    public static void AppendStats(ArrowArrayBuilder builder, ReadOnlySpan<byte> statsJson)
    {
        var b = (StructBuilder)builder;
        if (statsJson.IsEmpty)
        {
            b.AppendNull();
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(statsJson.ToArray());
        }
        catch (JsonException)
        {
            b.AppendNull();
            return;
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                b.AppendNull();
                return;
            }
            b.Append();
            var numRecords = (PrimitiveBuilder<long>)b.Fields[0];
            if (root.TryGetProperty("numRecords", out JsonElement n) && n.TryGetInt64(out long records))
            {
                numRecords.Append(records);
            }
            else
            {
                numRecords.AppendNull();
            }
            AppendJson(b.Fields[1], Property(root, "minValues"));
            AppendJson(b.Fields[2], Property(root, "maxValues"));
            AppendJson(b.Fields[3], Property(root, "nullCount"));
            var tight = (BooleanBuilder)b.Fields[4];
            if (root.TryGetProperty("tightBounds", out JsonElement t) && t.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                tight.Append(t.GetBoolean());
            }
            else
            {
                tight.AppendNull();
            }
        }
    }

    /// <summary>Appends one <c>partitionValues_parsed</c> slot.</summary>
    public void AppendPartitionValues(ArrowArrayBuilder builder, IReadOnlyDictionary<string, string?> values)
    {
        var b = (StructBuilder)builder;
        b.Append();
        StructType type = PartitionValuesType!;
        for (int i = 0; i < type.Fields.Count; i++)
        {
            string? text = null;
            foreach (KeyValuePair<string, string?> entry in values)
            {
                if (string.Equals(entry.Key, type.Fields[i].Name, StringComparison.OrdinalIgnoreCase))
                {
                    text = entry.Value;
                    break;
                }
            }
            // The reader's own parser, so partitionValues_parsed holds exactly what a scan materialises.
            Scanning.PartitionValueParser.Append(b.Fields[i], _partitionTypes[i], text);
        }
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value : null;

    private static void AppendJson(ArrowArrayBuilder builder, JsonElement? value)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            builder.AppendNull();
            return;
        }
        switch (builder)
        {
            case StructBuilder s:
                if (v.ValueKind != JsonValueKind.Object)
                {
                    s.AppendNull();
                    return;
                }
                s.Append();
                for (int i = 0; i < s.StructType.Fields.Count; i++)
                {
                    AppendJson(s.Fields[i], Property(v, s.StructType.Fields[i].Name));
                }
                return;
            case BinaryBuilder text when v.ValueKind == JsonValueKind.String:
                text.Append(v.GetString());
                return;
            case PrimitiveBuilder<long> ts when ts.Type is TimestampType && v.ValueKind == JsonValueKind.String:
                if (DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
                {
                    ts.Append((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
                    return;
                }
                break;
            case PrimitiveBuilder<int> date when date.Type.TypeId == ArrowTypeId.Date32 && v.ValueKind == JsonValueKind.String:
                if (DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
                {
                    date.Append(day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);
                    return;
                }
                break;
            case PrimitiveBuilder<long> l when v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long lv):
                l.Append(lv);
                return;
            case PrimitiveBuilder<int> i when v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int iv):
                i.Append(iv);
                return;
            case PrimitiveBuilder<short> s16 when v.ValueKind == JsonValueKind.Number && v.TryGetInt16(out short sv):
                s16.Append(sv);
                return;
            case PrimitiveBuilder<sbyte> s8 when v.ValueKind == JsonValueKind.Number && v.TryGetSByte(out sbyte bv):
                s8.Append(bv);
                return;
            case PrimitiveBuilder<double> d when v.ValueKind == JsonValueKind.Number:
                d.Append(v.GetDouble());
                return;
            case PrimitiveBuilder<float> f when v.ValueKind == JsonValueKind.Number:
                f.Append(v.GetSingle());
                return;
            case DecimalBuilder dec when v.ValueKind == JsonValueKind.Number:
                if (TryUnscaled(v.GetRawText(), dec.DecimalType.Scale, out BigInteger unscaled))
                {
                    dec.AppendUnscaled(unscaled);
                    return;
                }
                break;
            case BooleanBuilder flag when v.ValueKind is JsonValueKind.True or JsonValueKind.False:
                flag.Append(v.GetBoolean());
                return;
        }
        builder.AppendNull();
    }

    /// <summary>Parses a plain decimal literal ("-12.30", "5", "1E+2" not accepted) to its unscaled value at <paramref name="scale"/>.</summary>
    internal static bool TryUnscaled(string text, int scale, out BigInteger unscaled)
    {
        unscaled = default;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        bool negative = s.StartsWith("-");
        if (negative || s.StartsWith("+"))
        {
            s = s[1..];
        }
        int dot = s.IndexOf('.');
        ReadOnlySpan<char> whole = dot < 0 ? s : s[..dot];
        ReadOnlySpan<char> fraction = dot < 0 ? [] : s[(dot + 1)..];
        if (whole.IsEmpty && fraction.IsEmpty)
        {
            return false;
        }
        string fractionDigits = fraction.ToString();
        if (fractionDigits.Length > scale)
        {
            if (fractionDigits[scale..].TrimEnd('0').Length > 0)
            {
                return false;
            }
            fractionDigits = fractionDigits[..scale];
        }
        string digits = string.Concat(whole, fractionDigits.PadRight(scale, '0'));
        foreach (char ch in digits)
        {
            if (ch is < '0' or > '9')
            {
                return false;
            }
        }
        unscaled = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        if (negative)
        {
            unscaled = -unscaled;
        }
        return true;
    }
}
