using System;
using System.Collections.Generic;
using System.Text.Json;

namespace DeltaSharp.Schema;

/// <summary>
/// The type changes the <c>typeWidening</c> feature allows (PROTOCOL.md "Type Widening"), and the reader check that
/// every change recorded in <c>delta.typeChanges</c> is one of them ("Readers must validate that they support all type
/// changes in the delta.typeChanges field ... and fail when finding any unsupported type change"). Pure.
/// </summary>
internal static class TypeWideningRules
{
    /// <summary>True when <paramref name="from"/> → <paramref name="to"/> is a supported widening.</summary>
    public static bool IsSupported(DeltaDataType from, DeltaDataType to)
    {
        int fromRank = IntegerRank(from);
        switch (to)
        {
            case DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long }:
                // Byte -> Short -> Int -> Long
                return fromRank > 0 && fromRank < IntegerRank(to);
            case DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Double }:
                // Float -> Double; Byte, Short or Int -> Double
                return from is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Float } || fromRank is >= 1 and <= 3;
            case DeltaPrimitiveType { Kind: DeltaPrimitiveKind.TimestampNtz }:
                // Date -> Timestamp without timezone
                return from is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Date };
            case DeltaDecimalType target:
                if (from is DeltaDecimalType source)
                {
                    // Decimal(p, s) -> Decimal(p + k1, s + k2) where k1 >= k2 >= 0
                    int k1 = target.Precision - source.Precision;
                    int k2 = target.Scale - source.Scale;
                    return k2 >= 0 && k1 >= k2;
                }
                // The spec: Byte, Short or Int -> Decimal(10 + k1, k2); Long -> Decimal(20 + k1, k2), k1 >= k2 >= 0.
                // Delta Spark allows any decimal wider than the integer's own decimal form (byte = decimal(3,0),
                // short = decimal(5,0)) and writes e.g. byte -> decimal(4,1); reading those is safe, so allow them.
                int digits = fromRank switch { 1 => 3, 2 => 5, 3 => 10, 4 => 20, _ => -1 };
                return digits > 0 && target.Precision - target.Scale >= digits;
            default:
                return false;
        }
    }

    /// <summary>Throws when a field's <c>delta.typeChanges</c> records a change this reader cannot apply.</summary>
    /// <exception cref="DeltaUnsupportedFeatureException">An unsupported (or unparsable) type change, naming the column.</exception>
    public static void Validate(DeltaSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (DeltaStructField field in schema.Fields)
        {
            Validate(field, field.Name);
        }
    }

    private static void Validate(DeltaStructField field, string path)
    {
        if (field.Metadata.TryGetValue(DeltaStructField.TypeChangesKey, out JsonElement changes))
        {
            ValidateChanges(changes, path);
        }
        ValidateNested(field.Type, path);
    }

    private static void ValidateNested(DeltaDataType type, string path)
    {
        switch (type)
        {
            case DeltaStructType structType:
                foreach (DeltaStructField child in structType.Fields)
                {
                    Validate(child, path + "." + child.Name);
                }
                break;
            case DeltaArrayType array:
                ValidateNested(array.ElementType, path + ".element");
                break;
            case DeltaMapType map:
                ValidateNested(map.KeyType, path + ".key");
                ValidateNested(map.ValueType, path + ".value");
                break;
        }
    }

    private static void ValidateChanges(JsonElement changes, string path)
    {
        if (changes.ValueKind == JsonValueKind.String)
        {
            // Some writers store the list as a JSON string.
            using JsonDocument document = JsonDocument.Parse(changes.GetString() ?? "[]");
            ValidateChanges(document.RootElement.Clone(), path);
            return;
        }
        if (changes.ValueKind != JsonValueKind.Array)
        {
            throw Unsupported(path, "its delta.typeChanges is not a list");
        }
        foreach (JsonElement change in changes.EnumerateArray())
        {
            if (change.ValueKind != JsonValueKind.Object ||
                !change.TryGetProperty("fromType", out JsonElement fromText) || fromText.ValueKind != JsonValueKind.String ||
                !change.TryGetProperty("toType", out JsonElement toText) || toText.ValueKind != JsonValueKind.String)
            {
                throw Unsupported(path, "a delta.typeChanges entry has no fromType/toType");
            }
            string where = change.TryGetProperty("fieldPath", out JsonElement fieldPath) && fieldPath.ValueKind == JsonValueKind.String
                ? path + "." + fieldPath.GetString()
                : path;
            DeltaDataType from;
            DeltaDataType to;
            try
            {
                from = DeltaSchema.ParseTypeName(fromText.GetString()!, where);
                to = DeltaSchema.ParseTypeName(toText.GetString()!, where);
            }
            catch (Exception ex) when (ex is FormatException or DeltaUnsupportedFeatureException)
            {
                throw Unsupported(where, $"its type change {fromText.GetString()} -> {toText.GetString()} names an unknown type");
            }
            if (!IsSupported(from, to))
            {
                throw Unsupported(where, $"its type change {from} -> {to} is not a supported widening");
            }
        }
    }

    private static int IntegerRank(DeltaDataType type) => type switch
    {
        DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Byte } => 1,
        DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Short } => 2,
        DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Integer } => 3,
        DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Long } => 4,
        _ => 0,
    };

    private static DeltaUnsupportedFeatureException Unsupported(string path, string what) =>
        new("typeWidening", $"Column '{path}' cannot be read: {what} (PROTOCOL.md \"Type Widening\").");
}
