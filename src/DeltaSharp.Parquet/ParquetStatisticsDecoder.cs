using System;
using System.Buffers.Binary;
using System.Text;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet;

/// <summary>Decodes PLAIN-encoded statistics bounds into CLR values. Pure and thread-safe.</summary>
public static class ParquetStatisticsDecoder
{
    /// <summary>
    /// Decodes the min and max of a leaf column to <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
    /// <see cref="float"/>, <see cref="double"/>, <see cref="string"/> (UTF-8 columns) or <c>byte[]</c> (other byte
    /// arrays). Uses min_value/max_value when the file declares a column order, else the legacy signed min/max only
    /// for types whose signed order is their natural order. Returns false when either bound is missing, NaN or
    /// untrustworthy (INT96; unsigned or decimal columns with legacy statistics).
    /// </summary>
    public static bool TryDecodeMinMax(ParquetStatistics statistics, ParquetSchemaElement leaf, ParquetColumnOrder order, out object? min, out object? max)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(leaf);
        min = null;
        max = null;
        byte[]? minBytes, maxBytes;
        if (statistics.MinValue is not null && statistics.MaxValue is not null && order != ParquetColumnOrder.Undefined)
        {
            (minBytes, maxBytes) = (statistics.MinValue, statistics.MaxValue);
        }
        else
        {
            bool signedIsNatural = leaf.PhysicalType is ParquetPhysicalType.Boolean or ParquetPhysicalType.Int32 or ParquetPhysicalType.Int64
                    or ParquetPhysicalType.Float or ParquetPhysicalType.Double
                && leaf.LogicalType is null or { Kind: not (ParquetLogicalTypeKind.Integer or ParquetLogicalTypeKind.Decimal) } or { Kind: ParquetLogicalTypeKind.Integer, IsSigned: true }
                && leaf.ConvertedType is null or not (ParquetConvertedType.UInt8 or ParquetConvertedType.UInt16 or ParquetConvertedType.UInt32 or ParquetConvertedType.UInt64 or ParquetConvertedType.Decimal);
            if (!signedIsNatural)
            {
                return false;
            }
            (minBytes, maxBytes) = (statistics.MinValue ?? statistics.LegacyMin, statistics.MaxValue ?? statistics.LegacyMax);
        }
        if (minBytes is null || maxBytes is null)
        {
            return false;
        }
        min = Decode(leaf, minBytes);
        max = Decode(leaf, maxBytes);
        if (min is double dmin && double.IsNaN(dmin) || max is double dmax && double.IsNaN(dmax)
            || min is float fmin && float.IsNaN(fmin) || max is float fmax && float.IsNaN(fmax))
        {
            min = max = null;
            return false;
        }
        return min is not null && max is not null;
    }

    /// <summary>Decodes one PLAIN-encoded bound; null when the bytes do not fit the type.</summary>
    public static object? Decode(ParquetSchemaElement leaf, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(bytes);
        return leaf.PhysicalType switch
        {
            ParquetPhysicalType.Boolean when bytes.Length >= 1 => bytes[0] != 0,
            ParquetPhysicalType.Int32 when bytes.Length >= 4 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            ParquetPhysicalType.Int64 when bytes.Length >= 8 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            ParquetPhysicalType.Float when bytes.Length >= 4 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            ParquetPhysicalType.Double when bytes.Length >= 8 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            ParquetPhysicalType.ByteArray when leaf.LogicalType?.Kind is ParquetLogicalTypeKind.String or ParquetLogicalTypeKind.Enum or ParquetLogicalTypeKind.Json
                || leaf.ConvertedType is ParquetConvertedType.Utf8 or ParquetConvertedType.Enum or ParquetConvertedType.Json => Encoding.UTF8.GetString(bytes),
            ParquetPhysicalType.ByteArray or ParquetPhysicalType.FixedLenByteArray => bytes,
            _ => null,
        };
    }
}
