using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DeltaSharp.Scanning;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// Summaries of a file's partition columns from its serialized partition values (PROTOCOL.md "Partition Value
/// Serialization", parsed like <see cref="PartitionValueParser"/>): a partition column holds exactly one value
/// (or only nulls) in the file. Other columns are delegated to <see cref="Fallback"/> (or unknown).
/// </summary>
internal sealed class PartitionSummarySource : IColumnSummarySource
{
    private readonly HashSet<string> partitionColumns;
    private readonly ColumnMappingMode mode;

    public PartitionSummarySource(IReadOnlyList<string> partitionColumns, ColumnMappingMode mode)
    {
        this.partitionColumns = new HashSet<string>(partitionColumns, StringComparer.OrdinalIgnoreCase);
        this.mode = mode;
    }

    public IReadOnlyDictionary<string, string?>? PartitionValues { get; set; }

    public IColumnSummarySource? Fallback { get; set; }

    public bool IsPartitionColumn(string name) => partitionColumns.Contains(name);

    public ColumnSummary Summarize(LeafNode leaf)
    {
        if (leaf.Path.Length != 1 || !partitionColumns.Contains(leaf.Path[0].Name) || PartitionValues is null)
        {
            return Fallback?.Summarize(leaf) ?? ColumnSummary.Unknown;
        }
        string? value = Lookup(PartitionValues, leaf.Path[0], mode);
        if (string.IsNullOrEmpty(value))
        {
            return new ColumnSummary(mayHaveNull: true, mayHaveNonNull: false, null, null);
        }
        ScalarValue? parsed = TryParse(value, leaf.Type);
        return parsed is null ? ColumnSummary.Unknown : new ColumnSummary(false, true, parsed, parsed);
    }

    /// <summary>The serialized value: keyed by physical name under column mapping, else by logical name.</summary>
    internal static string? Lookup(IReadOnlyDictionary<string, string?> values, DeltaStructField field, ColumnMappingMode mode)
    {
        if (values.TryGetValue(field.GetPhysicalName(mode), out string? value) || values.TryGetValue(field.Name, out value))
        {
            return value;
        }
        foreach (KeyValuePair<string, string?> entry in values)
        {
            if (string.Equals(entry.Key, field.Name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }
        return null;
    }

    /// <summary>A partition value as a bound of the column's domain; null when it does not parse.</summary>
    internal static ScalarValue? TryParse(string value, DeltaDataType type)
    {
        try
        {
            switch (type)
            {
                case DeltaDecimalType d:
                    return ScalarValue.OfDecimal(PartitionValueParser.ParseDecimal(value, d.Scale, d.Precision));
                case DeltaPrimitiveType p:
                    return p.Kind switch
                    {
                        DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long
                            => ScalarValue.OfLong(long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                        DeltaPrimitiveKind.Date => ScalarValue.OfLong(PartitionValueParser.ParseDate(value)),
                        DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz => ScalarValue.OfLong(PartitionValueParser.ParseTimestampMicros(value)),
                        DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double => ScalarValue.OfDouble(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)),
                        DeltaPrimitiveKind.String => ScalarValue.OfBytes(Encoding.UTF8.GetBytes(value)),
                        DeltaPrimitiveKind.Binary => ScalarValue.OfBytes(PartitionValueParser.ParseBinary(value)),
                        DeltaPrimitiveKind.Boolean => ScalarValue.OfLong(value.Equals("true", StringComparison.OrdinalIgnoreCase) ? 1
                            : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? 0 : throw new FormatException("not a boolean")),
                        _ => null,
                    };
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return null;
        }
    }
}
