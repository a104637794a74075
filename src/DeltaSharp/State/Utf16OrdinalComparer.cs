using System;
using System.Text;

namespace DeltaSharp.State;

/// <summary>
/// Orders UTF-8 byte strings exactly as <see cref="string.CompareOrdinal(string, string)"/> orders their decoded
/// strings. UTF-8 byte order is code point order; UTF-16 code unit order differs only where a supplementary character
/// (surrogate pair, 0xD800..) meets a character in U+E000..U+FFFF, which the comparison handles at the first
/// difference. Invalid UTF-8 falls back to decoding both values (as <see cref="Encoding.UTF8"/> would).
/// </summary>
internal static class Utf16OrdinalComparer
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }
        byte x = a[common];
        byte y = b[common];
        if (x < 0x80 && y < 0x80)
        {
            return x - y;
        }
        // Back up to the start of the differing character (continuation bytes are 10xxxxxx).
        int start = common;
        while (start > 0 && (a[start] & 0xC0) == 0x80)
        {
            start--;
        }
        if (System.Text.Rune.DecodeFromUtf8(a[start..], out Rune ra, out _) != System.Buffers.OperationStatus.Done ||
            System.Text.Rune.DecodeFromUtf8(b[start..], out Rune rb, out _) != System.Buffers.OperationStatus.Done)
        {
            return string.CompareOrdinal(Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b));
        }
        int ka = FirstUnit(ra.Value);
        int kb = FirstUnit(rb.Value);
        return ka != kb ? ka - kb : ra.Value - rb.Value;
    }

    private static int FirstUnit(int codePoint) => codePoint < 0x10000 ? codePoint : 0xD800 + ((codePoint - 0x10000) >> 10);
}
