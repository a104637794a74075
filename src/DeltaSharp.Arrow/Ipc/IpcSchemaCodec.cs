using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Ipc.FlatBuffers;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>Converts between <see cref="Schema"/> and Arrow's Schema.fbs flatbuffer tables.</summary>
internal static class IpcSchemaCodec
{
    // ---------------------------------------------------------------- writing

    /// <summary>
    /// Writes a Schema table. Dictionary-encoded fields get ids 0, 1, 2… in field pre-order; the ids are returned
    /// in <paramref name="dictionaryIds"/> (same order) so the writer can emit the matching dictionary batches.
    /// </summary>
    public static int Write(FlatBufferBuilder b, Schema schema, List<long> dictionaryIds)
    {
        int[] fields = new int[schema.Fields.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = WriteField(b, schema.Fields[i], dictionaryIds, insideDictionary: false);
        }
        int fieldsVector = b.CreateOffsetVector(fields);
        int metadata = WriteMetadata(b, schema.Metadata);
        b.StartTable(4);
        b.AddInt16(IpcFormat.SchemaEndianness, 0, 0);
        b.AddOffset(IpcFormat.SchemaFields, fieldsVector);
        if (metadata != 0)
        {
            b.AddOffset(IpcFormat.SchemaMetadata, metadata);
        }
        return b.EndTable();
    }

    /// <summary>Writes a custom_metadata vector; 0 when there is none.</summary>
    public static int WriteMetadata(FlatBufferBuilder b, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        if (metadata.Count == 0)
        {
            return 0;
        }
        int[] pairs = new int[metadata.Count];
        for (int i = 0; i < pairs.Length; i++)
        {
            int key = b.CreateString(metadata[i].Key);
            int value = b.CreateString(metadata[i].Value);
            b.StartTable(2);
            b.AddOffset(IpcFormat.KeyValueKey, key);
            b.AddOffset(IpcFormat.KeyValueValue, value);
            pairs[i] = b.EndTable();
        }
        return b.CreateOffsetVector(pairs);
    }

    private static int WriteField(FlatBufferBuilder b, Field field, List<long> dictionaryIds, bool insideDictionary)
    {
        ArrowType type = field.DataType;
        int dictionary = 0;
        if (type is DictionaryType dictionaryType)
        {
            if (insideDictionary)
            {
                throw new NotSupportedException($"Field '{field.Name}': dictionary-encoded values inside a dictionary are not supported by the IPC writer.");
            }
            long id = dictionaryIds.Count;
            dictionaryIds.Add(id);
            b.StartTable(2);
            b.AddInt32(0, dictionaryType.IndexType.BitWidth, 0);
            b.AddBool(1, dictionaryType.IndexType.IsSigned, false);
            int indexType = b.EndTable();
            b.StartTable(4);
            b.AddInt64(IpcFormat.DictEncodingId, id, 0);
            b.AddOffset(IpcFormat.DictEncodingIndexType, indexType);
            b.AddBool(IpcFormat.DictEncodingOrdered, dictionaryType.Ordered, false);
            dictionary = b.EndTable();
            type = dictionaryType.ValueType;
            insideDictionary = true;
        }
        IReadOnlyList<Field> children = type.Children;
        int[] childOffsets = new int[children.Count];
        for (int i = 0; i < childOffsets.Length; i++)
        {
            childOffsets[i] = WriteField(b, children[i], dictionaryIds, insideDictionary);
        }
        int childrenVector = b.CreateOffsetVector(childOffsets);
        (byte tag, int typeTable) = WriteType(b, type, field.Name);
        int name = b.CreateString(field.Name);
        int metadata = WriteMetadata(b, field.Metadata);
        b.StartTable(7);
        b.AddOffset(IpcFormat.FieldName, name);
        b.AddBool(IpcFormat.FieldNullable, field.IsNullable, false);
        b.AddByte(IpcFormat.FieldTypeType, tag, 0);
        b.AddOffset(IpcFormat.FieldType, typeTable);
        if (dictionary != 0)
        {
            b.AddOffset(IpcFormat.FieldDictionary, dictionary);
        }
        b.AddOffset(IpcFormat.FieldChildren, childrenVector);
        if (metadata != 0)
        {
            b.AddOffset(IpcFormat.FieldMetadata, metadata);
        }
        return b.EndTable();
    }

    private static (byte Tag, int Table) WriteType(FlatBufferBuilder b, ArrowType type, string fieldName)
    {
        switch (type.TypeId)
        {
            case ArrowTypeId.Null:
                return (IpcFormat.TypeNull, EmptyTable(b));
            case ArrowTypeId.Boolean:
                return (IpcFormat.TypeBool, EmptyTable(b));
            case ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64
                or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64:
            {
                var it = (IntegerType)type;
                b.StartTable(2);
                b.AddInt32(0, it.BitWidth, 0);
                b.AddBool(1, it.IsSigned, false);
                return (IpcFormat.TypeInt, b.EndTable());
            }
            case ArrowTypeId.Float16 or ArrowTypeId.Float32 or ArrowTypeId.Float64:
                b.StartTable(1);
                b.AddInt16(0, type.TypeId switch { ArrowTypeId.Float16 => 0, ArrowTypeId.Float32 => 1, _ => 2 }, -1);
                return (IpcFormat.TypeFloatingPoint, b.EndTable());
            case ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256:
            {
                var dt = (DecimalType)type;
                b.StartTable(3);
                b.AddInt32(0, dt.Precision, int.MinValue);
                b.AddInt32(1, dt.Scale, int.MinValue);
                b.AddInt32(2, dt.DecimalBitWidth, int.MinValue);
                return (IpcFormat.TypeDecimal, b.EndTable());
            }
            case ArrowTypeId.Date32 or ArrowTypeId.Date64:
                b.StartTable(1);
                b.AddInt16(0, type.TypeId == ArrowTypeId.Date32 ? (short)0 : (short)1, -1);
                return (IpcFormat.TypeDate, b.EndTable());
            case ArrowTypeId.Time32 or ArrowTypeId.Time64:
                b.StartTable(2);
                b.AddInt16(0, (short)((TimeType)type).Unit, -1);
                b.AddInt32(1, type.BitWidth, -1);
                return (IpcFormat.TypeTime, b.EndTable());
            case ArrowTypeId.Timestamp:
            {
                var ts = (TimestampType)type;
                int tz = ts.TimeZone is null ? 0 : b.CreateString(ts.TimeZone);
                b.StartTable(2);
                b.AddInt16(0, (short)ts.Unit, -1);
                if (tz != 0)
                {
                    b.AddOffset(1, tz);
                }
                return (IpcFormat.TypeTimestamp, b.EndTable());
            }
            case ArrowTypeId.Duration:
                b.StartTable(1);
                b.AddInt16(0, (short)((DurationType)type).Unit, -1);
                return (IpcFormat.TypeDuration, b.EndTable());
            case ArrowTypeId.Binary:
                return (IpcFormat.TypeBinary, EmptyTable(b));
            case ArrowTypeId.String:
                return (IpcFormat.TypeUtf8, EmptyTable(b));
            case ArrowTypeId.LargeBinary:
                return (IpcFormat.TypeLargeBinary, EmptyTable(b));
            case ArrowTypeId.LargeString:
                return (IpcFormat.TypeLargeUtf8, EmptyTable(b));
            case ArrowTypeId.BinaryView:
                return (IpcFormat.TypeBinaryView, EmptyTable(b));
            case ArrowTypeId.StringView:
                return (IpcFormat.TypeUtf8View, EmptyTable(b));
            case ArrowTypeId.FixedSizeBinary:
                b.StartTable(1);
                b.AddInt32(0, ((FixedSizeBinaryType)type).ByteWidth, int.MinValue);
                return (IpcFormat.TypeFixedSizeBinary, b.EndTable());
            case ArrowTypeId.List:
                return (IpcFormat.TypeList, EmptyTable(b));
            case ArrowTypeId.LargeList:
                return (IpcFormat.TypeLargeList, EmptyTable(b));
            case ArrowTypeId.FixedSizeList:
                b.StartTable(1);
                b.AddInt32(0, ((FixedSizeListType)type).ListSize, int.MinValue);
                return (IpcFormat.TypeFixedSizeList, b.EndTable());
            case ArrowTypeId.Struct:
                return (IpcFormat.TypeStruct, EmptyTable(b));
            case ArrowTypeId.Map:
                b.StartTable(1);
                b.AddBool(0, ((MapType)type).KeysSorted, false);
                return (IpcFormat.TypeMap, b.EndTable());
            default:
                throw new NotSupportedException($"Field '{fieldName}': type {type} cannot be written to Arrow IPC.");
        }
    }

    private static int EmptyTable(FlatBufferBuilder b)
    {
        b.StartTable(0);
        return b.EndTable();
    }

    // ---------------------------------------------------------------- reading

    /// <summary>Reads a Schema table; <paramref name="maxDepth"/> bounds field nesting.</summary>
    public static IpcSchemaInfo Read(FlatBufferTable schema, int maxDepth)
    {
        short endianness = schema.GetInt16(IpcFormat.SchemaEndianness, 0);
        if (endianness != 0)
        {
            throw new ArrowIpcFormatException("The Arrow IPC schema declares big-endian data; only little-endian data is supported.");
        }
        FlatBufferVector features = schema.GetVector(IpcFormat.SchemaFeatures, 8, "features");
        ReadOnlySpan<byte> featureBytes = schema.GetVectorBytes(features);
        for (int i = 0; i < features.Count; i++)
        {
            long feature = BitConverter.ToInt64(featureBytes.Slice(i * 8));
            if (feature is not (0 or 1 or 2))
            {
                throw new ArrowIpcFormatException($"The Arrow IPC schema requires unknown feature {feature}.");
            }
        }
        var ids = new List<long>();
        var types = new Dictionary<long, DictionaryType>();
        FlatBufferVector fieldVector = schema.GetVector(IpcFormat.SchemaFields, 4, "fields");
        var fields = new Field[fieldVector.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            FlatBufferTable field = schema.GetTableElement(fieldVector, i, "Field");
            fields[i] = ReadField(field, 1, maxDepth, ids, types, insideDictionary: false, path: "");
        }
        List<KeyValuePair<string, string>>? metadata = ReadMetadata(schema, IpcFormat.SchemaMetadata, "Schema");
        return new IpcSchemaInfo(new Schema(fields, metadata), ids.ToArray(), types);
    }

    /// <summary>Reads a custom_metadata vector (null when absent).</summary>
    public static List<KeyValuePair<string, string>>? ReadMetadata(FlatBufferTable table, int slot, string owner)
    {
        FlatBufferVector vector = table.GetVector(slot, 4, "custom_metadata");
        if (vector.Count == 0)
        {
            return null;
        }
        var result = new List<KeyValuePair<string, string>>(vector.Count);
        for (int i = 0; i < vector.Count; i++)
        {
            FlatBufferTable kv = table.GetTableElement(vector, i, "KeyValue");
            string key = kv.GetString(IpcFormat.KeyValueKey, "key") ?? throw new ArrowIpcFormatException($"{owner} metadata entry {i} has no key.");
            result.Add(new KeyValuePair<string, string>(key, kv.GetString(IpcFormat.KeyValueValue, "value") ?? string.Empty));
        }
        return result;
    }

    private static Field ReadField(FlatBufferTable field, int depth, int maxDepth, List<long> ids, Dictionary<long, DictionaryType> types, bool insideDictionary, string path)
    {
        string name = field.GetString(IpcFormat.FieldName, "name") ?? string.Empty;
        string fieldPath = path.Length == 0 ? name : path + "." + name;
        if (depth > maxDepth)
        {
            throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' is nested deeper than the limit of {maxDepth} levels.");
        }
        bool nullable = field.GetBool(IpcFormat.FieldNullable, false);
        int dictionaryIndex = -1;
        long dictionaryId = 0;
        IntegerType? indexType = null;
        bool ordered = false;
        if (field.TryGetTable(IpcFormat.FieldDictionary, "DictionaryEncoding", out FlatBufferTable encoding))
        {
            if (insideDictionary)
            {
                throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}': dictionary encoding inside a dictionary's values is not supported.");
            }
            dictionaryId = encoding.GetInt64(IpcFormat.DictEncodingId, 0);
            indexType = IntegerType.Int32;
            if (encoding.TryGetTable(IpcFormat.DictEncodingIndexType, "Int", out FlatBufferTable indexTable))
            {
                indexType = ReadInteger(indexTable, fieldPath + " (dictionary index)");
            }
            ordered = encoding.GetBool(IpcFormat.DictEncodingOrdered, false);
            dictionaryIndex = ids.Count;
            ids.Add(dictionaryId);
        }
        FlatBufferVector childVector = field.GetVector(IpcFormat.FieldChildren, 4, "children");
        var children = new Field[childVector.Count];
        for (int i = 0; i < children.Length; i++)
        {
            FlatBufferTable child = field.GetTableElement(childVector, i, "Field");
            children[i] = ReadField(child, depth + 1, maxDepth, ids, types, insideDictionary || dictionaryIndex >= 0, fieldPath);
        }
        byte tag = field.GetByte(IpcFormat.FieldTypeType, 0);
        if (!field.TryGetTable(IpcFormat.FieldType, IpcFormat.TypeName(tag), out FlatBufferTable typeTable))
        {
            throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has no type.");
        }
        ArrowType type;
        try
        {
            type = ReadType(tag, typeTable, children, fieldPath);
        }
        catch (ArgumentException ex)
        {
            throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has an invalid {IpcFormat.TypeName(tag)} type: {ex.Message}", ex);
        }
        if (indexType is not null)
        {
            var dictionaryType = new DictionaryType(indexType, type, ordered);
            if (types.TryGetValue(dictionaryId, out DictionaryType? existing))
            {
                if (!existing.ValueType.Equals(type))
                {
                    throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' uses dictionary id {dictionaryId} with value type {type}, but another field uses it with {existing.ValueType}.");
                }
            }
            else
            {
                types.Add(dictionaryId, dictionaryType);
            }
            type = dictionaryType;
        }
        List<KeyValuePair<string, string>>? metadata = ReadMetadata(field, IpcFormat.FieldMetadata, "Field '" + fieldPath + "'");
        return new Field(name, type, nullable, metadata);
    }

    private static IntegerType ReadInteger(FlatBufferTable table, string fieldPath)
    {
        int bitWidth = table.GetInt32(0, 0);
        bool signed = table.GetBool(1, false);
        if (bitWidth is not (8 or 16 or 32 or 64))
        {
            throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has an Int type of invalid bit width {bitWidth}.");
        }
        return IntegerType.Get(bitWidth, signed);
    }

    private static TimeUnit ReadUnit(short unit, string fieldPath) => unit switch
    {
        0 => TimeUnit.Second,
        1 => TimeUnit.Millisecond,
        2 => TimeUnit.Microsecond,
        3 => TimeUnit.Nanosecond,
        _ => throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has an invalid time unit {unit}."),
    };

    private static ArrowType ReadType(byte tag, FlatBufferTable t, Field[] children, string fieldPath)
    {
        switch (tag)
        {
            case IpcFormat.TypeNull:
                return ArrowType.Null;
            case IpcFormat.TypeBool:
                return ArrowType.Boolean;
            case IpcFormat.TypeInt:
                return ReadInteger(t, fieldPath);
            case IpcFormat.TypeFloatingPoint:
                return t.GetInt16(0, 0) switch
                {
                    0 => ArrowType.Float16,
                    1 => ArrowType.Float32,
                    2 => ArrowType.Float64,
                    short p => throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has an invalid floating-point precision {p}."),
                };
            case IpcFormat.TypeBinary:
                return ArrowType.Binary;
            case IpcFormat.TypeUtf8:
                return ArrowType.Utf8;
            case IpcFormat.TypeLargeBinary:
                return ArrowType.LargeBinary;
            case IpcFormat.TypeLargeUtf8:
                return ArrowType.LargeUtf8;
            case IpcFormat.TypeBinaryView:
                return ArrowType.BinaryView;
            case IpcFormat.TypeUtf8View:
                return ArrowType.Utf8View;
            case IpcFormat.TypeDecimal:
            {
                int bitWidth = t.GetInt32(2, 128);
                if (bitWidth is not (128 or 256))
                {
                    throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}': {bitWidth}-bit decimals are not supported (128 and 256 are).");
                }
                return new DecimalType(t.GetInt32(0, 0), t.GetInt32(1, 0), bitWidth);
            }
            case IpcFormat.TypeDate:
                return t.GetInt16(0, 1) switch
                {
                    0 => ArrowType.Date32,
                    1 => ArrowType.Date64,
                    short u => throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has an invalid date unit {u}."),
                };
            case IpcFormat.TypeTime:
            {
                TimeUnit unit = ReadUnit(t.GetInt16(0, 1), fieldPath);
                int bitWidth = t.GetInt32(1, 32);
                int expected = unit is TimeUnit.Second or TimeUnit.Millisecond ? 32 : 64;
                if (bitWidth != expected)
                {
                    throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}': a time in {unit} must be {expected} bits wide, not {bitWidth}.");
                }
                return new TimeType(unit);
            }
            case IpcFormat.TypeTimestamp:
                return new TimestampType(ReadUnit(t.GetInt16(0, 0), fieldPath), t.GetString(1, "timezone"));
            case IpcFormat.TypeDuration:
                return new DurationType(ReadUnit(t.GetInt16(0, 1), fieldPath));
            case IpcFormat.TypeFixedSizeBinary:
            {
                int width = t.GetInt32(0, 0);
                if (width < 0)
                {
                    throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has a negative fixed-size binary width {width}.");
                }
                return new FixedSizeBinaryType(width);
            }
            case IpcFormat.TypeList or IpcFormat.TypeLargeList:
                ExpectChildren(children, 1, fieldPath, tag);
                return new ListType(children[0], isLarge: tag == IpcFormat.TypeLargeList);
            case IpcFormat.TypeFixedSizeList:
            {
                ExpectChildren(children, 1, fieldPath, tag);
                int size = t.GetInt32(0, 0);
                if (size < 0)
                {
                    throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has a negative list size {size}.");
                }
                return new FixedSizeListType(children[0], size);
            }
            case IpcFormat.TypeStruct:
                return new StructType(children);
            case IpcFormat.TypeMap:
                ExpectChildren(children, 1, fieldPath, tag);
                if (children[0].DataType is not StructType { Fields.Count: 2 })
                {
                    throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}': a map's child must be a struct of key and value.");
                }
                return new MapType(children[0], t.GetBool(0, false));
            default:
                throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' has type {IpcFormat.TypeName(tag)}, which DeltaSharp.Arrow does not support.");
        }
    }

    private static void ExpectChildren(Field[] children, int count, string fieldPath, byte tag)
    {
        if (children.Length != count)
        {
            throw new ArrowIpcFormatException($"Arrow IPC schema field '{fieldPath}' of type {IpcFormat.TypeName(tag)} has {children.Length} children, expected {count}.");
        }
    }
}
