using System;
using System.Text;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Truncation of BYTE_ARRAY statistics bounds. A truncated min is a prefix (a valid lower bound). A truncated
/// max is a prefix whose last unit is incremented, so it sorts above every value sharing the prefix: bytes are
/// incremented with carry (trailing 0xFF dropped); UTF-8 strings are cut at a character boundary and their last
/// code point incremented (skipping surrogates), keeping valid UTF-8. Pure.
/// </summary>
internal static class StatisticsTruncation
{
    public static byte[] TruncateMin(ReadOnlySpan<byte> value, int limit, bool utf8)
    {
        if (value.Length <= limit)
        {
            return value.ToArray();
        }
        int cut = utf8 ? CharBoundary(value, limit) : limit;
        return value[..cut].ToArray();
    }

    /// <summary>An upper bound of at most about <paramref name="limit"/> bytes, or null when none shorter exists.</summary>
    public static byte[]? TruncateMax(ReadOnlySpan<byte> value, int limit, bool utf8)
    {
        if (value.Length <= limit)
        {
            return value.ToArray();
        }
        return utf8 ? TruncateMaxUtf8(value, limit) : TruncateMaxBytes(value, limit);
    }

    private static byte[]? TruncateMaxBytes(ReadOnlySpan<byte> value, int limit)
    {
        for (int i = limit - 1; i >= 0; i--)
        {
            if (value[i] != 0xFF)
            {
                byte[] result = value[..(i + 1)].ToArray();
                result[i]++;
                return result;
            }
        }
        return null;
    }

    private static byte[]? TruncateMaxUtf8(ReadOnlySpan<byte> value, int limit)
    {
        int end = CharBoundary(value, limit);
        while (end > 0)
        {
            int start = end - 1;
            while (start > 0 && (value[start] & 0xC0) == 0x80)
            {
                start--;
            }
            if (Rune.DecodeFromUtf8(value[start..end], out Rune rune, out int consumed) == System.Buffers.OperationStatus.Done && consumed == end - start)
            {
                int next = rune.Value + 1;
                if (next is >= 0xD800 and <= 0xDFFF)
                {
                    next = 0xE000;
                }
                if (next <= 0x10FFFF)
                {
                    var incremented = new Rune(next);
                    byte[] result = new byte[start + incremented.Utf8SequenceLength];
                    value[..start].CopyTo(result);
                    incremented.EncodeToUtf8(result.AsSpan(start));
                    return result;
                }
            }
            else
            {
                // Not valid UTF-8: fall back to byte-wise rounding of the prefix.
                return TruncateMaxBytes(value, limit);
            }
            end = start;
        }
        return null;
    }

    /// <summary>Largest index at most <paramref name="limit"/> that starts a UTF-8 character.</summary>
    private static int CharBoundary(ReadOnlySpan<byte> value, int limit)
    {
        int cut = Math.Min(limit, value.Length);
        while (cut > 0 && cut < value.Length && (value[cut] & 0xC0) == 0x80)
        {
            cut--;
        }
        return cut;
    }
}
