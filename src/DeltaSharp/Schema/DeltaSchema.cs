using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace DeltaSharp.Schema;

/// <summary>
/// A table schema: the root struct of a Delta schema, parsed from and serialized to the schema JSON of
/// PROTOCOL.md "Schema Serialization Format". Immutable and thread-safe.
/// </summary>
public sealed class DeltaSchema : IEquatable<DeltaSchema>
{
    /// <summary>Wraps a root struct.</summary>
    public DeltaSchema(DeltaStructType root)
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
    }

    /// <summary>The root struct.</summary>
    public DeltaStructType Root { get; }

    /// <summary>The top-level fields in order.</summary>
    public IReadOnlyList<DeltaStructField> Fields => Root.Fields;

    /// <summary>Finds a top-level field (exact name first, then case-insensitively); null when absent.</summary>
    public DeltaStructField? FindField(string name) => Root.FindField(name);

    /// <summary>Parses Delta schema JSON (the <c>schemaString</c> of a <c>metaData</c> action).</summary>
    /// <exception cref="FormatException">The text is not a valid Delta schema (names what is wrong).</exception>
    /// <exception cref="DeltaUnsupportedFeatureException">A type name DeltaSharp does not know.</exception>
    public static DeltaSchema Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Schema is not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            DeltaDataType type = ParseType(document.RootElement, "schema");
            return type is DeltaStructType root ? new DeltaSchema(root) : throw new FormatException("Schema JSON root is not a struct type.");
        }
    }

    /// <summary>Serializes to Delta schema JSON (compact).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteType(writer, Root);
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <inheritdoc />
    public bool Equals(DeltaSchema? other) => other is not null && other.Root.Equals(Root);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeltaSchema other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Root.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Root.ToString();

    private static DeltaDataType ParseType(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return ParseSimpleType(element.GetString()!, where);
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Type of {where} is neither a type name nor a type object.");
        }
        string kind = RequiredString(element, "type", where);
        switch (kind)
        {
            case "struct":
            {
                if (!element.TryGetProperty("fields", out JsonElement fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"Struct type of {where} has no 'fields' array.");
                }
                var fields = new List<DeltaStructField>();
                foreach (JsonElement fieldElement in fieldsElement.EnumerateArray())
                {
                    fields.Add(ParseField(fieldElement, where));
                }
                try
                {
                    return new DeltaStructType(fields);
                }
                catch (ArgumentException ex)
                {
                    throw new FormatException($"Struct type of {where}: {ex.Message}", ex);
                }
            }
            case "array":
            {
                if (!element.TryGetProperty("elementType", out JsonElement elementType))
                {
                    throw new FormatException($"Array type of {where} has no 'elementType'.");
                }
                bool containsNull = OptionalBool(element, "containsNull") ?? true;
                return new DeltaArrayType(ParseType(elementType, where + ".element"), containsNull);
            }
            case "map":
            {
                if (!element.TryGetProperty("keyType", out JsonElement keyType) || !element.TryGetProperty("valueType", out JsonElement valueType))
                {
                    throw new FormatException($"Map type of {where} needs 'keyType' and 'valueType'.");
                }
                bool valueContainsNull = OptionalBool(element, "valueContainsNull") ?? true;
                return new DeltaMapType(ParseType(keyType, where + ".key"), ParseType(valueType, where + ".value"), valueContainsNull);
            }
            default:
                return ParseSimpleType(kind, where);
        }
    }

    private static DeltaStructField ParseField(JsonElement element, string parent)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"A field of {parent} is not an object.");
        }
        string name = RequiredString(element, "name", parent);
        string where = parent == "schema" ? name : parent + "." + name;
        if (!element.TryGetProperty("type", out JsonElement typeElement))
        {
            throw new FormatException($"Field '{where}' has no 'type'.");
        }
        DeltaDataType type = ParseType(typeElement, where);
        bool nullable = OptionalBool(element, "nullable") ?? true;
        Dictionary<string, JsonElement>? metadata = null;
        if (element.TryGetProperty("metadata", out JsonElement metadataElement) && metadataElement.ValueKind == JsonValueKind.Object)
        {
            metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty property in metadataElement.EnumerateObject())
            {
                metadata[property.Name] = property.Value.Clone();
            }
        }
        return new DeltaStructField(name, type, nullable, metadata);
    }

    /// <summary>Parses a primitive or decimal type name (<c>integer</c>, <c>decimal(10, 2)</c>).</summary>
    /// <exception cref="FormatException">A malformed decimal.</exception>
    /// <exception cref="DeltaUnsupportedFeatureException">An unknown type name.</exception>
    internal static DeltaDataType ParseTypeName(string name, string where) => ParseSimpleType(name, where);

    private static DeltaDataType ParseSimpleType(string name, string where)
    {
        if (DeltaPrimitiveType.TryParse(name, out DeltaPrimitiveType? primitive))
        {
            return primitive!;
        }
        string trimmed = name.Trim();
        if (trimmed == "decimal")
        {
            return new DeltaDecimalType(10, 0);
        }
        if (trimmed.StartsWith("decimal(", StringComparison.Ordinal) && trimmed.EndsWith(')'))
        {
            string inner = trimmed.Substring("decimal(".Length, trimmed.Length - "decimal(".Length - 1);
            int comma = inner.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 &&
                int.TryParse(inner.AsSpan(0, comma).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int precision) &&
                int.TryParse(inner.AsSpan(comma + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int scale) &&
                precision is >= 1 and <= 38 && scale >= 0 && scale <= precision)
            {
                return new DeltaDecimalType(precision, scale);
            }
            throw new FormatException($"Invalid decimal type '{name}' of {where}.");
        }
        throw new DeltaUnsupportedFeatureException(name, $"Column {where} has type '{name}', which DeltaSharp does not support.");
    }

    private static string RequiredString(JsonElement element, string property, string where)
    {
        if (element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }
        throw new FormatException($"Missing string '{property}' in {where}.");
    }

    private static bool? OptionalBool(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out JsonElement value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new FormatException($"'{property}' is not a boolean."),
        };
    }

    private static void WriteType(Utf8JsonWriter writer, DeltaDataType type)
    {
        switch (type)
        {
            case DeltaStructType structType:
                writer.WriteStartObject();
                writer.WriteString("type", "struct");
                writer.WriteStartArray("fields");
                foreach (DeltaStructField field in structType.Fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WritePropertyName("type");
                    WriteType(writer, field.Type);
                    writer.WriteBoolean("nullable", field.Nullable);
                    writer.WriteStartObject("metadata");
                    foreach (KeyValuePair<string, JsonElement> entry in field.Metadata)
                    {
                        writer.WritePropertyName(entry.Key);
                        entry.Value.WriteTo(writer);
                    }
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case DeltaArrayType arrayType:
                writer.WriteStartObject();
                writer.WriteString("type", "array");
                writer.WritePropertyName("elementType");
                WriteType(writer, arrayType.ElementType);
                writer.WriteBoolean("containsNull", arrayType.ContainsNull);
                writer.WriteEndObject();
                break;
            case DeltaMapType mapType:
                writer.WriteStartObject();
                writer.WriteString("type", "map");
                writer.WritePropertyName("keyType");
                WriteType(writer, mapType.KeyType);
                writer.WritePropertyName("valueType");
                WriteType(writer, mapType.ValueType);
                writer.WriteBoolean("valueContainsNull", mapType.ValueContainsNull);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(type.TypeName);
                break;
        }
    }
}
