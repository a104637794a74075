using System;
using System.Collections.Generic;
using System.Text.Json;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Schema;

/// <summary>
/// Converts Delta schemas to Arrow schemas (PROTOCOL.md "Schema Serialization Format" → Arrow Columnar format).
/// </summary>
/// <remarks>
/// Type mapping: string → utf8; long/integer/short/byte → int64/32/16/8; float/double → float32/64; boolean;
/// binary; date → date32; timestamp → timestamp[us, UTC]; timestamp_ntz → timestamp[us] (no zone);
/// decimal(p,s) → decimal128(p,s); void → null; array → list (item field <c>element</c>); map → map
/// (<c>key</c> non-null, <c>value</c>); struct → struct; variant → struct&lt;metadata: binary, value: binary&gt;
/// (both non-null), the unshredded form of the Variant type. Column metadata is carried as Arrow field metadata:
/// string values as they are, other JSON values as their JSON text. Pure and thread-safe.
/// </remarks>
public static class DeltaArrowSchema
{
    /// <summary>Arrow field metadata key holding the Parquet field id (the column mapping id), as Arrow writers use.</summary>
    public const string ParquetFieldIdKey = "PARQUET:field_id";

    /// <summary>The Arrow schema of the table's logical columns (logical names).</summary>
    public static Arrow.Schema ToArrow(DeltaSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new Arrow.Schema(ToFields(schema.Root, physical: false, ColumnMappingMode.None));
    }

    /// <summary>
    /// The Arrow schema of the columns as stored in data files: physical names under column mapping, and the
    /// column mapping id as <see cref="ParquetFieldIdKey"/> metadata (used to match Parquet field ids in id mode).
    /// </summary>
    public static Arrow.Schema ToPhysicalArrow(DeltaSchema schema, ColumnMappingMode mode)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new Arrow.Schema(ToFields(schema.Root, physical: true, mode));
    }

    /// <summary>The Arrow type of a Delta type (logical names for nested fields).</summary>
    public static ArrowType ToArrowType(DeltaDataType type) => ToArrowType(type, physical: false, ColumnMappingMode.None);

    /// <summary>The Arrow field of a Delta struct field (logical name).</summary>
    public static Field ToArrowField(DeltaStructField field) => ToField(field, physical: false, ColumnMappingMode.None);

    /// <summary>
    /// The Delta struct for an Arrow schema (creating a table from data, schema evolution): utf8/large/view →
    /// string, binary forms → binary, signed int8..64 → byte/short/integer/long, float32/64 → float/double, bool,
    /// date32 → date, timestamp[us] with a time zone → timestamp, without → timestamp_ntz, decimal128(p ≤ 38) →
    /// decimal, list → array, map → map, struct → struct; field nullability is kept.
    /// </summary>
    /// <exception cref="DeltaUnsupportedFeatureException">A type with no Delta equivalent (names the column).</exception>
    public static DeltaStructType FromArrow(Arrow.Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new List<DeltaStructField>(schema.Fields.Count);
        foreach (Field field in schema.Fields)
        {
            fields.Add(new DeltaStructField(field.Name, FromArrowType(field.DataType, field.Name), field.IsNullable));
        }
        return new DeltaStructType(fields);
    }

    /// <summary>The Delta type of an Arrow type (see <see cref="FromArrow(Arrow.Schema)"/>); <paramref name="path"/>
    /// names the column in errors.</summary>
    /// <exception cref="DeltaUnsupportedFeatureException">A type with no Delta equivalent.</exception>
    public static DeltaDataType FromArrowType(ArrowType type, string path) => type switch
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
        ListType l when l.TypeId == ArrowTypeId.List => new DeltaArrayType(FromArrowType(l.ValueType, path + ".element"), l.ValueField.IsNullable),
        MapType m => new DeltaMapType(FromArrowType(m.KeyField.DataType, path + ".key"), FromArrowType(m.ValueField.DataType, path + ".value"), m.ValueField.IsNullable),
        StructType s => FromArrowStruct(s, path),
        _ => throw new DeltaUnsupportedFeatureException(type.ToString(),
            $"Column '{path}': Arrow type {type} has no Delta equivalent (use int8/16/32/64, float32/64, bool, utf8, binary, date32, timestamp[us] with or without a time zone, decimal128, list, map, struct)."),
    };

    private static DeltaStructType FromArrowStruct(StructType type, string path)
    {
        var fields = new List<DeltaStructField>(type.Fields.Count);
        foreach (Field field in type.Fields)
        {
            fields.Add(new DeltaStructField(field.Name, FromArrowType(field.DataType, path + "." + field.Name), field.IsNullable));
        }
        return new DeltaStructType(fields);
    }

    /// <summary>The Arrow type of the variant representation: struct&lt;metadata: binary not null, value: binary not null&gt;.</summary>
    public static StructType VariantStructType { get; } = new(new[]
    {
        new Field("metadata", ArrowType.Binary, nullable: false),
        new Field("value", ArrowType.Binary, nullable: false),
    });

    private static List<Field> ToFields(DeltaStructType type, bool physical, ColumnMappingMode mode)
    {
        var fields = new List<Field>(type.Fields.Count);
        foreach (DeltaStructField field in type.Fields)
        {
            fields.Add(ToField(field, physical, mode));
        }
        return fields;
    }

    private static Field ToField(DeltaStructField field, bool physical, ColumnMappingMode mode)
    {
        var metadata = new List<KeyValuePair<string, string>>(field.Metadata.Count + 1);
        foreach (KeyValuePair<string, JsonElement> entry in field.Metadata)
        {
            string value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            metadata.Add(new KeyValuePair<string, string>(entry.Key, value));
        }
        if (physical && mode == ColumnMappingMode.Id && field.ColumnMappingId is long id)
        {
            metadata.Add(new KeyValuePair<string, string>(ParquetFieldIdKey, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        string name = physical ? field.GetPhysicalName(mode) : field.Name;
        return new Field(name, ToArrowType(field.Type, physical, mode), field.Nullable, metadata);
    }

    private static ArrowType ToArrowType(DeltaDataType type, bool physical, ColumnMappingMode mode)
    {
        switch (type)
        {
            case DeltaPrimitiveType primitive:
                return primitive.Kind switch
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
                    DeltaPrimitiveKind.Variant => VariantStructType,
                    DeltaPrimitiveKind.Void => ArrowType.Null,
                    _ => throw new ArgumentOutOfRangeException(nameof(type), primitive.Kind, "Unknown primitive type."),
                };
            case DeltaDecimalType decimalType:
                return new DecimalType(decimalType.Precision, decimalType.Scale, 128);
            case DeltaArrayType arrayType:
                return new ListType(new Field("element", ToArrowType(arrayType.ElementType, physical, mode), arrayType.ContainsNull));
            case DeltaMapType mapType:
                return new MapType(ToArrowType(mapType.KeyType, physical, mode), ToArrowType(mapType.ValueType, physical, mode), mapType.ValueContainsNull);
            case DeltaStructType structType:
                return new StructType(ToFields(structType, physical, mode));
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown Delta type.");
        }
    }
}
