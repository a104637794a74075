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
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> stringsByChars;
    private PartitionValueMap? last;

    public PartitionValueInterner()
    {
        stringsByChars = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Scratch arrays the JSON decoder fills with one map's keys and values (reused for every map).</summary>
    internal string?[] KeyScratch { get; set; } = new string?[4];

    /// <summary>See <see cref="KeyScratch"/>.</summary>
    internal string?[] ValueScratch { get; set; } = new string?[4];

    /// <summary>
    /// Returns a shared map equal to the given keys and values (copied when a new map is needed): the previous map
    /// when equal (consecutive actions usually share a partition), else an interned one.
    /// </summary>
    public PartitionValueMap Intern(ReadOnlySpan<string?> keys, ReadOnlySpan<string?> values)
    {
        if (keys.IsEmpty)
        {
            return PartitionValueMap.Empty;
        }
        if (last is not null && last.ContentEquals(keys, values))
        {
            return last;
        }
        var keyArray = new string[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            keyArray[i] = keys[i] ?? throw new ArgumentException("null partition column name", nameof(keys));
        }
        last = Intern(keyArray, values.ToArray());
        return last;
    }

    /// <summary>The string value of the current JSON token (string, number or literal text), shared when an equal
    /// string was seen before: repeated partition values allocate nothing.</summary>
    public string InternUtf8(ref System.Text.Json.Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? default : reader.ValueSpan;
        if (reader.HasValueSequence || reader.ValueIsEscaped || raw.Length > 256)
        {
            string decoded = reader.TokenType == System.Text.Json.JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(raw);
            return InternString(decoded);
        }
        Span<char> chars = stackalloc char[256];
        int length = System.Text.Encoding.UTF8.GetChars(raw, chars);
        if (stringsByChars.TryGetValue(chars[..length], out string? existing))
        {
            return existing;
        }
        return InternString(new string(chars[..length]));
    }

    /// <summary>The string of unescaped UTF-8 <paramref name="utf8"/>, shared when an equal string was seen before:
    /// repeated partition values and keys allocate nothing.</summary>
    public string InternUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256)
        {
            return InternString(System.Text.Encoding.UTF8.GetString(utf8));
        }
        Span<char> chars = stackalloc char[256];
        int length = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        if (stringsByChars.TryGetValue(chars[..length], out string? existing))
        {
            return existing;
        }
        return InternString(new string(chars[..length]));
    }

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

    /// <summary>Returns the shared instance of a string equal to <paramref name="value"/> (the value itself the first
    /// time).</summary>
    public string InternString(string value)
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
