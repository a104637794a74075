using System;
using System.Collections.Generic;

namespace DeltaSharp.Arrow.Types;

/// <summary>
/// Maps: physically a list (int32 offsets) of non-null <c>entries</c> structs with a non-null <c>key</c> field and a
/// <c>value</c> field.
/// </summary>
public sealed class MapType : ArrowType
{
    private readonly Field[] _children;

    /// <summary>Creates a map type from its entries field (a struct of exactly two fields: key, value).</summary>
    public MapType(Field entriesField, bool keysSorted = false)
        : base(ArrowTypeId.Map)
    {
        ArgumentNullException.ThrowIfNull(entriesField);
        if (entriesField.DataType is not StructType s || s.Fields.Count != 2)
        {
            throw new ArgumentException("A map's entries field must be a struct of two fields (key, value).", nameof(entriesField));
        }
        EntriesField = entriesField;
        KeysSorted = keysSorted;
        _children = [entriesField];
    }

    /// <summary>Creates a map type with fields <c>entries: struct&lt;key: K not null, value: V&gt;</c>.</summary>
    public MapType(ArrowType keyType, ArrowType valueType, bool valuesNullable = true, bool keysSorted = false)
        : this(new Field("entries", new StructType([new Field("key", keyType, false), new Field("value", valueType, valuesNullable)]), false), keysSorted)
    {
    }

    /// <summary>The entries field (struct of key and value).</summary>
    public Field EntriesField { get; }

    /// <summary>The key field.</summary>
    public Field KeyField => ((StructType)EntriesField.DataType).Fields[0];

    /// <summary>The value field.</summary>
    public Field ValueField => ((StructType)EntriesField.DataType).Fields[1];

    /// <summary>True when keys within each map are sorted.</summary>
    public bool KeysSorted { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Field> Children => _children;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) => other is MapType m && m.KeysSorted == KeysSorted && m.EntriesField.Equals(EntriesField);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, EntriesField);

    /// <inheritdoc />
    public override string ToString() => "map<" + KeyField.DataType + ", " + ValueField.DataType + (KeysSorted ? ", keys_sorted>" : ">");
}
