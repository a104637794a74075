using System;
using System.Collections.Generic;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Pages;

namespace DeltaSharp.Parquet.Thrift;

/// <summary>Decodes parquet.thrift structures (FileMetaData, PageHeader) from compact-protocol bytes. Pure; throws
/// <see cref="ParquetFormatException"/> without location on malformed input; unknown fields are skipped.</summary>
internal static class ParquetThriftDecoder
{
    public static ParquetFileMetaData DecodeFileMetaData(ReadOnlySpan<byte> data)
    {
        ThriftCompactReader r = new(data);
        int? version = null;
        long? numRows = null;
        List<ParquetSchemaElement>? schema = null;
        List<ParquetRowGroup>? rowGroups = null;
        IReadOnlyList<KeyValuePair<string, string?>> kv = [];
        string? createdBy = null;
        List<ParquetColumnOrder> orders = [];
        bool encrypted = false;

        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.I32: version = r.ReadI32(); break;
                case 2 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.Struct, "FileMetaData.schema");
                        schema = new List<ParquetSchemaElement>(n);
                        for (int i = 0; i < n; i++)
                        {
                            schema.Add(ReadSchemaElement(ref r));
                        }
                        break;
                    }
                case 3 when t == ThriftType.I64: numRows = r.ReadI64(); break;
                case 4 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.Struct, "FileMetaData.row_groups");
                        rowGroups = new List<ParquetRowGroup>(n);
                        for (int i = 0; i < n; i++)
                        {
                            rowGroups.Add(ReadRowGroup(ref r));
                        }
                        break;
                    }
                case 5 when t == ThriftType.List: kv = ReadKeyValues(ref r); break;
                case 6 when t == ThriftType.Binary: createdBy = r.ReadString(); break;
                case 7 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.Struct, "FileMetaData.column_orders");
                        for (int i = 0; i < n; i++)
                        {
                            orders.Add(ReadColumnOrder(ref r));
                        }
                        break;
                    }
                case 8 when t == ThriftType.Struct: encrypted = true; r.Skip(t); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();

        if (version is null || schema is null || numRows is null || rowGroups is null)
        {
            throw new ParquetFormatException("FileMetaData lacks a required field (version, schema, num_rows or row_groups)");
        }
        if (schema.Count == 0)
        {
            throw new ParquetFormatException("FileMetaData has an empty schema");
        }
        return new ParquetFileMetaData
        {
            Version = version.Value,
            Schema = schema,
            NumRows = numRows.Value,
            RowGroups = rowGroups,
            KeyValueMetadata = kv,
            CreatedBy = createdBy,
            ColumnOrders = orders,
            IsEncrypted = encrypted,
        };
    }

    /// <summary>Decodes a page header; <paramref name="consumed"/> receives its serialized length.</summary>
    public static PageHeader DecodePageHeader(ReadOnlySpan<byte> data, out int consumed)
    {
        ThriftCompactReader r = new(data);
        PageHeader h = new();
        bool hasType = false, hasUncompressed = false, hasCompressed = false;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.I32: h.Type = (ParquetPageType)r.ReadI32(); hasType = true; break;
                case 2 when t == ThriftType.I32: h.UncompressedPageSize = r.ReadI32(); hasUncompressed = true; break;
                case 3 when t == ThriftType.I32: h.CompressedPageSize = r.ReadI32(); hasCompressed = true; break;
                case 4 when t == ThriftType.I32: h.Crc = r.ReadI32(); break;
                case 5 when t == ThriftType.Struct: ReadDataPageHeader(ref r, h); break;
                case 7 when t == ThriftType.Struct: ReadDictionaryPageHeader(ref r, h); break;
                case 8 when t == ThriftType.Struct: ReadDataPageHeaderV2(ref r, h); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        consumed = r.Position;
        if (!hasType || !hasUncompressed || !hasCompressed)
        {
            throw new ParquetFormatException("page header lacks type, uncompressed_page_size or compressed_page_size");
        }
        if (h.UncompressedPageSize < 0 || h.CompressedPageSize < 0)
        {
            throw new ParquetFormatException($"page header has a negative size ({h.CompressedPageSize} compressed, {h.UncompressedPageSize} uncompressed)");
        }
        return h;
    }

    private static void ReadDataPageHeader(ref ThriftCompactReader r, PageHeader h)
    {
        h.HasDataPageHeader = true;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.I32: h.NumValues = r.ReadI32(); break;
                case 2 when t == ThriftType.I32: h.Encoding = (ParquetEncoding)r.ReadI32(); break;
                case 3 when t == ThriftType.I32: h.DefinitionLevelEncoding = (ParquetEncoding)r.ReadI32(); break;
                case 4 when t == ThriftType.I32: h.RepetitionLevelEncoding = (ParquetEncoding)r.ReadI32(); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
    }

    private static void ReadDataPageHeaderV2(ref ThriftCompactReader r, PageHeader h)
    {
        h.HasDataPageHeaderV2 = true;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.I32: h.NumValues = r.ReadI32(); break;
                case 2 when t == ThriftType.I32: h.NumNulls = r.ReadI32(); break;
                case 3 when t == ThriftType.I32: h.NumRows = r.ReadI32(); break;
                case 4 when t == ThriftType.I32: h.Encoding = (ParquetEncoding)r.ReadI32(); break;
                case 5 when t == ThriftType.I32: h.DefinitionLevelsByteLength = r.ReadI32(); break;
                case 6 when t == ThriftType.I32: h.RepetitionLevelsByteLength = r.ReadI32(); break;
                case 7 when t is ThriftType.BooleanTrue or ThriftType.BooleanFalse: h.IsCompressed = r.ReadBool(t); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
    }

    private static void ReadDictionaryPageHeader(ref ThriftCompactReader r, PageHeader h)
    {
        h.HasDictionaryPageHeader = true;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.I32: h.NumValues = r.ReadI32(); break;
                case 2 when t == ThriftType.I32: h.Encoding = (ParquetEncoding)r.ReadI32(); break;
                case 3 when t is ThriftType.BooleanTrue or ThriftType.BooleanFalse: h.IsSorted = r.ReadBool(t); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
    }

    private static ParquetSchemaElement ReadSchemaElement(ref ThriftCompactReader r)
    {
        ParquetPhysicalType? type = null;
        int? typeLength = null, numChildren = null, scale = null, precision = null, fieldId = null;
        ParquetRepetition? repetition = null;
        ParquetConvertedType? converted = null;
        string? name = null;
        ParquetLogicalType? logical = null;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.I32: type = (ParquetPhysicalType)r.ReadI32(); break;
                case 2 when t == ThriftType.I32: typeLength = r.ReadI32(); break;
                case 3 when t == ThriftType.I32: repetition = (ParquetRepetition)r.ReadI32(); break;
                case 4 when t == ThriftType.Binary: name = r.ReadString(); break;
                case 5 when t == ThriftType.I32: numChildren = r.ReadI32(); break;
                case 6 when t == ThriftType.I32: converted = (ParquetConvertedType)r.ReadI32(); break;
                case 7 when t == ThriftType.I32: scale = r.ReadI32(); break;
                case 8 when t == ThriftType.I32: precision = r.ReadI32(); break;
                case 9 when t == ThriftType.I32: fieldId = r.ReadI32(); break;
                case 10 when t == ThriftType.Struct: logical = ReadLogicalType(ref r); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        if (name is null)
        {
            throw new ParquetFormatException("schema element lacks a name");
        }
        return new ParquetSchemaElement
        {
            Name = name,
            PhysicalType = type,
            TypeLength = typeLength,
            Repetition = repetition,
            NumChildren = numChildren,
            ConvertedType = converted,
            Scale = scale,
            Precision = precision,
            FieldId = fieldId,
            LogicalType = logical,
        };
    }

    private static ParquetLogicalType? ReadLogicalType(ref ThriftCompactReader r)
    {
        ParquetLogicalType? result = null;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            if (t != ThriftType.Struct)
            {
                r.Skip(t);
                continue;
            }
            switch (last)
            {
                case 5:
                    {
                        int scale = 0, precision = 0;
                        ReadStruct(ref r, (ref ThriftCompactReader rr, short id, ThriftType ft) =>
                        {
                            if (id == 1 && ft == ThriftType.I32) { scale = rr.ReadI32(); return true; }
                            if (id == 2 && ft == ThriftType.I32) { precision = rr.ReadI32(); return true; }
                            return false;
                        });
                        result = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Decimal, Scale = scale, Precision = precision, FieldId = 5 };
                        break;
                    }
                case 7:
                case 8:
                    {
                        bool utc = false;
                        ParquetTimeUnit unit = ParquetTimeUnit.Millis;
                        ReadStruct(ref r, (ref ThriftCompactReader rr, short id, ThriftType ft) =>
                        {
                            if (id == 1 && ft is ThriftType.BooleanTrue or ThriftType.BooleanFalse) { utc = rr.ReadBool(ft); return true; }
                            if (id == 2 && ft == ThriftType.Struct) { unit = ReadTimeUnit(ref rr); return true; }
                            return false;
                        });
                        result = new ParquetLogicalType
                        {
                            Kind = last == 7 ? ParquetLogicalTypeKind.Time : ParquetLogicalTypeKind.Timestamp,
                            IsAdjustedToUtc = utc,
                            Unit = unit,
                            FieldId = last,
                        };
                        break;
                    }
                case 10:
                    {
                        int width = 0;
                        bool signed = true;
                        ReadStruct(ref r, (ref ThriftCompactReader rr, short id, ThriftType ft) =>
                        {
                            if (id == 1 && ft == ThriftType.Byte) { width = rr.ReadByte(); return true; }
                            if (id == 2 && ft is ThriftType.BooleanTrue or ThriftType.BooleanFalse) { signed = rr.ReadBool(ft); return true; }
                            return false;
                        });
                        result = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Integer, BitWidth = width, IsSigned = signed, FieldId = 10 };
                        break;
                    }
                case >= 1 and <= 19 and not 9:
                    r.Skip(t);
                    result = new ParquetLogicalType { Kind = (ParquetLogicalTypeKind)last, FieldId = last };
                    break;
                default:
                    r.Skip(t);
                    result = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Unrecognized, FieldId = last };
                    break;
            }
        }
        r.EndStruct();
        return result;
    }

    private static ParquetTimeUnit ReadTimeUnit(ref ThriftCompactReader r)
    {
        ParquetTimeUnit unit = ParquetTimeUnit.Millis;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            if (last is >= 1 and <= 3)
            {
                unit = (ParquetTimeUnit)last;
            }
            r.Skip(t);
        }
        r.EndStruct();
        return unit;
    }

    private delegate bool FieldReader(ref ThriftCompactReader reader, short fieldId, ThriftType type);

    private static void ReadStruct(ref ThriftCompactReader r, FieldReader reader)
    {
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            if (!reader(ref r, last, t))
            {
                r.Skip(t);
            }
        }
        r.EndStruct();
    }

    private static ParquetRowGroup ReadRowGroup(ref ThriftCompactReader r)
    {
        List<ParquetColumnChunk>? columns = null;
        long? totalByteSize = null, numRows = null, fileOffset = null, totalCompressed = null;
        short? ordinal = null;
        List<ParquetSortingColumn> sorting = [];
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.Struct, "RowGroup.columns");
                        columns = new List<ParquetColumnChunk>(n);
                        for (int i = 0; i < n; i++)
                        {
                            columns.Add(ReadColumnChunk(ref r));
                        }
                        break;
                    }
                case 2 when t == ThriftType.I64: totalByteSize = r.ReadI64(); break;
                case 3 when t == ThriftType.I64: numRows = r.ReadI64(); break;
                case 4 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.Struct, "RowGroup.sorting_columns");
                        for (int i = 0; i < n; i++)
                        {
                            int idx = 0;
                            bool desc = false, nullsFirst = false;
                            ReadStruct(ref r, (ref ThriftCompactReader rr, short id, ThriftType ft) =>
                            {
                                if (id == 1 && ft == ThriftType.I32) { idx = rr.ReadI32(); return true; }
                                if (id == 2 && ft is ThriftType.BooleanTrue or ThriftType.BooleanFalse) { desc = rr.ReadBool(ft); return true; }
                                if (id == 3 && ft is ThriftType.BooleanTrue or ThriftType.BooleanFalse) { nullsFirst = rr.ReadBool(ft); return true; }
                                return false;
                            });
                            sorting.Add(new ParquetSortingColumn(idx, desc, nullsFirst));
                        }
                        break;
                    }
                case 5 when t == ThriftType.I64: fileOffset = r.ReadI64(); break;
                case 6 when t == ThriftType.I64: totalCompressed = r.ReadI64(); break;
                case 7 when t == ThriftType.I16: ordinal = r.ReadI16(); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        if (columns is null || numRows is null)
        {
            throw new ParquetFormatException("RowGroup lacks columns or num_rows");
        }
        if (numRows < 0)
        {
            throw new ParquetFormatException($"RowGroup has a negative num_rows ({numRows})");
        }
        return new ParquetRowGroup
        {
            Columns = columns,
            TotalByteSize = totalByteSize ?? 0,
            NumRows = numRows.Value,
            SortingColumns = sorting,
            FileOffset = fileOffset,
            TotalCompressedSize = totalCompressed,
            Ordinal = ordinal,
        };
    }

    private static ParquetColumnChunk ReadColumnChunk(ref ThriftCompactReader r)
    {
        string? filePath = null;
        long fileOffset = 0;
        ParquetColumnMetaData? meta = null;
        long? oiOffset = null, ciOffset = null;
        int? oiLength = null, ciLength = null;
        bool encrypted = false;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.Binary: filePath = r.ReadString(); break;
                case 2 when t == ThriftType.I64: fileOffset = r.ReadI64(); break;
                case 3 when t == ThriftType.Struct: meta = ReadColumnMetaData(ref r); break;
                case 4 when t == ThriftType.I64: oiOffset = r.ReadI64(); break;
                case 5 when t == ThriftType.I32: oiLength = r.ReadI32(); break;
                case 6 when t == ThriftType.I64: ciOffset = r.ReadI64(); break;
                case 7 when t == ThriftType.I32: ciLength = r.ReadI32(); break;
                case 8:
                case 9: encrypted = true; r.Skip(t); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        return new ParquetColumnChunk
        {
            FilePath = filePath,
            FileOffset = fileOffset,
            MetaData = meta,
            OffsetIndexOffset = oiOffset,
            OffsetIndexLength = oiLength,
            ColumnIndexOffset = ciOffset,
            ColumnIndexLength = ciLength,
            IsEncrypted = encrypted,
        };
    }

    private static ParquetColumnMetaData ReadColumnMetaData(ref ThriftCompactReader r)
    {
        ParquetPhysicalType? type = null;
        List<ParquetEncoding> encodings = [];
        List<string>? path = null;
        ParquetCompressionCodec? codec = null;
        long? numValues = null, totalUncompressed = null, totalCompressed = null, dataPageOffset = null;
        long? indexPageOffset = null, dictionaryPageOffset = null, bloomOffset = null;
        int? bloomLength = null;
        IReadOnlyList<KeyValuePair<string, string?>> kv = [];
        ParquetStatistics? stats = null;
        List<ParquetPageEncodingStats> encodingStats = [];
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.I32: type = (ParquetPhysicalType)r.ReadI32(); break;
                case 2 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.I32, "ColumnMetaData.encodings");
                        for (int i = 0; i < n; i++)
                        {
                            encodings.Add((ParquetEncoding)r.ReadI32());
                        }
                        break;
                    }
                case 3 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.Binary, "ColumnMetaData.path_in_schema");
                        path = new List<string>(n);
                        for (int i = 0; i < n; i++)
                        {
                            path.Add(r.ReadString());
                        }
                        break;
                    }
                case 4 when t == ThriftType.I32: codec = (ParquetCompressionCodec)r.ReadI32(); break;
                case 5 when t == ThriftType.I64: numValues = r.ReadI64(); break;
                case 6 when t == ThriftType.I64: totalUncompressed = r.ReadI64(); break;
                case 7 when t == ThriftType.I64: totalCompressed = r.ReadI64(); break;
                case 8 when t == ThriftType.List: kv = ReadKeyValues(ref r); break;
                case 9 when t == ThriftType.I64: dataPageOffset = r.ReadI64(); break;
                case 10 when t == ThriftType.I64: indexPageOffset = r.ReadI64(); break;
                case 11 when t == ThriftType.I64: dictionaryPageOffset = r.ReadI64(); break;
                case 12 when t == ThriftType.Struct: stats = ReadStatistics(ref r); break;
                case 13 when t == ThriftType.List:
                    {
                        int n = r.ReadListHeader(out ThriftType et);
                        ExpectElement(et, ThriftType.Struct, "ColumnMetaData.encoding_stats");
                        for (int i = 0; i < n; i++)
                        {
                            int pageType = 0, encoding = 0, count = 0;
                            ReadStruct(ref r, (ref ThriftCompactReader rr, short id, ThriftType ft) =>
                            {
                                if (ft != ThriftType.I32) { return false; }
                                switch (id)
                                {
                                    case 1: pageType = rr.ReadI32(); return true;
                                    case 2: encoding = rr.ReadI32(); return true;
                                    case 3: count = rr.ReadI32(); return true;
                                    default: return false;
                                }
                            });
                            encodingStats.Add(new ParquetPageEncodingStats((ParquetPageType)pageType, (ParquetEncoding)encoding, count));
                        }
                        break;
                    }
                case 14 when t == ThriftType.I64: bloomOffset = r.ReadI64(); break;
                case 15 when t == ThriftType.I32: bloomLength = r.ReadI32(); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        if (type is null || path is null || codec is null || numValues is null || totalUncompressed is null
            || totalCompressed is null || dataPageOffset is null)
        {
            throw new ParquetFormatException("ColumnMetaData lacks a required field");
        }
        return new ParquetColumnMetaData
        {
            PhysicalType = type.Value,
            Encodings = encodings,
            PathInSchema = path,
            Codec = codec.Value,
            NumValues = numValues.Value,
            TotalUncompressedSize = totalUncompressed.Value,
            TotalCompressedSize = totalCompressed.Value,
            KeyValueMetadata = kv,
            DataPageOffset = dataPageOffset.Value,
            IndexPageOffset = indexPageOffset,
            DictionaryPageOffset = dictionaryPageOffset,
            Statistics = stats,
            EncodingStats = encodingStats,
            BloomFilterOffset = bloomOffset,
            BloomFilterLength = bloomLength,
        };
    }

    private static ParquetStatistics ReadStatistics(ref ThriftCompactReader r)
    {
        byte[]? max = null, min = null, maxValue = null, minValue = null;
        long? nullCount = null, distinct = null, nanCount = null;
        bool? maxExact = null, minExact = null;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            switch (last)
            {
                case 1 when t == ThriftType.Binary: max = r.ReadBinary().ToArray(); break;
                case 2 when t == ThriftType.Binary: min = r.ReadBinary().ToArray(); break;
                case 3 when t == ThriftType.I64: nullCount = r.ReadI64(); break;
                case 4 when t == ThriftType.I64: distinct = r.ReadI64(); break;
                case 5 when t == ThriftType.Binary: maxValue = r.ReadBinary().ToArray(); break;
                case 6 when t == ThriftType.Binary: minValue = r.ReadBinary().ToArray(); break;
                case 7 when t is ThriftType.BooleanTrue or ThriftType.BooleanFalse: maxExact = r.ReadBool(t); break;
                case 8 when t is ThriftType.BooleanTrue or ThriftType.BooleanFalse: minExact = r.ReadBool(t); break;
                case 9 when t == ThriftType.I64: nanCount = r.ReadI64(); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        return new ParquetStatistics
        {
            LegacyMax = max,
            LegacyMin = min,
            NullCount = nullCount,
            DistinctCount = distinct,
            MaxValue = maxValue,
            MinValue = minValue,
            IsMaxValueExact = maxExact,
            IsMinValueExact = minExact,
            NanCount = nanCount,
        };
    }

    private static ParquetColumnOrder ReadColumnOrder(ref ThriftCompactReader r)
    {
        ParquetColumnOrder order = ParquetColumnOrder.Undefined;
        r.BeginStruct();
        short last = 0;
        while (r.ReadFieldHeader(ref last, out ThriftType t))
        {
            if (last is >= 1 and <= 3 && t == ThriftType.Struct)
            {
                order = (ParquetColumnOrder)last;
            }
            r.Skip(t);
        }
        r.EndStruct();
        return order;
    }

    private static List<KeyValuePair<string, string?>> ReadKeyValues(ref ThriftCompactReader r)
    {
        int n = r.ReadListHeader(out ThriftType et);
        ExpectElement(et, ThriftType.Struct, "key_value_metadata");
        List<KeyValuePair<string, string?>> list = new(n);
        for (int i = 0; i < n; i++)
        {
            string? key = null, value = null;
            r.BeginStruct();
            short last = 0;
            while (r.ReadFieldHeader(ref last, out ThriftType t))
            {
                switch (last)
                {
                    case 1 when t == ThriftType.Binary: key = r.ReadString(); break;
                    case 2 when t == ThriftType.Binary: value = r.ReadString(); break;
                    default: r.Skip(t); break;
                }
            }
            r.EndStruct();
            if (key is null)
            {
                throw new ParquetFormatException("KeyValue lacks a key");
            }
            list.Add(new KeyValuePair<string, string?>(key, value));
        }
        return list;
    }

    private static void ExpectElement(ThriftType actual, ThriftType expected, string what)
    {
        if (actual != expected && !(actual == ThriftType.Stop))
        {
            throw new ParquetFormatException($"{what} has element type {actual}, expected {expected}");
        }
    }
}
