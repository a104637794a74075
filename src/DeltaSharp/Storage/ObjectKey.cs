using System;

namespace DeltaSharp.Storage;

/// <summary>Validation of keys and prefixes shared by every store, so all stores accept exactly the same keys.</summary>
internal static class ObjectKey
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a valid object key: non-empty,
    /// '/'-separated, no leading or trailing '/', no empty, "." or ".." segment, no NUL.
    /// </summary>
    public static void Validate(string key, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length == 0)
        {
            throw new ArgumentException("An object key must not be empty.", parameterName);
        }
        if (key[0] == '/' || key[^1] == '/')
        {
            throw new ArgumentException($"Object key '{key}' must not start or end with '/'.", parameterName);
        }
        ValidateSegments(key, parameterName, allowTrailingPartial: false);
    }

    /// <summary>
    /// Throws unless <paramref name="prefix"/> is a valid listing prefix: empty, or a key prefix without a leading
    /// '/' (it may end with '/' or in the middle of a segment).
    /// </summary>
    public static void ValidatePrefix(string prefix, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        if (prefix.Length == 0)
        {
            return;
        }
        if (prefix[0] == '/')
        {
            throw new ArgumentException($"Listing prefix '{prefix}' must not start with '/'.", parameterName);
        }
        ValidateSegments(prefix, parameterName, allowTrailingPartial: true);
    }

    private static void ValidateSegments(string key, string parameterName, bool allowTrailingPartial)
    {
        if (key.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An object key must not contain NUL characters.", parameterName);
        }
        int start = 0;
        while (start <= key.Length)
        {
            int slash = key.IndexOf('/', start);
            bool last = slash < 0;
            int end = last ? key.Length : slash;
            ReadOnlySpan<char> segment = key.AsSpan(start, end - start);
            if (last && allowTrailingPartial)
            {
                // A trailing partial segment of a prefix ("_delta_log/0000") may be empty or anything.
                return;
            }
            if (segment.Length == 0 || segment.SequenceEqual(".") || segment.SequenceEqual(".."))
            {
                throw new ArgumentException($"Object key '{key}' has an empty, '.' or '..' segment.", parameterName);
            }
            if (last)
            {
                return;
            }
            start = slash + 1;
        }
    }

    /// <summary>Joins a root prefix ("" or ending without '/') and a relative key.</summary>
    public static string Join(string root, string key) => root.Length == 0 ? key : root + "/" + key;
}
