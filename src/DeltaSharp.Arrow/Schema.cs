using System;
using System.Collections.Generic;
using System.Text;

namespace DeltaSharp.Arrow;

/// <summary>An ordered list of top-level fields plus schema-level key/value metadata. Immutable; structural
/// equality.</summary>
public sealed class Schema : IEquatable<Schema>
{
    private readonly Field[] _fields;
    private readonly KeyValuePair<string, string>[] _metadata;

    /// <summary>Creates a schema.</summary>
    public Schema(IEnumerable<Field> fields, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [.. fields];
        foreach (Field f in _fields)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(fields));
        }
        _metadata = metadata is null ? [] : [.. metadata];
    }

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<Field> Fields => _fields;

    /// <summary>Schema metadata in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata => _metadata;

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
    public bool Equals(Schema? other)
    {
        if (other is null || other._fields.Length != _fields.Length || !Field.MetadataEquals(_metadata, other._metadata))
        {
            return false;
        }
        for (int i = 0; i < _fields.Length; i++)
        {
            if (!_fields[i].Equals(other._fields[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Schema s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode() => _fields.Length;

    /// <summary>One field per line.</summary>
    public override string ToString()
    {
        StringBuilder sb = new();
        foreach (Field f in _fields)
        {
            sb.Append(f).Append('\n');
        }
        return sb.ToString();
    }
}
