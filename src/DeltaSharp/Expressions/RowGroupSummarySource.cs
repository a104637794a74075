using System;
using System.Text;
using DeltaSharp.Parquet;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

/// <summary>
/// Summaries of a row group's columns from its Parquet column-chunk statistics (decoded with
/// <see cref="ParquetStatisticsDecoder"/> rules: legacy or untrustworthy bounds are unknown). Columns are found by
/// their physical dotted path. Conservative: timestamps in millis/nanos are widened to whole microseconds outward,
/// float/double maximums only rule out "= non-NaN" (<see cref="ColumnSummary.NaNMayExceedMax"/>), NaN bounds are unknown, unsigned integers and unexpected physical types are unknown, decimal
/// bounds are rescaled only upward. Valid only during the row-group callback; not thread-safe.
/// </summary>
internal sealed class RowGroupSummarySource : IColumnSummarySource
{
    private readonly ColumnMappingMode mode;

    public RowGroupSummarySource(ColumnMappingMode mode)
    {
        this.mode = mode;
    }

    public ParquetRowGroupInfo? Info { get; set; }

    public ColumnSummary Summarize(LeafNode leaf)
    {
        if (Info is null)
        {
            return ColumnSummary.Unknown;
        }
        var path = new StringBuilder();
        foreach (DeltaStructField field in leaf.Path)
        {
            if (path.Length > 0)
            {
                path.Append('.');
            }
            path.Append(field.GetPhysicalName(mode));
        }
        string dotted = path.ToString();
        ParquetSchemaElement? element = null;
        foreach (ParquetSchemaNode node in Info.Schema.Leaves)
        {
            if (node.DottedPath == dotted)
            {
                element = node.Element;
                break;
            }
        }
        if (element is null || Info.GetStatistics(dotted) is not ParquetStatistics statistics)
        {
            return ColumnSummary.Unknown;
        }
        bool mayHaveNull = true;
        bool mayHaveNonNull = true;
        if (statistics.NullCount is long nulls && nulls >= 0)
        {
            mayHaveNull = nulls > 0;
            mayHaveNonNull = nulls < Info.RowCount;
        }
        if (leaf.Domain == ValueDomain.None || !Info.TryGetMinMax(dotted, out object? min, out object? max))
        {
            return new ColumnSummary(mayHaveNull, mayHaveNonNull, null, null);
        }
        bool floating = leaf.Type is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double };
        return new ColumnSummary(mayHaveNull, mayHaveNonNull, Convert(min, element, leaf.Type, isMax: false), Convert(max, element, leaf.Type, isMax: true), nanMayExceedMax: floating);
    }

    internal static ScalarValue? Convert(object? value, ParquetSchemaElement element, DeltaDataType type, bool isMax)
    {
        if (value is null)
        {
            return null;
        }
        if (element.LogicalType is { Kind: ParquetLogicalTypeKind.Integer, IsSigned: false }
            || element.ConvertedType is ParquetConvertedType.UInt8 or ParquetConvertedType.UInt16 or ParquetConvertedType.UInt32 or ParquetConvertedType.UInt64)
        {
            return null;
        }
        switch (type)
        {
            case DeltaDecimalType d:
            {
                int fileScale = element.LogicalType is { Kind: ParquetLogicalTypeKind.Decimal } logical ? logical.Scale : element.Scale ?? -1;
                if (fileScale < 0 || fileScale > d.Scale)
                {
                    return null;
                }
                Int128? unscaled = value switch
                {
                    int i => i,
                    long l => l,
                    byte[] bytes when bytes.Length is > 0 and <= 16 => BigEndian(bytes),
                    _ => null,
                };
                if (unscaled is not Int128 u)
                {
                    return null;
                }
                for (int s = fileScale; s < d.Scale; s++)
                {
                    u *= 10;
                }
                return ScalarValue.OfDecimal(u);
            }
            case DeltaPrimitiveType p:
                switch (p.Kind)
                {
                    case DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long:
                        return value switch
                        {
                            int i when element.LogicalType?.Kind is null or ParquetLogicalTypeKind.Integer => ScalarValue.OfLong(i),
                            long l when element.LogicalType?.Kind is null or ParquetLogicalTypeKind.Integer => ScalarValue.OfLong(l),
                            _ => null,
                        };
                    case DeltaPrimitiveKind.Date:
                        return value is int days ? ScalarValue.OfLong(days) : null;
                    case DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz:
                    {
                        if (value is int dateDays && (element.LogicalType?.Kind == ParquetLogicalTypeKind.Date || element.ConvertedType == ParquetConvertedType.Date))
                        {
                            return ScalarValue.OfLong(dateDays * 86_400_000_000L);
                        }
                        if (value is not long raw)
                        {
                            return null;
                        }
                        ParquetTimeUnit? unit = element.LogicalType is { Kind: ParquetLogicalTypeKind.Timestamp } ts ? ts.Unit
                            : element.ConvertedType == ParquetConvertedType.TimestampMillis ? ParquetTimeUnit.Millis
                            : element.ConvertedType == ParquetConvertedType.TimestampMicros ? ParquetTimeUnit.Micros
                            : null;
                        return unit switch
                        {
                            ParquetTimeUnit.Micros => ScalarValue.OfLong(raw),
                            ParquetTimeUnit.Millis => ScalarValue.OfLong(raw * 1000),
                            ParquetTimeUnit.Nanos => ScalarValue.OfLong(isMax ? Math.DivRem(raw, 1000, out long r) + (r > 0 ? 1 : 0) : (long)Math.Floor(raw / 1000.0)),
                            _ => null,
                        };
                    }
                    case DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double:
                        // NaN bounds are unknown; finite or infinite ones bound the non-NaN values (the summary is
                        // flagged NaNMayExceedMax, so the maximum only rules out "= non-NaN").
                        return value switch
                        {
                            float f when !float.IsNaN(f) => ScalarValue.OfDouble(f),
                            double v when !double.IsNaN(v) => ScalarValue.OfDouble(v),
                            _ => null,
                        };
                    case DeltaPrimitiveKind.String or DeltaPrimitiveKind.Binary:
                        return value switch
                        {
                            string s => ScalarValue.OfBytes(Encoding.UTF8.GetBytes(s)),
                            byte[] b => ScalarValue.OfBytes(b),
                            _ => null,
                        };
                    case DeltaPrimitiveKind.Boolean:
                        return value is bool flag ? ScalarValue.OfLong(flag ? 1 : 0) : null;
                    default:
                        return null;
                }
            default:
                return null;
        }
    }

    private static Int128 BigEndian(byte[] bytes)
    {
        Int128 result = (sbyte)bytes[0];
        for (int i = 1; i < bytes.Length; i++)
        {
            result = (result << 8) | bytes[i];
        }
        return result;
    }
}
