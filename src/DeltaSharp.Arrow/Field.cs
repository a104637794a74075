using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>A named, typed column or child: name, data type, nullability and ordered key/value metadata.
/// Immutable; equality is structural (name, type, nullability and metadata in order).</summary>
public sealed class Field : IEquatable<Field>
{
    private static readonly KeyValuePair<string, string>[] NoMetadata = [];
    private readonly KeyValuePair<string, string>[] _metadata;

    /// <summary>Creates a field.</summary>
    /// <param name="name">The name (may be empty, not null).</param>
    /// <param name="dataType">The type.</param>
    /// <param name="nullable">True when values may be null.</param>
    /// <param name="metadata">Key/value metadata in order; null for none.</param>
    public Field(string name, ArrowType dataType, bool nullable = true, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dataType);
        Name = name;
        DataType = dataType;
        IsNullable = nullable;
        _metadata = metadata is null ? NoMetadata : [.. metadata];
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The data type.</summary>
    public ArrowType DataType { get; }

    /// <summary>True when values may be null.</summary>
    public bool IsNullable { get; }

    /// <summary>Key/value metadata in order (empty when none).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata => _metadata;

    /// <summary>The metadata value for <paramref name="key"/>, or null.</summary>
    public string? GetMetadata(string key)
    {
        foreach (KeyValuePair<string, string> pair in _metadata)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }
        return null;
    }

    /// <summary>A copy with another name.</summary>
    public Field WithName(string name) => new(name, DataType, IsNullable, _metadata);

    /// <summary>A copy with another type.</summary>
    public Field WithType(ArrowType dataType) => new(Name, dataType, IsNullable, _metadata);

    /// <summary>A copy with other metadata.</summary>
    public Field WithMetadata(IEnumerable<KeyValuePair<string, string>>? metadata) => new(Name, DataType, IsNullable, metadata);

    /// <inheritdoc />
    public bool Equals(Field? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && IsNullable == other.IsNullable
        && DataType.Equals(other.DataType)
        && MetadataEquals(_metadata, other._metadata);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Field f && Equals(f);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, DataType, IsNullable);

    /// <summary>Renders as <c>name: type</c> (with <c> not null</c> when not nullable).</summary>
    public override string ToString() => Name + ": " + DataType + (IsNullable ? string.Empty : " not null");

    internal static bool MetadataEquals(KeyValuePair<string, string>[] a, KeyValuePair<string, string>[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (int i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || !string.Equals(a[i].Value, b[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
