using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace DeltaSharp.Schema;

/// <summary>
/// One field of a struct: logical name, type, nullability and column metadata (PROTOCOL.md "Struct Field",
/// "Column Metadata"). Immutable.
/// </summary>
public sealed class DeltaStructField : IEquatable<DeltaStructField>
{
    /// <summary>Metadata key of the column mapping id.</summary>
    public const string ColumnMappingIdKey = "delta.columnMapping.id";

    /// <summary>Metadata key of the column mapping physical name.</summary>
    public const string PhysicalNameKey = "delta.columnMapping.physicalName";

    /// <summary>Metadata key of the type widening history.</summary>
    public const string TypeChangesKey = "delta.typeChanges";

    private static readonly IReadOnlyDictionary<string, JsonElement> NoMetadata = new Dictionary<string, JsonElement>();

    /// <summary>Creates a field.</summary>
    /// <param name="name">The logical column name.</param>
    /// <param name="type">The column type.</param>
    /// <param name="nullable">Whether the column may hold nulls.</param>
    /// <param name="metadata">Column metadata (values are JSON values); null = none.</param>
    public DeltaStructField(string name, DeltaDataType type, bool nullable, IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Type = type ?? throw new ArgumentNullException(nameof(type));
        Nullable = nullable;
        Metadata = metadata ?? NoMetadata;
    }

    /// <summary>The logical column name.</summary>
    public string Name { get; }

    /// <summary>The column type.</summary>
    public DeltaDataType Type { get; }

    /// <summary>Whether the column may hold nulls.</summary>
    public bool Nullable { get; }

    /// <summary>Column metadata: key → JSON value.</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; }

    /// <summary>The column mapping id (<c>delta.columnMapping.id</c>), the Parquet field id in id mode; null when absent.</summary>
    public long? ColumnMappingId =>
        Metadata.TryGetValue(ColumnMappingIdKey, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long id) ? id : null;

    /// <summary>The physical name (<c>delta.columnMapping.physicalName</c>), or null when absent.</summary>
    public string? PhysicalName =>
        Metadata.TryGetValue(PhysicalNameKey, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// The name of the column in data files: the physical name when the table uses column mapping (name or id mode)
    /// and the field has one, else the logical name.
    /// </summary>
    public string GetPhysicalName(ColumnMappingMode mode) => mode != ColumnMappingMode.None && PhysicalName is string physical ? physical : Name;

    /// <inheritdoc />
    public bool Equals(DeltaStructField? other)
    {
        if (other is null || other.Name != Name || other.Nullable != Nullable || !other.Type.Equals(Type) || other.Metadata.Count != Metadata.Count)
        {
            return false;
        }
        foreach (KeyValuePair<string, JsonElement> entry in Metadata)
        {
            if (!other.Metadata.TryGetValue(entry.Key, out JsonElement value) || !JsonElement.DeepEquals(value, entry.Value))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeltaStructField other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type, Nullable);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Type}{(Nullable ? string.Empty : " not null")}");
}
