using System;
using System.Collections.Generic;
using System.Text;

namespace DeltaSharp.Schema;

/// <summary><c>struct</c>: an ordered list of named fields. Immutable.</summary>
public sealed class DeltaStructType : DeltaDataType, IEquatable<DeltaStructType>
{
    private readonly DeltaStructField[] fields;
    private readonly Dictionary<string, int> indexByName;

    /// <summary>Creates a struct; field names must be unique (case-insensitively, as Delta requires).</summary>
    /// <exception cref="ArgumentException">Two fields share a name.</exception>
    public DeltaStructType(IEnumerable<DeltaStructField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        this.fields = new List<DeltaStructField>(fields).ToArray();
        indexByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < this.fields.Length; i++)
        {
            if (!indexByName.TryAdd(this.fields[i].Name, i))
            {
                throw new ArgumentException($"Duplicate field name '{this.fields[i].Name}' in struct.", nameof(fields));
            }
        }
    }

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<DeltaStructField> Fields => fields;

    /// <inheritdoc />
    public override string TypeName => "struct";

    /// <summary>Finds a field by name: an exact match first, then case-insensitively (Delta names are case-insensitive).</summary>
    public DeltaStructField? FindField(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (DeltaStructField field in fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                return field;
            }
        }
        return indexByName.TryGetValue(name, out int index) ? fields[index] : null;
    }

    /// <summary>The index of the field named <paramref name="name"/> (see <see cref="FindField"/>), or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < fields.Length; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return indexByName.TryGetValue(name, out int index) ? index : -1;
    }

    /// <inheritdoc />
    public bool Equals(DeltaStructType? other)
    {
        if (other is null || other.fields.Length != fields.Length)
        {
            return false;
        }
        for (int i = 0; i < fields.Length; i++)
        {
            if (!fields[i].Equals(other.fields[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeltaStructType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (DeltaStructField field in fields)
        {
            hash.Add(field);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder("struct<");
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            text.Append(fields[i]);
        }
        return text.Append('>').ToString();
    }
}
