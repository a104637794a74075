using System;
using System.Buffers.Binary;
using System.Text;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet;

/// <summary>A row group offered to <see cref="ParquetReaderOptions.RowGroupFilter"/>: its metadata and helpers that
/// decode per-column statistics. Valid only during the callback.</summary>
public sealed class ParquetRowGroupInfo
{
    internal ParquetRowGroupInfo(int index, ParquetRowGroup rowGroup, ParquetSchema schema, ParquetFileMetaData file)
    {
        Index = index;
        RowGroup = rowGroup;
        Schema = schema;
        File = file;
    }

    /// <summary>Zero-based row group index.</summary>
    public int Index { get; }

    /// <summary>The row group's metadata.</summary>
    public ParquetRowGroup RowGroup { get; }

    /// <summary>The file's schema.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The file's metadata.</summary>
    public ParquetFileMetaData File { get; }

    /// <summary>Number of rows.</summary>
    public long RowCount => RowGroup.NumRows;

    /// <summary>Statistics of the leaf column at <paramref name="dottedPath"/> (e.g. <c>a.b</c>); null when absent.</summary>
    public ParquetStatistics? GetStatistics(string dottedPath)
    {
        int leaf = FindLeaf(dottedPath);
        return leaf < 0 ? null : RowGroup.Columns[leaf].MetaData?.Statistics;
    }

    /// <summary>
    /// Decodes the min and max of a leaf column to CLR values: <see cref="bool"/>, <see cref="int"/>,
    /// <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="string"/> (UTF-8 columns) or
    /// <c>byte[]</c> (other byte arrays). Uses min_value/max_value when the file declares a column order,
    /// else the legacy signed min/max only for types whose signed order is their natural order. Returns false when
    /// either bound is unavailable or untrustworthy (INT96, unsigned or decimal columns with legacy statistics).
    /// </summary>
    public bool TryGetMinMax(string dottedPath, out object? min, out object? max)
    {
        min = null;
        max = null;
        int leaf = FindLeaf(dottedPath);
        if (leaf < 0 || RowGroup.Columns[leaf].MetaData?.Statistics is not { } stats)
        {
            return false;
        }
        ParquetSchemaElement e = Schema.Leaves[leaf].Element;
        bool hasOrder = leaf < File.ColumnOrders.Count && File.ColumnOrders[leaf] != ParquetColumnOrder.Undefined;
        byte[]? minBytes, maxBytes;
        if (stats.MinValue is not null && stats.MaxValue is not null && hasOrder)
        {
            (minBytes, maxBytes) = (stats.MinValue, stats.MaxValue);
        }
        else
        {
            bool signedIsNatural = e.PhysicalType is ParquetPhysicalType.Boolean or ParquetPhysicalType.Int32 or ParquetPhysicalType.Int64
                    or ParquetPhysicalType.Float or ParquetPhysicalType.Double
                && e.LogicalType is null or { Kind: not (ParquetLogicalTypeKind.Integer or ParquetLogicalTypeKind.Decimal) } or { Kind: ParquetLogicalTypeKind.Integer, IsSigned: true }
                && e.ConvertedType is null or not (ParquetConvertedType.UInt8 or ParquetConvertedType.UInt16 or ParquetConvertedType.UInt32 or ParquetConvertedType.UInt64 or ParquetConvertedType.Decimal);
            if (!signedIsNatural)
            {
                return false;
            }
            (minBytes, maxBytes) = (stats.MinValue ?? stats.LegacyMin, stats.MaxValue ?? stats.LegacyMax);
        }
        if (minBytes is null || maxBytes is null)
        {
            return false;
        }
        min = Decode(e, minBytes);
        max = Decode(e, maxBytes);
        if (min is double dmin && double.IsNaN(dmin) || max is double dmax && double.IsNaN(dmax)
            || min is float fmin && float.IsNaN(fmin) || max is float fmax && float.IsNaN(fmax))
        {
            min = max = null;
            return false;
        }
        return min is not null && max is not null;
    }

    private static object? Decode(ParquetSchemaElement e, byte[] bytes) => e.PhysicalType switch
    {
        ParquetPhysicalType.Boolean when bytes.Length >= 1 => bytes[0] != 0,
        ParquetPhysicalType.Int32 when bytes.Length >= 4 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        ParquetPhysicalType.Int64 when bytes.Length >= 8 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        ParquetPhysicalType.Float when bytes.Length >= 4 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        ParquetPhysicalType.Double when bytes.Length >= 8 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        ParquetPhysicalType.ByteArray when e.LogicalType?.Kind is ParquetLogicalTypeKind.String or ParquetLogicalTypeKind.Enum or ParquetLogicalTypeKind.Json
            || e.ConvertedType is ParquetConvertedType.Utf8 or ParquetConvertedType.Enum or ParquetConvertedType.Json => Encoding.UTF8.GetString(bytes),
        ParquetPhysicalType.ByteArray or ParquetPhysicalType.FixedLenByteArray => bytes,
        _ => null,
    };

    private int FindLeaf(string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        for (int i = 0; i < Schema.Leaves.Count; i++)
        {
            if (Schema.Leaves[i].DottedPath == dottedPath)
            {
                return i;
            }
        }
        return -1;
    }
}
