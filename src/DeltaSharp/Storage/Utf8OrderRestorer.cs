using System;
using System.Collections.Generic;

namespace DeltaSharp.Storage;

/// <summary>
/// Turns a key stream sorted in UTF-16 code-unit order (or already in UTF-8 byte order) into UTF-8 byte order,
/// streaming. The two orders differ only where a surrogate pair (U+10000 and above) meets a character in
/// U+E000..U+FFFF at the same position after a common prefix; only keys in such a group are held back.
/// </summary>
/// <remarks>
/// Feed keys with <see cref="Add"/> in source order and drain with <see cref="TryTake"/> after each one; after the
/// source ends, drain with <see cref="TryTakeRemaining"/>. A buffered key K is released once the source has moved
/// past every prefix K[0..p) at which K has a surrogate: from then on no source key can sort before K in UTF-8.
/// Memory is bounded by the largest such group (normally zero or one key). Not thread-safe.
/// </remarks>
internal sealed class Utf8OrderRestorer<T>
{
    private readonly Func<T, string> keyOf;
    private readonly List<T> buffer = new();
    private readonly Comparison<T> comparison;
    private string? last;

    public Utf8OrderRestorer(Func<T, string> keyOf)
    {
        this.keyOf = keyOf;
        comparison = (a, b) => Utf8KeyComparer.CompareSpans(keyOf(a), keyOf(b));
    }

    public int Buffered => buffer.Count;

    public void Add(T item)
    {
        string key = keyOf(item);
        last = key;
        int index = buffer.Count;
        if (index > 0 && comparison(buffer[index - 1], item) > 0)
        {
            index = buffer.BinarySearch(item, Comparer<T>.Create(comparison));
            index = index < 0 ? ~index : index;
        }
        buffer.Insert(index, item);
    }

    /// <summary>Takes the smallest buffered item when no later source key can precede it.</summary>
    public bool TryTake(out T item)
    {
        if (buffer.Count > 0 && IsSettled(keyOf(buffer[0]), last!))
        {
            item = buffer[0];
            buffer.RemoveAt(0);
            return true;
        }
        item = default!;
        return false;
    }

    /// <summary>Takes the smallest buffered item; call only after the source ended.</summary>
    public bool TryTakeRemaining(out T item)
    {
        if (buffer.Count > 0)
        {
            item = buffer[0];
            buffer.RemoveAt(0);
            return true;
        }
        item = default!;
        return false;
    }

    private static bool IsSettled(string key, string lastSeen)
    {
        ReadOnlySpan<char> span = key;
        int offset = 0;
        while (true)
        {
            int found = span[offset..].IndexOfAnyInRange('\uD800', '\uDBFF');
            if (found < 0)
            {
                return true;
            }
            int position = offset + found;
            if (lastSeen.AsSpan().StartsWith(span[..position]))
            {
                return false;
            }
            offset = position + 1;
        }
    }
}
