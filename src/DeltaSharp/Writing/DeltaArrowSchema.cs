using System;
using System.Collections.Generic;
using DeltaSharp.Arrow;
using ArrowSchema = DeltaSharp.Arrow.Schema;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;

namespace DeltaSharp.Writing;

/// <summary>
/// Conversions between Delta schemas and the Arrow schemas the writer accepts. Delta timestamps are
/// <c>timestamp[us, UTC]</c>, timestamp_ntz is <c>timestamp[us]</c>, strings are <c>utf8</c>, binary is
/// <c>binary</c>, decimals are <c>decimal128</c>, arrays are <c>list</c>, maps are <c>map</c>. Pure.
/// </summary>
internal static class DeltaArrowSchema
{
    public static ArrowSchema ToArrow(DeltaStructType root)
    {
        var fields = new List<Field>(root.Fields.Count);
        foreach (DeltaStructField field in root.Fields)
        {
            fields.Add(new Field(field.Name, ToArrow(field.Type, field.Name), field.Nullable));
        }
        return new ArrowSchema(fields);
    }

    /// <summary>The Arrow schema of the data columns (partition columns excluded).</summary>
    public static ArrowSchema ToArrowDataSchema(DeltaStructType root, IReadOnlyList<string> partitionColumns)
    {
        var fields = new List<Field>(root.Fields.Count);
        foreach (DeltaStructField field in root.Fields)
        {
            if (!Contains(partitionColumns, field.Name))
            {
                fields.Add(new Field(field.Name, ToArrow(field.Type, field.Name), field.Nullable));
            }
        }
        return new ArrowSchema(fields);
    }

    public static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (string n in names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public static ArrowType ToArrow(DeltaDataType type, string path) => type switch
    {
        DeltaPrimitiveType p => p.Kind switch
        {
            DeltaPrimitiveKind.String => ArrowType.Utf8,
            DeltaPrimitiveKind.Long => ArrowType.Int64,
            DeltaPrimitiveKind.Integer => ArrowType.Int32,
            DeltaPrimitiveKind.Short => ArrowType.Int16,
            DeltaPrimitiveKind.Byte => ArrowType.Int8,
            DeltaPrimitiveKind.Float => ArrowType.Float32,
            DeltaPrimitiveKind.Double => ArrowType.Float64,
            DeltaPrimitiveKind.Boolean => ArrowType.Boolean,
            DeltaPrimitiveKind.Binary => ArrowType.Binary,
            DeltaPrimitiveKind.Date => ArrowType.Date32,
            DeltaPrimitiveKind.Timestamp => new TimestampType(TimeUnit.Microsecond, "UTC"),
            DeltaPrimitiveKind.TimestampNtz => new TimestampType(TimeUnit.Microsecond),
            _ => throw new DeltaUnsupportedFeatureException(p.TypeName, $"Column '{path}': writing Delta type {p.TypeName} is not supported."),
        },
        DeltaDecimalType d => new DecimalType(d.Precision, d.Scale),
        DeltaArrayType a => new ListType(new Field("element", ToArrow(a.ElementType, path + ".element"), a.ContainsNull)),
        DeltaMapType m => new MapType(
            new Field("key_value", new StructType([
                new Field("key", ToArrow(m.KeyType, path + ".key"), false),
                new Field("value", ToArrow(m.ValueType, path + ".value"), m.ValueContainsNull),
            ]), false)),
        DeltaStructType s => new StructType(ToArrow(s).Fields),
        _ => throw new DeltaUnsupportedFeatureException(type.TypeName, $"Column '{path}': writing Delta type {type.TypeName} is not supported."),
    };

    /// <summary>The Delta schema for an Arrow schema (to create a table from data).</summary>
    public static DeltaStructType FromArrow(ArrowSchema schema)
    {
        var fields = new List<DeltaStructField>(schema.Fields.Count);
        foreach (Field field in schema.Fields)
        {
            fields.Add(new DeltaStructField(field.Name, FromArrow(field.DataType, field.Name), field.IsNullable));
        }
        return new DeltaStructType(fields);
    }

    public static DeltaDataType FromArrow(ArrowType type, string path) => type switch
    {
        BinaryType { IsUtf8: true } => DeltaPrimitiveType.String,
        BinaryType => DeltaPrimitiveType.Binary,
        IntegerType { IsSigned: true, BitWidth: 64 } => DeltaPrimitiveType.Long,
        IntegerType { IsSigned: true, BitWidth: 32 } => DeltaPrimitiveType.Integer,
        IntegerType { IsSigned: true, BitWidth: 16 } => DeltaPrimitiveType.Short,
        IntegerType { IsSigned: true, BitWidth: 8 } => DeltaPrimitiveType.Byte,
        FloatingPointType { BitWidth: 32 } => DeltaPrimitiveType.Float,
        FloatingPointType { BitWidth: 64 } => DeltaPrimitiveType.Double,
        BooleanType => DeltaPrimitiveType.Boolean,
        DateType { TypeId: ArrowTypeId.Date32 } => DeltaPrimitiveType.Date,
        TimestampType { Unit: TimeUnit.Microsecond, HasTimeZone: true } => DeltaPrimitiveType.Timestamp,
        TimestampType { Unit: TimeUnit.Microsecond, HasTimeZone: false } => DeltaPrimitiveType.TimestampNtz,
        DecimalType { DecimalBitWidth: 128 } d when d.Precision <= 38 => new DeltaDecimalType(d.Precision, d.Scale),
        ListType l when l.TypeId == ArrowTypeId.List => new DeltaArrayType(FromArrow(l.ValueType, path + ".element"), l.ValueField.IsNullable),
        MapType m => new DeltaMapType(FromArrow(m.KeyField.DataType, path + ".key"), FromArrow(m.ValueField.DataType, path + ".value"), m.ValueField.IsNullable),
        StructType s => FromArrowStruct(s),
        _ => throw new DeltaUnsupportedFeatureException(type.ToString(),
            $"Column '{path}': Arrow type {type} has no Delta equivalent (use int8/16/32/64, float32/64, bool, utf8, binary, date32, timestamp[us] with or without UTC, decimal128, list, map, struct)."),
    };

    private static DeltaStructType FromArrowStruct(StructType type)
    {
        var fields = new List<DeltaStructField>(type.Fields.Count);
        foreach (Field field in type.Fields)
        {
            fields.Add(new DeltaStructField(field.Name, FromArrow(field.DataType, field.Name), field.IsNullable));
        }
        return new DeltaStructType(fields);
    }
}
