using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace DeltaSharp.Actions;

/// <summary>
/// A small immutable string map for partition values and tags: two parallel arrays, linear lookup (partition
/// column counts are small). Instances with equal content are shared through <see cref="PartitionValueInterner"/>.
/// </summary>
internal sealed class PartitionValueMap : IReadOnlyDictionary<string, string?>, IEquatable<PartitionValueMap>
{
    public static readonly PartitionValueMap Empty = new(Array.Empty<string>(), Array.Empty<string?>());

    private readonly string[] keys;
    private readonly string?[] values;
    private readonly int hash;

    public PartitionValueMap(string[] keys, string?[] values)
    {
        this.keys = keys;
        this.values = values;
        var h = new HashCode();
        for (int i = 0; i < keys.Length; i++)
        {
            h.Add(keys[i], StringComparer.Ordinal);
            h.Add(values[i], StringComparer.Ordinal);
        }
        hash = h.ToHashCode();
    }

    public int Count => keys.Length;

    public IEnumerable<string> Keys => keys;

    public IEnumerable<string?> Values => values;

    public string? this[string key] => TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"No partition value for '{key}'.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            value = null;
            return false;
        }
        value = values[index];
        return true;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator()
    {
        for (int i = 0; i < keys.Length; i++)
        {
            yield return new KeyValuePair<string, string?>(keys[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(PartitionValueMap? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other.hash != hash || other.keys.Length != keys.Length)
        {
            return false;
        }
        for (int i = 0; i < keys.Length; i++)
        {
            if (!string.Equals(keys[i], other.keys[i], StringComparison.Ordinal) || !string.Equals(values[i], other.values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when this map holds exactly these keys and values, in this order.</summary>
    public bool ContentEquals(ReadOnlySpan<string?> otherKeys, ReadOnlySpan<string?> otherValues)
    {
        if (otherKeys.Length != keys.Length)
        {
            return false;
        }
        for (int i = 0; i < keys.Length; i++)
        {
            if (!string.Equals(keys[i], otherKeys[i], StringComparison.Ordinal) || !string.Equals(values[i], otherValues[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is PartitionValueMap other && Equals(other);

    public override int GetHashCode() => hash;

    private int IndexOf(string key)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
