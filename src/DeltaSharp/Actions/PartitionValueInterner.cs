using System;
using System.Collections.Generic;

namespace DeltaSharp.Actions;

/// <summary>
/// Shares equal partition-value maps and their strings during one log replay, so a million files in a hundred
/// partitions hold a hundred maps. It also carries the replay's <see cref="Statistics"/> arena. Not thread-safe: one
/// replay uses one interner.
/// </summary>
internal sealed class PartitionValueInterner
{
    /// <summary>Where this replay's file statistics (UTF-8 JSON) are copied.</summary>
    public ByteArena Statistics { get; } = new();

    private readonly Dictionary<PartitionValueMap, PartitionValueMap> maps = new();
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);

    /// <summary>Returns a shared map equal to the given key/value arrays (which the interner may keep).</summary>
    public PartitionValueMap Intern(string[] keys, string?[] values)
    {
        if (keys.Length == 0)
        {
            return PartitionValueMap.Empty;
        }
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = InternString(keys[i]);
            if (values[i] is string v)
            {
                values[i] = InternString(v);
            }
        }
        var candidate = new PartitionValueMap(keys, values);
        if (maps.TryGetValue(candidate, out PartitionValueMap? existing))
        {
            return existing;
        }
        if (maps.Count < 1_000_000)
        {
            maps.Add(candidate, candidate);
        }
        return candidate;
    }

    private string InternString(string value)
    {
        if (strings.TryGetValue(value, out string? existing))
        {
            return existing;
        }
        if (strings.Count < 1_000_000)
        {
            strings.Add(value, value);
        }
        return value;
    }
}
