using System;
using System.Text;

namespace DeltaSharp.Actions;

/// <summary>
/// Turns the raw bytes of a JSON string (between the quotes) into its UTF-8 text: every escape of RFC 8259, \uXXXX
/// included, surrogate pairs joined into one code point. The input must have been validated by
/// <see cref="Utf8ActionScanner"/> (escapes well formed, surrogates paired); the output is never longer than the
/// input.
/// </summary>
internal static class JsonUnescaper
{
    /// <summary>Unescapes <paramref name="raw"/> into <paramref name="destination"/> (at least as long as the input);
    /// returns the bytes written.</summary>
    /// <exception cref="FormatException">An escape is malformed or a surrogate unpaired (unvalidated input).</exception>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (true)
        {
            int backslash = raw.Slice(i).IndexOf((byte)'\\');
            if (backslash < 0)
            {
                raw.Slice(i).CopyTo(destination.Slice(written));
                return written + raw.Length - i;
            }
            raw.Slice(i, backslash).CopyTo(destination.Slice(written));
            written += backslash;
            i += backslash;
            if (i + 1 >= raw.Length)
            {
                throw new FormatException("unterminated escape in a JSON string");
            }
            byte e = raw[i + 1];
            switch (e)
            {
                case (byte)'"':
                case (byte)'\\':
                case (byte)'/':
                    destination[written++] = e;
                    i += 2;
                    break;
                case (byte)'b':
                    destination[written++] = 0x08;
                    i += 2;
                    break;
                case (byte)'f':
                    destination[written++] = 0x0c;
                    i += 2;
                    break;
                case (byte)'n':
                    destination[written++] = (byte)'\n';
                    i += 2;
                    break;
                case (byte)'r':
                    destination[written++] = (byte)'\r';
                    i += 2;
                    break;
                case (byte)'t':
                    destination[written++] = (byte)'\t';
                    i += 2;
                    break;
                case (byte)'u':
                    int unit = Hex4(raw, i + 2);
                    i += 6;
                    int codePoint = unit;
                    if (char.IsHighSurrogate((char)unit))
                    {
                        if (i + 6 > raw.Length || raw[i] != (byte)'\\' || raw[i + 1] != (byte)'u')
                        {
                            throw new FormatException("unpaired high surrogate escape in a JSON string");
                        }
                        int low = Hex4(raw, i + 2);
                        if (!char.IsLowSurrogate((char)low))
                        {
                            throw new FormatException("unpaired high surrogate escape in a JSON string");
                        }
                        i += 6;
                        codePoint = char.ConvertToUtf32((char)unit, (char)low);
                    }
                    else if (char.IsLowSurrogate((char)unit))
                    {
                        throw new FormatException("lone low surrogate escape in a JSON string");
                    }
                    written += new Rune(codePoint).EncodeToUtf8(destination.Slice(written));
                    break;
                default:
                    throw new FormatException($"invalid escape '\\{(char)e}' in a JSON string");
            }
        }
    }

    private static int Hex4(ReadOnlySpan<byte> raw, int at)
    {
        if (at + 4 > raw.Length)
        {
            throw new FormatException("truncated \\u escape in a JSON string");
        }
        int value = 0;
        for (int k = 0; k < 4; k++)
        {
            int digit = Utf8ActionScanner.HexValue(raw[at + k]);
            if (digit < 0)
            {
                throw new FormatException("invalid \\u escape in a JSON string");
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
