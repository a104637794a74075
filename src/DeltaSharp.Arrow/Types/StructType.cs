using System;
using System.Collections.Generic;
using System.Text;

namespace DeltaSharp.Arrow.Types;

/// <summary>Rows of named child fields.</summary>
public sealed class StructType : ArrowType
{
    private readonly Field[] _fields;

    /// <summary>Creates a struct type with the given fields (in order).</summary>
    public StructType(IEnumerable<Field> fields)
        : base(ArrowTypeId.Struct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [.. fields];
        foreach (Field f in _fields)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(fields));
        }
    }

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<Field> Fields => _fields;

    /// <inheritdoc />
    public override IReadOnlyList<Field> Children => _fields;

    /// <summary>Index of the first field named <paramref name="name"/> (ordinal), or -1.</summary>
    public int GetFieldIndex(string name)
    {
        for (int i = 0; i < _fields.Length; i++)
        {
            if (string.Equals(_fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <inheritdoc />
    public override bool Equals(ArrowType? other)
    {
        if (other is not StructType s || s._fields.Length != _fields.Length)
        {
            return false;
        }
        for (int i = 0; i < _fields.Length; i++)
        {
            if (!_fields[i].Equals(s._fields[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, _fields.Length);

    /// <inheritdoc />
    public override string ToString()
    {
        StringBuilder sb = new("struct<");
        for (int i = 0; i < _fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(_fields[i]);
        }
        return sb.Append('>').ToString();
    }
}
