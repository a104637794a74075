using System;
using System.Collections.Generic;

namespace DeltaSharp.Storage;

/// <summary>
/// Orders object keys by the unsigned bytes of their UTF-8 encoding — the order S3, Azure Blob and every
/// <see cref="IObjectStore.ListAsync"/> use — without encoding them.
/// </summary>
/// <remarks>
/// UTF-16 ordinal order (<see cref="string.CompareOrdinal(string, string)"/>) differs from UTF-8 byte order exactly
/// when a supplementary character (a surrogate pair, U+10000 and above) meets a character in U+E000..U+FFFF: UTF-16
/// puts the surrogate (0xD800..0xDFFF) first, UTF-8 puts it last. This comparer fixes that case and is otherwise
/// ordinal. Unpaired surrogates compare as their code unit would after the same fix-up (they have no UTF-8 form).
/// Thread-safe and allocation-free.
/// </remarks>
public sealed class Utf8KeyComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static Utf8KeyComparer Instance { get; } = new();

    private Utf8KeyComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        return CompareSpans(x, y);
    }

    /// <summary>Compares two keys in UTF-8 byte order.</summary>
    public static int CompareSpans(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        int common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }
        return Rank(x[common]).CompareTo(Rank(y[common]));
    }

    // Moves surrogates (0xD800..0xDFFF) above 0xE000..0xFFFF so code units compare as UTF-8 lead bytes do.
    private static int Rank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
