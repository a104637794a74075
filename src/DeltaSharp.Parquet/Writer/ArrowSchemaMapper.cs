using System;
using System.Collections.Generic;
using System.Globalization;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Maps an Arrow schema to the Parquet schema the writer emits (flattened depth-first elements) and one
/// <see cref="LeafColumnPlan"/> per leaf. Lists and maps use the standard three-level structure
/// (<c>list</c>/<c>element</c>, <c>key_value</c>/<c>key</c>/<c>value</c>). A field's Parquet field id comes from
/// its <c>PARQUET:field_id</c> metadata. Pure.
/// </summary>
internal static class ArrowSchemaMapper
{
    /// <summary>Arrow field metadata key carrying the Parquet field id.</summary>
    public const string FieldIdKey = "PARQUET:field_id";

    public static (List<ParquetSchemaElement> Elements, List<LeafColumnPlan> Leaves) Map(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var elements = new List<ParquetSchemaElement>
        {
            new() { Name = "schema", NumChildren = schema.Fields.Count },
        };
        var leaves = new List<LeafColumnPlan>();
        var path = new List<string>();
        var nodes = new List<LevelNode>();
        for (int i = 0; i < schema.Fields.Count; i++)
        {
            MapField(schema.Fields[i], schema.Fields[i].Name, i, elements, leaves, path, nodes, 0, 0);
        }
        return (elements, leaves);
    }

    private static void MapField(
        Field field, string name, int topLevel, List<ParquetSchemaElement> elements, List<LeafColumnPlan> leaves,
        List<string> path, List<LevelNode> nodes, short def, short rep)
    {
        ArrowType type = field.DataType;
        bool nullable = field.IsNullable || type.TypeId == ArrowTypeId.Null;
        ParquetRepetition repetition = nullable ? ParquetRepetition.Optional : ParquetRepetition.Required;
        int? fieldId = ParseFieldId(field);
        short nodeDef = (short)(def + (nullable ? 1 : 0));
        path.Add(name);
        switch (type)
        {
            case StructType st:
                if (st.Fields.Count == 0)
                {
                    throw new ParquetUnsupportedException($"Column '{string.Join('.', path)}': Parquet cannot store a struct without fields.");
                }
                elements.Add(new ParquetSchemaElement { Name = name, Repetition = repetition, NumChildren = st.Fields.Count, FieldId = fieldId });
                for (int c = 0; c < st.Fields.Count; c++)
                {
                    nodes.Add(new LevelNode(LevelNodeKind.Struct, nullable, c, 0, 0));
                    MapField(st.Fields[c], st.Fields[c].Name, topLevel, elements, leaves, path, nodes, nodeDef, rep);
                    nodes.RemoveAt(nodes.Count - 1);
                }
                break;
            case ListType or FixedSizeListType:
            {
                Field valueField = type is ListType lt ? lt.ValueField : ((FixedSizeListType)type).ValueField;
                LevelNodeKind kind = type.TypeId switch
                {
                    ArrowTypeId.List => LevelNodeKind.List,
                    ArrowTypeId.LargeList => LevelNodeKind.LargeList,
                    _ => LevelNodeKind.FixedSizeList,
                };
                int fixedSize = type is FixedSizeListType f ? f.ListSize : 0;
                elements.Add(new ParquetSchemaElement
                {
                    Name = name, Repetition = repetition, NumChildren = 1, FieldId = fieldId,
                    ConvertedType = ParquetConvertedType.List,
                    LogicalType = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.List },
                });
                elements.Add(new ParquetSchemaElement { Name = "list", Repetition = ParquetRepetition.Repeated, NumChildren = 1 });
                short elementRep = (short)(rep + 1);
                nodes.Add(new LevelNode(kind, nullable, 0, elementRep, fixedSize));
                path.Add("list");
                MapField(valueField, "element", topLevel, elements, leaves, path, nodes, (short)(nodeDef + 1), elementRep);
                path.RemoveAt(path.Count - 1);
                nodes.RemoveAt(nodes.Count - 1);
                break;
            }
            case MapType mt:
            {
                elements.Add(new ParquetSchemaElement
                {
                    Name = name, Repetition = repetition, NumChildren = 1, FieldId = fieldId,
                    ConvertedType = ParquetConvertedType.Map,
                    LogicalType = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Map },
                });
                elements.Add(new ParquetSchemaElement { Name = "key_value", Repetition = ParquetRepetition.Repeated, NumChildren = 2 });
                short elementRep = (short)(rep + 1);
                path.Add("key_value");
                Field keyField = mt.KeyField;
                if (keyField.IsNullable)
                {
                    keyField = new Field(keyField.Name, keyField.DataType, nullable: false, keyField.Metadata);
                }
                nodes.Add(new LevelNode(LevelNodeKind.Map, nullable, 0, elementRep, 0));
                nodes.Add(new LevelNode(LevelNodeKind.Struct, false, 0, 0, 0));
                MapField(keyField, "key", topLevel, elements, leaves, path, nodes, (short)(nodeDef + 1), elementRep);
                nodes[^1] = new LevelNode(LevelNodeKind.Struct, false, 1, 0, 0);
                MapField(mt.ValueField, "value", topLevel, elements, leaves, path, nodes, (short)(nodeDef + 1), elementRep);
                nodes.RemoveAt(nodes.Count - 1);
                nodes.RemoveAt(nodes.Count - 1);
                path.RemoveAt(path.Count - 1);
                break;
            }
            default:
            {
                bool isDictionary = type is DictionaryType;
                ArrowType valueType = type is DictionaryType dt ? dt.ValueType : type;
                ParquetSchemaElement element = MapPrimitive(name, valueType, repetition, fieldId, out LeafValueKind kind, out bool unsigned, string.Join('.', path));
                elements.Add(element);
                nodes.Add(new LevelNode(LevelNodeKind.Leaf, nullable, 0, 0, 0));
                leaves.Add(new LeafColumnPlan
                {
                    TopLevelIndex = topLevel,
                    Nodes = [.. nodes],
                    PathInSchema = [.. path],
                    MaxDefinitionLevel = nodeDef,
                    MaxRepetitionLevel = rep,
                    PhysicalType = element.PhysicalType!.Value,
                    TypeLength = element.TypeLength ?? 0,
                    ValueKind = kind,
                    ValueType = valueType,
                    IsArrowDictionary = isDictionary,
                    UnsignedOrder = unsigned,
                    IsUtf8 = valueType is BinaryType { IsUtf8: true },
                });
                nodes.RemoveAt(nodes.Count - 1);
                break;
            }
        }
        path.RemoveAt(path.Count - 1);
    }

    private static int? ParseFieldId(Field field)
    {
        string? text = field.GetMetadata(FieldIdKey);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int id))
        {
            throw new ArgumentException($"Field '{field.Name}' has a {FieldIdKey} that is not an integer: '{text}'.");
        }
        return id;
    }

    private static ParquetSchemaElement MapPrimitive(
        string name, ArrowType type, ParquetRepetition repetition, int? fieldId, out LeafValueKind kind, out bool unsigned, string displayPath)
    {
        unsigned = false;
        ParquetPhysicalType physical;
        int? typeLength = null;
        ParquetConvertedType? converted = null;
        ParquetLogicalType? logical = null;
        int? scale = null;
        int? precision = null;
        switch (type)
        {
            case NullType:
                kind = LeafValueKind.Null;
                physical = ParquetPhysicalType.Int32;
                logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Unknown };
                break;
            case BooleanType:
                kind = LeafValueKind.Boolean;
                physical = ParquetPhysicalType.Boolean;
                break;
            case IntegerType it:
                unsigned = !it.IsSigned;
                logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Integer, BitWidth = it.BitWidth, IsSigned = it.IsSigned };
                (kind, physical, converted) = (it.BitWidth, it.IsSigned) switch
                {
                    (8, true) => (LeafValueKind.Int8, ParquetPhysicalType.Int32, ParquetConvertedType.Int8),
                    (16, true) => (LeafValueKind.Int16, ParquetPhysicalType.Int32, ParquetConvertedType.Int16),
                    (32, true) => (LeafValueKind.Int32, ParquetPhysicalType.Int32, (ParquetConvertedType?)null),
                    (64, true) => (LeafValueKind.Int64, ParquetPhysicalType.Int64, (ParquetConvertedType?)null),
                    (8, false) => (LeafValueKind.UInt8, ParquetPhysicalType.Int32, ParquetConvertedType.UInt8),
                    (16, false) => (LeafValueKind.UInt16, ParquetPhysicalType.Int32, ParquetConvertedType.UInt16),
                    (32, false) => (LeafValueKind.UInt32, ParquetPhysicalType.Int32, ParquetConvertedType.UInt32),
                    _ => (LeafValueKind.Int64, ParquetPhysicalType.Int64, ParquetConvertedType.UInt64),
                };
                if (it.IsSigned && it.BitWidth is 32 or 64)
                {
                    logical = null;
                }
                break;
            case FloatingPointType ft:
                switch (ft.BitWidth)
                {
                    case 16:
                        kind = LeafValueKind.Float16;
                        physical = ParquetPhysicalType.FixedLenByteArray;
                        typeLength = 2;
                        logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Float16 };
                        break;
                    case 32:
                        kind = LeafValueKind.Float;
                        physical = ParquetPhysicalType.Float;
                        break;
                    default:
                        kind = LeafValueKind.Double;
                        physical = ParquetPhysicalType.Double;
                        break;
                }
                break;
            case DecimalType dec:
                scale = dec.Scale;
                precision = dec.Precision;
                converted = ParquetConvertedType.Decimal;
                logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Decimal, Precision = dec.Precision, Scale = dec.Scale };
                if (dec.DecimalBitWidth == 128 && dec.Precision <= 9)
                {
                    kind = LeafValueKind.Decimal128ToInt32;
                    physical = ParquetPhysicalType.Int32;
                }
                else if (dec.DecimalBitWidth == 128 && dec.Precision <= 18)
                {
                    kind = LeafValueKind.Decimal128ToInt64;
                    physical = ParquetPhysicalType.Int64;
                }
                else
                {
                    kind = LeafValueKind.DecimalToFixed;
                    physical = ParquetPhysicalType.FixedLenByteArray;
                    typeLength = DecimalByteWidth(dec.Precision);
                    if (typeLength > dec.ByteWidth)
                    {
                        typeLength = dec.ByteWidth;
                    }
                }
                break;
            case DateType dt:
                kind = dt.TypeId == ArrowTypeId.Date32 ? LeafValueKind.Int32 : LeafValueKind.Date64ToDays;
                physical = ParquetPhysicalType.Int32;
                converted = ParquetConvertedType.Date;
                logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Date };
                break;
            case TimeType tt:
                // isAdjustedToUTC=false: Arrow times are local; no converted type (TIME_MILLIS/MICROS imply UTC).
                if (tt.TypeId == ArrowTypeId.Time32)
                {
                    kind = tt.Unit == TimeUnit.Second ? LeafValueKind.Time32SecondsToMillis : LeafValueKind.Int32;
                    physical = ParquetPhysicalType.Int32;
                    logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Time, Unit = ParquetTimeUnit.Millis };
                }
                else
                {
                    kind = LeafValueKind.Int64;
                    physical = ParquetPhysicalType.Int64;
                    logical = new ParquetLogicalType
                    {
                        Kind = ParquetLogicalTypeKind.Time,
                        Unit = tt.Unit == TimeUnit.Nanosecond ? ParquetTimeUnit.Nanos : ParquetTimeUnit.Micros,
                    };
                }
                break;
            case TimestampType ts:
            {
                physical = ParquetPhysicalType.Int64;
                kind = ts.Unit == TimeUnit.Second ? LeafValueKind.TimestampSecondsToMillis : LeafValueKind.Int64;
                ParquetTimeUnit unit = ts.Unit switch
                {
                    TimeUnit.Second or TimeUnit.Millisecond => ParquetTimeUnit.Millis,
                    TimeUnit.Microsecond => ParquetTimeUnit.Micros,
                    _ => ParquetTimeUnit.Nanos,
                };
                bool utc = ts.HasTimeZone;
                logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.Timestamp, Unit = unit, IsAdjustedToUtc = utc };
                if (utc && unit != ParquetTimeUnit.Nanos)
                {
                    converted = unit == ParquetTimeUnit.Millis ? ParquetConvertedType.TimestampMillis : ParquetConvertedType.TimestampMicros;
                }
                break;
            }
            case DurationType:
                kind = LeafValueKind.Int64;
                physical = ParquetPhysicalType.Int64;
                break;
            case BinaryType bt:
                physical = ParquetPhysicalType.ByteArray;
                kind = bt.IsView ? LeafValueKind.BinaryView : bt.IsLarge ? LeafValueKind.LargeBinary : LeafValueKind.Binary;
                if (bt.IsUtf8)
                {
                    converted = ParquetConvertedType.Utf8;
                    logical = new ParquetLogicalType { Kind = ParquetLogicalTypeKind.String };
                }
                break;
            case FixedSizeBinaryType fb:
                if (fb.ByteWidth < 1)
                {
                    throw new ParquetUnsupportedException($"Column '{displayPath}': Parquet cannot store fixed_size_binary[0].");
                }
                kind = LeafValueKind.FixedSizeBinary;
                physical = ParquetPhysicalType.FixedLenByteArray;
                typeLength = fb.ByteWidth;
                break;
            default:
                throw new ParquetUnsupportedException($"Column '{displayPath}': the Parquet writer does not support Arrow type {type}.");
        }
        return new ParquetSchemaElement
        {
            Name = name,
            PhysicalType = physical,
            TypeLength = typeLength,
            Repetition = repetition,
            ConvertedType = converted,
            LogicalType = logical,
            Scale = scale,
            Precision = precision,
            FieldId = fieldId,
        };
    }

    /// <summary>Smallest byte width whose two's complement range holds every decimal of the precision.</summary>
    public static int DecimalByteWidth(int precision)
    {
        // floor(log10(2^(8n-1) - 1)) >= precision
        for (int n = 1; n <= 32; n++)
        {
            double digits = Math.Floor(((8 * n) - 1) * Math.Log10(2));
            if (digits >= precision)
            {
                return n;
            }
        }
        return 32;
    }
}
