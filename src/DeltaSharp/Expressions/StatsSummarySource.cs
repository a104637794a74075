using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeltaSharp.Scanning;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// Summaries of a file's columns from its Delta statistics JSON (<c>numRecords</c>, <c>minValues</c>,
/// <c>maxValues</c>, <c>nullCount</c>, <c>tightBounds</c>; nested objects keyed by physical names). Conservative:
/// anything missing or unparsable is unknown; string maximums that may be truncated (32+ characters, or ending in a
/// tie-breaker character ≥ U+FFFD) are unbounded; timestamp bounds are widened by 1 ms each way (Spark writes them
/// truncated to milliseconds); float/double bounds are used with <see cref="ColumnSummary.NaNMayExceedMax"/> (the
/// maximum only rules out <c>= non-NaN</c>: a NaN, which sorts above everything, may be missing from it), a NaN
/// bound is unknown, <c>"Infinity"</c>/<c>"-Infinity"</c> strings are infinities; with <c>tightBounds: false</c> (deletion vectors) the null
/// counts are not used. A file with <c>numRecords: 0</c> has no rows. Not thread-safe (one per scan thread).
/// </summary>
internal sealed class StatsSummarySource : IColumnSummarySource, IDisposable
{
    /// <summary>Spark's default prefix length of string statistics (<c>stringPrefixLength</c>).</summary>
    internal const int StringPrefixLength = 32;

    private readonly ColumnMappingMode mode;
    private JsonDocument? document;
    private long? numRecords;
    private bool tight;

    public StatsSummarySource(ColumnMappingMode mode)
    {
        this.mode = mode;
    }

    /// <summary>Loads the statistics of a file (empty = none). Invalid JSON is treated as no statistics.</summary>
    public void Load(ReadOnlySpan<byte> statsJson)
    {
        document?.Dispose();
        document = null;
        numRecords = null;
        tight = true;
        if (statsJson.IsEmpty)
        {
            return;
        }
        try
        {
            document = JsonDocument.Parse(statsJson.ToArray());
        }
        catch (JsonException)
        {
            return;
        }
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (root.TryGetProperty("numRecords", out JsonElement records) && records.ValueKind == JsonValueKind.Number && records.TryGetInt64(out long n) && n >= 0)
        {
            numRecords = n;
        }
        if (root.TryGetProperty("tightBounds", out JsonElement tightBounds) && tightBounds.ValueKind == JsonValueKind.False)
        {
            tight = false;
        }
    }

    public void Dispose()
    {
        document?.Dispose();
        document = null;
    }

    public ColumnSummary Summarize(LeafNode leaf)
    {
        if (numRecords == 0)
        {
            return new ColumnSummary(false, false, null, null);
        }
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return ColumnSummary.Unknown;
        }
        JsonElement root = document.RootElement;
        bool mayHaveNull = true;
        bool mayHaveNonNull = true;
        if (tight && numRecords is long records && Find(root, "nullCount", leaf.Path) is { ValueKind: JsonValueKind.Number } nullCount && nullCount.TryGetInt64(out long nulls))
        {
            mayHaveNull = nulls > 0;
            mayHaveNonNull = nulls < records;
        }
        if (leaf.Domain == ValueDomain.None)
        {
            return new ColumnSummary(mayHaveNull, mayHaveNonNull, null, null);
        }
        ScalarValue? min = Find(root, "minValues", leaf.Path) is JsonElement minElement ? Convert(minElement, leaf.Type, isMax: false) : null;
        ScalarValue? max = Find(root, "maxValues", leaf.Path) is JsonElement maxElement ? Convert(maxElement, leaf.Type, isMax: true) : null;
        return new ColumnSummary(mayHaveNull, mayHaveNonNull, min, max, nanMayExceedMax: IsFloating(leaf.Type));
    }

    private JsonElement? Find(JsonElement root, string section, DeltaStructField[] path)
    {
        if (!root.TryGetProperty(section, out JsonElement current))
        {
            return null;
        }
        foreach (DeltaStructField field in path)
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (!current.TryGetProperty(field.GetPhysicalName(mode), out JsonElement next))
            {
                return null;
            }
            current = next;
        }
        return current;
    }

    private static bool IsFloating(DeltaDataType type) => type is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double };

    /// <summary>A float/double statistics value: a JSON number, or the strings <c>Infinity</c> / <c>-Infinity</c>
    /// (Delta Kernel writes non-finite values as strings); NaN (number or <c>"NaN"</c>) and anything else is unknown.
    /// Float columns are parsed as float (Spark and delta-rs print a float's shortest round-trip form, e.g.
    /// <c>1.1</c> for 1.1f, which as a double lies below the float). Double columns may hold statistics written while
    /// the column was still a float (type widening float → double), so a double bound is widened outward to the
    /// text's float reading too.</summary>
    private static ScalarValue? ConvertFloating(JsonElement element, DeltaPrimitiveKind kind, bool isMax)
    {
        string text;
        if (element.ValueKind == JsonValueKind.Number)
        {
            text = element.GetRawText();
        }
        else if (element.ValueKind == JsonValueKind.String && element.GetString() is "Infinity" or "-Infinity")
        {
            text = element.GetString()!;
        }
        else
        {
            return null;
        }
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float single)
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return null;
        }
        if (kind == DeltaPrimitiveKind.Float)
        {
            value = single;
        }
        else
        {
            value = isMax ? Math.Max(value, single) : Math.Min(value, single);
        }
        return double.IsNaN(value) ? null : ScalarValue.OfDouble(value);
    }

    /// <summary>A statistics value as a conservative bound; null when unknown.</summary>
    internal static ScalarValue? Convert(JsonElement element, DeltaDataType type, bool isMax)
    {
        try
        {
            switch (type)
            {
                case DeltaDecimalType d when element.ValueKind is JsonValueKind.Number or JsonValueKind.String:
                {
                    string text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
                    return ScalarValue.OfDecimal(PartitionValueParser.ParseDecimal(text, d.Scale, 38));
                }
                case DeltaPrimitiveType p:
                    switch (p.Kind)
                    {
                        case DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long:
                            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long integral) ? ScalarValue.OfLong(integral) : null;
                        case DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double:
                            return ConvertFloating(element, p.Kind, isMax);
                        case DeltaPrimitiveKind.Date:
                            return element.ValueKind == JsonValueKind.String ? ScalarValue.OfLong(PartitionValueParser.ParseDate(element.GetString()!)) : null;
                        case DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz:
                        {
                            if (element.ValueKind != JsonValueKind.String)
                            {
                                return null;
                            }
                            long micros = PartitionValueParser.ParseTimestampMicros(element.GetString()!);
                            return ScalarValue.OfLong(isMax ? micros + 1000 : micros - 1000);
                        }
                        case DeltaPrimitiveKind.String:
                        {
                            if (element.ValueKind != JsonValueKind.String)
                            {
                                return null;
                            }
                            string text = element.GetString()!;
                            if (isMax && MayBeTruncated(text))
                            {
                                return null;
                            }
                            return ScalarValue.OfBytes(Encoding.UTF8.GetBytes(text));
                        }
                        case DeltaPrimitiveKind.Boolean:
                            return element.ValueKind switch
                            {
                                JsonValueKind.True => ScalarValue.OfLong(1),
                                JsonValueKind.False => ScalarValue.OfLong(0),
                                _ => null,
                            };
                        default:
                            return null;
                    }
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A string maximum that a writer may have cut to a prefix (and then possibly given a tie-breaker
    /// character) is not an upper bound we can trust.</summary>
    internal static bool MayBeTruncated(string max)
    {
        int codePoints = 0;
        for (int i = 0; i < max.Length; i++)
        {
            if (!char.IsLowSurrogate(max[i]))
            {
                codePoints++;
            }
        }
        if (codePoints >= StringPrefixLength)
        {
            return true;
        }
        if (max.Length == 0)
        {
            return false;
        }
        char last = max[^1];
        return last >= '\uFFFD' || char.IsLowSurrogate(last);
    }
}
