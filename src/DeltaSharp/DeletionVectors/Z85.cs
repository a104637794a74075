using System;

namespace DeltaSharp.DeletionVectors;

/// <summary>Z85 decoding (ZeroMQ RFC 32), used by deletion vector descriptors for UUIDs and inline bitmaps.</summary>
internal static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static readonly sbyte[] Decode = BuildDecodeTable();

    /// <summary>Decodes <paramref name="text"/> (length a multiple of 5) into 4 bytes per 5 characters.</summary>
    /// <remarks>
    /// Also reads the tail padding of the Rust <c>z85</c> crate (used by delta-rs / Kernel writers for inline DVs whose
    /// size is not a multiple of 4): a 5-character block can never start with '#' (84·85⁴ &gt; 2³²), so n leading '#'
    /// in the last block mean n bytes are missing, and the other 5 − n characters are the base-85 value of the
    /// remaining 4 − n tail bytes (big-endian). Z85 proper (ZeroMQ RFC 32) text is unaffected.
    /// </remarks>
    /// <exception cref="FormatException">Bad length or a character outside the Z85 alphabet.</exception>
    public static byte[] DecodeBytes(ReadOnlySpan<char> text)
    {
        if (text.Length % 5 != 0)
        {
            throw new FormatException($"Z85 text length {text.Length} is not a multiple of 5.");
        }
        int missing = 0;
        if (text.Length > 0)
        {
            ReadOnlySpan<char> last = text[^5..];
            while (missing < 4 && last[missing] == '#')
            {
                missing++;
            }
            if (missing == 4)
            {
                throw new FormatException("Z85 tail block has no data.");
            }
        }
        byte[] output = new byte[(text.Length / 5 * 4) - missing];
        for (int block = 0, o = 0; block < text.Length; block += 5, o += 4)
        {
            int skip = block + 5 == text.Length ? missing : 0;
            ulong value = 0;
            for (int i = skip; i < 5; i++)
            {
                char c = text[block + i];
                int digit = c < 128 ? Decode[c] : -1;
                if (digit < 0)
                {
                    throw new FormatException($"'{c}' is not a Z85 character.");
                }
                value = (value * 85) + (uint)digit;
            }
            int bytes = 4 - skip;
            if (value >> (8 * bytes) != 0)
            {
                throw new FormatException(skip == 0 ? "Z85 block overflows 32 bits." : $"Z85 tail block overflows {bytes} bytes.");
            }
            for (int b = 0; b < bytes; b++)
            {
                output[o + b] = (byte)(value >> (8 * (bytes - 1 - b)));
            }
        }
        return output;
    }

    /// <summary>Decodes a 20-character Z85 UUID (16 bytes, most significant first).</summary>
    public static Guid DecodeUuid(ReadOnlySpan<char> text)
    {
        if (text.Length != 20)
        {
            throw new FormatException($"A Z85 UUID has 20 characters, not {text.Length}.");
        }
        return new Guid(DecodeBytes(text), bigEndian: true);
    }

    private static sbyte[] BuildDecodeTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }
        return table;
    }
}
