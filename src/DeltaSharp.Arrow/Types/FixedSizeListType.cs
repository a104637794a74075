using System;
using System.Collections.Generic;
using System.Globalization;

namespace DeltaSharp.Arrow.Types;

/// <summary>Lists of exactly <see cref="ListSize"/> values each.</summary>
public sealed class FixedSizeListType : ArrowType
{
    private readonly Field[] _children;

    /// <summary>Creates a fixed-size list type.</summary>
    public FixedSizeListType(Field valueField, int listSize)
        : base(ArrowTypeId.FixedSizeList)
    {
        ArgumentNullException.ThrowIfNull(valueField);
        ArgumentOutOfRangeException.ThrowIfNegative(listSize);
        ValueField = valueField;
        ListSize = listSize;
        _children = [valueField];
    }

    /// <summary>The item field.</summary>
    public Field ValueField { get; }

    /// <summary>The item type.</summary>
    public ArrowType ValueType => ValueField.DataType;

    /// <summary>Values per list.</summary>
    public int ListSize { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Field> Children => _children;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) => other is FixedSizeListType t && t.ListSize == ListSize && t.ValueField.Equals(ValueField);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, ListSize, ValueField);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"fixed_size_list<{ValueField}>[{ListSize}]");
}
