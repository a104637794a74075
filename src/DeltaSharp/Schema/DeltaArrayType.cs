using System;

namespace DeltaSharp.Schema;

/// <summary><c>array</c>: a list of <see cref="ElementType"/> values.</summary>
public sealed class DeltaArrayType : DeltaDataType, IEquatable<DeltaArrayType>
{
    /// <summary>Creates the type.</summary>
    public DeltaArrayType(DeltaDataType elementType, bool containsNull)
    {
        ElementType = elementType ?? throw new ArgumentNullException(nameof(elementType));
        ContainsNull = containsNull;
    }

    /// <summary>The element type.</summary>
    public DeltaDataType ElementType { get; }

    /// <summary>Whether elements may be null.</summary>
    public bool ContainsNull { get; }

    /// <inheritdoc />
    public override string TypeName => "array";

    /// <inheritdoc />
    public bool Equals(DeltaArrayType? other) => other is not null && other.ContainsNull == ContainsNull && other.ElementType.Equals(ElementType);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeltaArrayType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ElementType, ContainsNull);

    /// <inheritdoc />
    public override string ToString() => $"array<{ElementType}>";
}
