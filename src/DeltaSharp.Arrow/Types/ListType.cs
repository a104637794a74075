using System;
using System.Collections.Generic;

namespace DeltaSharp.Arrow.Types;

/// <summary>Variable-length lists of <see cref="ValueField"/> values, with int32 offsets
/// (<see cref="ArrowTypeId.List"/>) or int64 offsets (<see cref="ArrowTypeId.LargeList"/>).</summary>
public sealed class ListType : ArrowType
{
    private readonly Field[] _children;

    /// <summary>Creates a list type whose item field is <paramref name="valueField"/>.</summary>
    public ListType(Field valueField, bool isLarge = false)
        : base(isLarge ? ArrowTypeId.LargeList : ArrowTypeId.List)
    {
        ArgumentNullException.ThrowIfNull(valueField);
        ValueField = valueField;
        _children = [valueField];
    }

    /// <summary>Creates a list type with a nullable item field named <c>item</c>.</summary>
    public ListType(ArrowType valueType, bool isLarge = false)
        : this(new Field("item", valueType, true), isLarge)
    {
    }

    /// <summary>The item field.</summary>
    public Field ValueField { get; }

    /// <summary>The item type.</summary>
    public ArrowType ValueType => ValueField.DataType;

    /// <summary>True for int64 offsets.</summary>
    public bool IsLarge => TypeId == ArrowTypeId.LargeList;

    /// <inheritdoc />
    public override IReadOnlyList<Field> Children => _children;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) => other is ListType t && t.TypeId == TypeId && t.ValueField.Equals(ValueField);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, ValueField);

    /// <inheritdoc />
    public override string ToString() => (IsLarge ? "large_list<" : "list<") + ValueField + ">";
}
