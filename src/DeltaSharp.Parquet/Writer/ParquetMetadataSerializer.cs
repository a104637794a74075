using System.Collections.Generic;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Thrift;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Serializes page headers and the file footer (parquet.thrift <c>PageHeader</c>, <c>FileMetaData</c>) with the
/// Thrift compact protocol from the shared metadata model. Field ids follow parquet.thrift. Pure.
/// </summary>
internal static class ParquetMetadataSerializer
{
    public static void WriteDataPageHeaderV1(
        PooledByteBuffer output, int uncompressedSize, int compressedSize, int numValues, ParquetEncoding encoding)
    {
        var w = new ThriftCompactWriter(output);
        w.BeginStruct();
        w.FieldI32(1, (int)ParquetPageType.DataPage);
        w.FieldI32(2, uncompressedSize);
        w.FieldI32(3, compressedSize);
        w.FieldStructBegin(5);
        w.FieldI32(1, numValues);
        w.FieldI32(2, (int)encoding);
        w.FieldI32(3, (int)ParquetEncoding.Rle);
        w.FieldI32(4, (int)ParquetEncoding.Rle);
        w.EndStruct();
        w.EndStruct();
    }

    public static void WriteDataPageHeaderV2(
        PooledByteBuffer output, int uncompressedSize, int compressedSize, int numValues, int numNulls, int numRows,
        ParquetEncoding encoding, int definitionLevelsLength, int repetitionLevelsLength, bool isCompressed)
    {
        var w = new ThriftCompactWriter(output);
        w.BeginStruct();
        w.FieldI32(1, (int)ParquetPageType.DataPageV2);
        w.FieldI32(2, uncompressedSize);
        w.FieldI32(3, compressedSize);
        w.FieldStructBegin(8);
        w.FieldI32(1, numValues);
        w.FieldI32(2, numNulls);
        w.FieldI32(3, numRows);
        w.FieldI32(4, (int)encoding);
        w.FieldI32(5, definitionLevelsLength);
        w.FieldI32(6, repetitionLevelsLength);
        w.FieldBool(7, isCompressed);
        w.EndStruct();
        w.EndStruct();
    }

    public static void WriteDictionaryPageHeader(PooledByteBuffer output, int uncompressedSize, int compressedSize, int numValues)
    {
        var w = new ThriftCompactWriter(output);
        w.BeginStruct();
        w.FieldI32(1, (int)ParquetPageType.DictionaryPage);
        w.FieldI32(2, uncompressedSize);
        w.FieldI32(3, compressedSize);
        w.FieldStructBegin(7);
        w.FieldI32(1, numValues);
        w.FieldI32(2, (int)ParquetEncoding.Plain);
        w.EndStruct();
        w.EndStruct();
    }

    public static void WriteFileMetaData(PooledByteBuffer output, ParquetFileMetaData metadata)
    {
        var w = new ThriftCompactWriter(output);
        w.BeginStruct();
        w.FieldI32(1, metadata.Version);
        w.FieldListBegin(2, ThriftType.Struct, metadata.Schema.Count);
        foreach (ParquetSchemaElement element in metadata.Schema)
        {
            WriteSchemaElement(w, element);
        }
        w.FieldI64(3, metadata.NumRows);
        w.FieldListBegin(4, ThriftType.Struct, metadata.RowGroups.Count);
        foreach (ParquetRowGroup rowGroup in metadata.RowGroups)
        {
            WriteRowGroup(w, rowGroup);
        }
        if (metadata.KeyValueMetadata.Count > 0)
        {
            WriteKeyValues(w, 5, metadata.KeyValueMetadata);
        }
        if (metadata.CreatedBy is { } createdBy)
        {
            w.FieldString(6, createdBy);
        }
        if (metadata.ColumnOrders.Count > 0)
        {
            w.FieldListBegin(7, ThriftType.Struct, metadata.ColumnOrders.Count);
            foreach (ParquetColumnOrder order in metadata.ColumnOrders)
            {
                w.BeginStruct();
                w.FieldEmptyStruct((short)order); // union: 1 = TYPE_ORDER
                w.EndStruct();
            }
        }
        w.EndStruct();
    }

    private static void WriteKeyValues(ThriftCompactWriter w, short fieldId, IReadOnlyList<KeyValuePair<string, string?>> pairs)
    {
        w.FieldListBegin(fieldId, ThriftType.Struct, pairs.Count);
        foreach (KeyValuePair<string, string?> pair in pairs)
        {
            w.BeginStruct();
            w.FieldString(1, pair.Key);
            if (pair.Value is { } value)
            {
                w.FieldString(2, value);
            }
            w.EndStruct();
        }
    }

    private static void WriteSchemaElement(ThriftCompactWriter w, ParquetSchemaElement e)
    {
        w.BeginStruct();
        if (e.PhysicalType is { } type)
        {
            w.FieldI32(1, (int)type);
        }
        if (e.TypeLength is { } typeLength)
        {
            w.FieldI32(2, typeLength);
        }
        if (e.Repetition is { } repetition)
        {
            w.FieldI32(3, (int)repetition);
        }
        w.FieldString(4, e.Name);
        if (e.NumChildren is { } children)
        {
            w.FieldI32(5, children);
        }
        if (e.ConvertedType is { } converted)
        {
            w.FieldI32(6, (int)converted);
        }
        if (e.Scale is { } scale)
        {
            w.FieldI32(7, scale);
        }
        if (e.Precision is { } precision)
        {
            w.FieldI32(8, precision);
        }
        if (e.FieldId is { } fieldId)
        {
            w.FieldI32(9, fieldId);
        }
        if (e.LogicalType is { } logical)
        {
            w.FieldStructBegin(10);
            WriteLogicalType(w, logical);
            w.EndStruct();
        }
        w.EndStruct();
    }

    private static void WriteLogicalType(ThriftCompactWriter w, ParquetLogicalType logical)
    {
        short id = (short)logical.Kind;
        switch (logical.Kind)
        {
            case ParquetLogicalTypeKind.Decimal:
                w.FieldStructBegin(id);
                w.FieldI32(1, logical.Scale);
                w.FieldI32(2, logical.Precision);
                w.EndStruct();
                break;
            case ParquetLogicalTypeKind.Time or ParquetLogicalTypeKind.Timestamp:
                w.FieldStructBegin(id);
                w.FieldBool(1, logical.IsAdjustedToUtc);
                w.FieldStructBegin(2);
                w.FieldEmptyStruct((short)logical.Unit);
                w.EndStruct();
                w.EndStruct();
                break;
            case ParquetLogicalTypeKind.Integer:
                w.FieldStructBegin(id);
                w.FieldByte(1, (sbyte)logical.BitWidth);
                w.FieldBool(2, logical.IsSigned);
                w.EndStruct();
                break;
            case ParquetLogicalTypeKind.Unrecognized:
                throw new System.ArgumentException("Cannot write an unrecognized logical type.");
            default:
                w.FieldEmptyStruct(id);
                break;
        }
    }

    private static void WriteRowGroup(ThriftCompactWriter w, ParquetRowGroup rowGroup)
    {
        w.BeginStruct();
        w.FieldListBegin(1, ThriftType.Struct, rowGroup.Columns.Count);
        foreach (ParquetColumnChunk chunk in rowGroup.Columns)
        {
            WriteColumnChunk(w, chunk);
        }
        w.FieldI64(2, rowGroup.TotalByteSize);
        w.FieldI64(3, rowGroup.NumRows);
        if (rowGroup.FileOffset is { } fileOffset)
        {
            w.FieldI64(5, fileOffset);
        }
        if (rowGroup.TotalCompressedSize is { } compressed)
        {
            w.FieldI64(6, compressed);
        }
        if (rowGroup.Ordinal is { } ordinal)
        {
            w.FieldI16(7, ordinal);
        }
        w.EndStruct();
    }

    private static void WriteColumnChunk(ThriftCompactWriter w, ParquetColumnChunk chunk)
    {
        w.BeginStruct();
        if (chunk.FilePath is { } path)
        {
            w.FieldString(1, path);
        }
        w.FieldI64(2, chunk.FileOffset);
        if (chunk.MetaData is { } m)
        {
            w.FieldStructBegin(3);
            w.FieldI32(1, (int)m.PhysicalType);
            w.FieldListBegin(2, ThriftType.I32, m.Encodings.Count);
            foreach (ParquetEncoding encoding in m.Encodings)
            {
                w.WriteVarInt32Zigzag((int)encoding);
            }
            w.FieldListBegin(3, ThriftType.Binary, m.PathInSchema.Count);
            foreach (string part in m.PathInSchema)
            {
                w.WriteString(part);
            }
            w.FieldI32(4, (int)m.Codec);
            w.FieldI64(5, m.NumValues);
            w.FieldI64(6, m.TotalUncompressedSize);
            w.FieldI64(7, m.TotalCompressedSize);
            if (m.KeyValueMetadata.Count > 0)
            {
                WriteKeyValues(w, 8, m.KeyValueMetadata);
            }
            w.FieldI64(9, m.DataPageOffset);
            if (m.IndexPageOffset is { } indexOffset)
            {
                w.FieldI64(10, indexOffset);
            }
            if (m.DictionaryPageOffset is { } dictionaryOffset)
            {
                w.FieldI64(11, dictionaryOffset);
            }
            if (m.Statistics is { } statistics)
            {
                w.FieldStructBegin(12);
                WriteStatistics(w, statistics);
                w.EndStruct();
            }
            if (m.EncodingStats.Count > 0)
            {
                w.FieldListBegin(13, ThriftType.Struct, m.EncodingStats.Count);
                foreach (ParquetPageEncodingStats s in m.EncodingStats)
                {
                    w.BeginStruct();
                    w.FieldI32(1, (int)s.PageType);
                    w.FieldI32(2, (int)s.Encoding);
                    w.FieldI32(3, s.Count);
                    w.EndStruct();
                }
            }
            w.EndStruct();
        }
        w.EndStruct();
    }

    private static void WriteStatistics(ThriftCompactWriter w, ParquetStatistics s)
    {
        if (s.LegacyMax is { } legacyMax)
        {
            w.FieldBinary(1, legacyMax);
        }
        if (s.LegacyMin is { } legacyMin)
        {
            w.FieldBinary(2, legacyMin);
        }
        if (s.NullCount is { } nullCount)
        {
            w.FieldI64(3, nullCount);
        }
        if (s.DistinctCount is { } distinct)
        {
            w.FieldI64(4, distinct);
        }
        if (s.MaxValue is { } max)
        {
            w.FieldBinary(5, max);
        }
        if (s.MinValue is { } min)
        {
            w.FieldBinary(6, min);
        }
        if (s.IsMaxValueExact is { } maxExact)
        {
            w.FieldBool(7, maxExact);
        }
        if (s.IsMinValueExact is { } minExact)
        {
            w.FieldBool(8, minExact);
        }
    }
}
