using System;

namespace DeltaSharp.Schema;

/// <summary><c>map</c>: key/value pairs; keys are never null.</summary>
public sealed class DeltaMapType : DeltaDataType, IEquatable<DeltaMapType>
{
    /// <summary>Creates the type.</summary>
    public DeltaMapType(DeltaDataType keyType, DeltaDataType valueType, bool valueContainsNull)
    {
        KeyType = keyType ?? throw new ArgumentNullException(nameof(keyType));
        ValueType = valueType ?? throw new ArgumentNullException(nameof(valueType));
        ValueContainsNull = valueContainsNull;
    }

    /// <summary>The key type.</summary>
    public DeltaDataType KeyType { get; }

    /// <summary>The value type.</summary>
    public DeltaDataType ValueType { get; }

    /// <summary>Whether values may be null.</summary>
    public bool ValueContainsNull { get; }

    /// <inheritdoc />
    public override string TypeName => "map";

    /// <inheritdoc />
    public bool Equals(DeltaMapType? other) =>
        other is not null && other.ValueContainsNull == ValueContainsNull && other.KeyType.Equals(KeyType) && other.ValueType.Equals(ValueType);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeltaMapType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(KeyType, ValueType, ValueContainsNull);

    /// <inheritdoc />
    public override string ToString() => $"map<{KeyType},{ValueType}>";
}
