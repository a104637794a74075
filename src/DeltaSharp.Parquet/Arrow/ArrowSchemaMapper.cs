using System.Collections.Generic;
using System.Globalization;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Arrow;

/// <summary>
/// Maps the Parquet schema to Arrow following LogicalTypes.md, including its backward-compatibility rules for lists
/// (2-level lists, <c>array</c>/<c>*_tuple</c> element groups, repeated fields without a LIST annotation) and maps
/// (MAP and legacy MAP_KEY_VALUE). Field ids are kept as Arrow field metadata <c>PARQUET:field_id</c>.
/// </summary>
internal static class ArrowSchemaMapper
{
    /// <summary>The Arrow field metadata key holding a Parquet field id.</summary>
    public const string FieldIdKey = "PARQUET:field_id";

    /// <summary>Maps a top-level field (a child of the root). Returns null for groups without any leaf.</summary>
    public static ArrowNode? MapTopLevel(ParquetSchemaNode node) => Map(node, 0, 0);

    private static ArrowNode? Map(ParquetSchemaNode p, int slotRep, int slotDef)
    {
        if (p.Repetition == ParquetRepetition.Repeated)
        {
            // A repeated field outside a LIST/MAP annotation: a required list of required elements.
            ArrowNode? element = MapNonRepeated(p, p.MaxRepetitionLevel, p.MaxDefinitionLevel, p.MaxDefinitionLevel, nullable: false, name: p.Name);
            if (element is null)
            {
                return null;
            }
            return new ArrowNode
            {
                Kind = ArrowNodeKind.List,
                Field = MakeField(p, new ListType(element.Field), nullable: false),
                Source = p,
                RepresentativeLeaf = element.RepresentativeLeaf,
                SlotRep = slotRep,
                SlotDef = slotDef,
                PresentDef = p.MaxDefinitionLevel - 1,
                ElementRep = p.MaxRepetitionLevel,
                ElementDef = p.MaxDefinitionLevel,
                Children = [element],
            };
        }
        return MapNonRepeated(p, slotRep, slotDef, p.MaxDefinitionLevel, p.Repetition == ParquetRepetition.Optional, p.Name);
    }

    private static ArrowNode? MapNonRepeated(ParquetSchemaNode p, int slotRep, int slotDef, int presentDef, bool nullable, string name)
    {
        if (p.IsLeaf)
        {
            (ArrowType type, LeafConversion conversion, int width) = MapLeaf(p);
            return new ArrowNode
            {
                Kind = ArrowNodeKind.Primitive,
                Field = MakeField(p, type, nullable, name),
                Source = p,
                RepresentativeLeaf = p,
                SlotRep = slotRep,
                SlotDef = slotDef,
                PresentDef = presentDef,
                Conversion = conversion,
                OutputWidth = width,
            };
        }
        ParquetSchemaElement e = p.Element;
        bool isList = e.LogicalType?.Kind == ParquetLogicalTypeKind.List || e.ConvertedType == ParquetConvertedType.List;
        bool isMap = e.LogicalType?.Kind == ParquetLogicalTypeKind.Map || e.ConvertedType is ParquetConvertedType.Map or ParquetConvertedType.MapKeyValue;
        if ((isList || isMap) && p.Children.Count == 1 && p.Children[0].Repetition == ParquetRepetition.Repeated)
        {
            ParquetSchemaNode repeated = p.Children[0];
            if (isMap && !repeated.IsLeaf && repeated.Children.Count == 2)
            {
                return MapMap(p, repeated, slotRep, slotDef, presentDef, nullable, name);
            }
            ArrowNode? element = ListElement(p, repeated);
            if (element is null)
            {
                return null;
            }
            return new ArrowNode
            {
                Kind = ArrowNodeKind.List,
                Field = MakeField(p, new ListType(element.Field), nullable, name),
                Source = p,
                RepresentativeLeaf = element.RepresentativeLeaf,
                SlotRep = slotRep,
                SlotDef = slotDef,
                PresentDef = presentDef,
                ElementRep = repeated.MaxRepetitionLevel,
                ElementDef = repeated.MaxDefinitionLevel,
                Children = [element],
            };
        }
        return MapStruct(p, slotRep, slotDef, presentDef, nullable, name);
    }

    /// <summary>The element of a LIST-annotated group, by the backward-compatibility rules of LogicalTypes.md.</summary>
    private static ArrowNode? ListElement(ParquetSchemaNode list, ParquetSchemaNode repeated)
    {
        int rep = repeated.MaxRepetitionLevel;
        int def = repeated.MaxDefinitionLevel;
        if (repeated.IsLeaf)
        {
            // 2-level list: the repeated primitive is the (required) element.
            return MapNonRepeated(repeated, rep, def, def, nullable: false, repeated.Name);
        }
        if (repeated.Children.Count != 1 || repeated.Name == "array" || repeated.Name == list.Name + "_tuple")
        {
            // The repeated group is itself the (required) element: a struct, or a list/map when annotated so.
            return MapNonRepeated(repeated, rep, def, def, nullable: false, repeated.Name);
        }
        // Standard 3-level list: the single child of the repeated group is the element.
        return Map(repeated.Children[0], rep, def);
    }

    private static ArrowNode? MapMap(ParquetSchemaNode p, ParquetSchemaNode repeated, int slotRep, int slotDef, int presentDef, bool nullable, string name)
    {
        int rep = repeated.MaxRepetitionLevel;
        int def = repeated.MaxDefinitionLevel;
        ArrowNode? key = Map(repeated.Children[0], rep, def);
        ArrowNode? value = Map(repeated.Children[1], rep, def);
        if (key is null || value is null)
        {
            return null;
        }
        // Arrow map keys are non-nullable; the entries struct is non-nullable.
        Field keyField = key.Field.IsNullable ? new Field(key.Field.Name, key.Field.DataType, false, key.Field.Metadata) : key.Field;
        ArrowNode keyNode = key.Field.IsNullable ? Clone(key, keyField) : key;
        StructType entriesType = new([keyField, value.Field]);
        Field entriesField = new(repeated.Name, entriesType, false);
        ArrowNode entries = new()
        {
            Kind = ArrowNodeKind.Struct,
            Field = entriesField,
            Source = repeated,
            RepresentativeLeaf = keyNode.RepresentativeLeaf,
            SlotRep = rep,
            SlotDef = def,
            PresentDef = def,
            Children = [keyNode, value],
        };
        return new ArrowNode
        {
            Kind = ArrowNodeKind.Map,
            Field = MakeField(p, new MapType(entriesField), nullable, name),
            Source = p,
            RepresentativeLeaf = keyNode.RepresentativeLeaf,
            SlotRep = slotRep,
            SlotDef = slotDef,
            PresentDef = presentDef,
            ElementRep = rep,
            ElementDef = def,
            Children = [entries],
        };
    }

    private static ArrowNode Clone(ArrowNode node, Field field) => new()
    {
        Kind = node.Kind,
        Field = field,
        Source = node.Source,
        RepresentativeLeaf = node.RepresentativeLeaf,
        SlotRep = node.SlotRep,
        SlotDef = node.SlotDef,
        PresentDef = node.PresentDef,
        ElementRep = node.ElementRep,
        ElementDef = node.ElementDef,
        Conversion = node.Conversion,
        OutputWidth = node.OutputWidth,
        Children = node.Children,
    };

    private static ArrowNode? MapStruct(ParquetSchemaNode p, int slotRep, int slotDef, int presentDef, bool nullable, string name)
    {
        List<ArrowNode> children = [];
        List<Field> fields = [];
        foreach (ParquetSchemaNode child in p.Children)
        {
            ArrowNode? c = Map(child, slotRep, slotDef);
            if (c is not null)
            {
                children.Add(c);
                fields.Add(c.Field);
            }
        }
        if (children.Count == 0)
        {
            return null;
        }
        return new ArrowNode
        {
            Kind = ArrowNodeKind.Struct,
            Field = MakeField(p, new StructType(fields), nullable, name),
            Source = p,
            RepresentativeLeaf = children[0].RepresentativeLeaf,
            SlotRep = slotRep,
            SlotDef = slotDef,
            PresentDef = presentDef,
            Children = children,
        };
    }

    private static Field MakeField(ParquetSchemaNode p, ArrowType type, bool nullable, string? name = null)
    {
        List<KeyValuePair<string, string>>? metadata = null;
        if (p.Element.FieldId is int id)
        {
            metadata = [new(FieldIdKey, id.ToString(CultureInfo.InvariantCulture))];
        }
        return new Field(name ?? p.Name, type, nullable, metadata);
    }

    /// <summary>The Arrow type of a leaf and how to convert it.</summary>
    public static (ArrowType Type, LeafConversion Conversion, int Width) MapLeaf(ParquetSchemaNode leaf)
    {
        ParquetSchemaElement e = leaf.Element;
        // An annotation this reader does not know is ignored: the legacy converted type (if any) still applies.
        ParquetLogicalType? logical = e.LogicalType?.Kind == ParquetLogicalTypeKind.Unrecognized ? null : e.LogicalType;
        ParquetConvertedType? converted = e.ConvertedType;
        ParquetLogicalTypeKind? kind = logical?.Kind;
        if (kind == ParquetLogicalTypeKind.Unknown)
        {
            return (ArrowType.Null, LeafConversion.Null, 0);
        }
        bool isDecimal = kind == ParquetLogicalTypeKind.Decimal || (kind is null && converted == ParquetConvertedType.Decimal);
        int precision = logical?.Kind == ParquetLogicalTypeKind.Decimal ? logical.Precision : e.Precision ?? 0;
        int scale = logical?.Kind == ParquetLogicalTypeKind.Decimal ? logical.Scale : e.Scale ?? 0;
        switch (e.PhysicalType!.Value)
        {
            case ParquetPhysicalType.Boolean:
                return (ArrowType.Boolean, LeafConversion.Boolean, 0);
            case ParquetPhysicalType.Int32:
                if (isDecimal)
                {
                    return Decimal(precision, scale, LeafConversion.IntegerToDecimal);
                }
                if (kind == ParquetLogicalTypeKind.Date || converted == ParquetConvertedType.Date)
                {
                    return (ArrowType.Date32, LeafConversion.Copy, 4);
                }
                if ((kind == ParquetLogicalTypeKind.Time && logical!.Unit == ParquetTimeUnit.Millis) || (kind is null && converted == ParquetConvertedType.TimeMillis))
                {
                    return (new TimeType(TimeUnit.Millisecond), LeafConversion.Copy, 4);
                }
                return Int32Integer(logical, converted);
            case ParquetPhysicalType.Int64:
                if (isDecimal)
                {
                    return Decimal(precision, scale, LeafConversion.IntegerToDecimal);
                }
                if (kind == ParquetLogicalTypeKind.Timestamp)
                {
                    return (new TimestampType(ToArrowUnit(logical!.Unit), logical.IsAdjustedToUtc ? "UTC" : null), LeafConversion.Copy, 8);
                }
                if (kind is null && converted == ParquetConvertedType.TimestampMillis)
                {
                    return (new TimestampType(TimeUnit.Millisecond, "UTC"), LeafConversion.Copy, 8);
                }
                if (kind is null && converted == ParquetConvertedType.TimestampMicros)
                {
                    return (new TimestampType(TimeUnit.Microsecond, "UTC"), LeafConversion.Copy, 8);
                }
                if (kind == ParquetLogicalTypeKind.Time)
                {
                    return (new TimeType(ToArrowUnit(logical!.Unit)), LeafConversion.Copy, 8);
                }
                if (kind is null && converted == ParquetConvertedType.TimeMicros)
                {
                    return (new TimeType(TimeUnit.Microsecond), LeafConversion.Copy, 8);
                }
                bool unsigned64 = (kind == ParquetLogicalTypeKind.Integer && !logical!.IsSigned) || (kind is null && converted == ParquetConvertedType.UInt64);
                return (unsigned64 ? ArrowType.UInt64 : ArrowType.Int64, LeafConversion.Copy, 8);
            case ParquetPhysicalType.Int96:
                return (new TimestampType(TimeUnit.Microsecond, "UTC"), LeafConversion.Int96ToMicros, 8);
            case ParquetPhysicalType.Float:
                return (ArrowType.Float32, LeafConversion.Copy, 4);
            case ParquetPhysicalType.Double:
                return (ArrowType.Float64, LeafConversion.Copy, 8);
            case ParquetPhysicalType.ByteArray:
                if (isDecimal)
                {
                    return Decimal(precision, scale, LeafConversion.BigEndianDecimal);
                }
                bool text = kind is ParquetLogicalTypeKind.String or ParquetLogicalTypeKind.Enum or ParquetLogicalTypeKind.Json
                    || (kind is null && converted is ParquetConvertedType.Utf8 or ParquetConvertedType.Enum or ParquetConvertedType.Json);
                return (text ? ArrowType.Utf8 : ArrowType.Binary, LeafConversion.Binary, 0);
            case ParquetPhysicalType.FixedLenByteArray:
                int length = e.TypeLength ?? 0;
                if (length <= 0)
                {
                    throw new ParquetFormatException($"FIXED_LEN_BYTE_ARRAY column '{leaf.DottedPath}' has invalid type_length {length}");
                }
                if (isDecimal)
                {
                    return Decimal(precision, scale, LeafConversion.BigEndianDecimal);
                }
                if (kind == ParquetLogicalTypeKind.Float16 && length == 2)
                {
                    return (ArrowType.Float16, LeafConversion.Copy, 2);
                }
                return (new FixedSizeBinaryType(length), LeafConversion.Copy, length);
            default:
                throw new ParquetUnsupportedException($"column '{leaf.DottedPath}' has unknown physical type {(int)e.PhysicalType.Value}");
        }
    }

    private static (ArrowType, LeafConversion, int) Int32Integer(ParquetLogicalType? logical, ParquetConvertedType? converted)
    {
        int bits = 32;
        bool signed = true;
        if (logical?.Kind == ParquetLogicalTypeKind.Integer)
        {
            bits = logical.BitWidth;
            signed = logical.IsSigned;
        }
        else if (logical is null)
        {
            (bits, signed) = converted switch
            {
                ParquetConvertedType.Int8 => (8, true),
                ParquetConvertedType.Int16 => (16, true),
                ParquetConvertedType.UInt8 => (8, false),
                ParquetConvertedType.UInt16 => (16, false),
                ParquetConvertedType.UInt32 => (32, false),
                _ => (32, true),
            };
        }
        return bits switch
        {
            8 => (IntegerType.Get(8, signed), LeafConversion.Narrow8, 1),
            16 => (IntegerType.Get(16, signed), LeafConversion.Narrow16, 2),
            _ => (IntegerType.Get(32, signed), LeafConversion.Copy, 4),
        };
    }

    private static (ArrowType, LeafConversion, int) Decimal(int precision, int scale, LeafConversion conversion)
    {
        if (precision <= 0 || scale < 0 || scale > precision || precision > 76)
        {
            throw new ParquetFormatException($"invalid decimal precision {precision} / scale {scale}");
        }
        int bits = precision <= 38 ? 128 : 256;
        return (new DecimalType(precision, scale, bits), conversion, bits / 8);
    }

    private static TimeUnit ToArrowUnit(ParquetTimeUnit unit) => unit switch
    {
        ParquetTimeUnit.Millis => TimeUnit.Millisecond,
        ParquetTimeUnit.Micros => TimeUnit.Microsecond,
        _ => TimeUnit.Nanosecond,
    };
}
