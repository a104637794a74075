using System;

namespace DeltaSharp.Arrow.Types;

/// <summary>Dictionary-encoded values: integer indices (the array's own buffers) into a dictionary array of
/// <see cref="ValueType"/> (<see cref="ArrayData.Dictionary"/>).</summary>
public sealed class DictionaryType : ArrowType
{
    /// <summary>Creates a dictionary type.</summary>
    public DictionaryType(IntegerType indexType, ArrowType valueType, bool ordered = false)
        : base(ArrowTypeId.Dictionary)
    {
        ArgumentNullException.ThrowIfNull(indexType);
        ArgumentNullException.ThrowIfNull(valueType);
        IndexType = indexType;
        ValueType = valueType;
        Ordered = ordered;
    }

    /// <summary>The index type.</summary>
    public IntegerType IndexType { get; }

    /// <summary>The dictionary value type.</summary>
    public ArrowType ValueType { get; }

    /// <summary>True when the dictionary order is meaningful.</summary>
    public bool Ordered { get; }

    /// <inheritdoc />
    public override int BitWidth => IndexType.BitWidth;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) =>
        other is DictionaryType d && d.Ordered == Ordered && d.IndexType.Equals(IndexType) && d.ValueType.Equals(ValueType);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, IndexType, ValueType);

    /// <inheritdoc />
    public override string ToString() => "dictionary<values=" + ValueType + ", indices=" + IndexType + (Ordered ? ", ordered>" : ">");
}
