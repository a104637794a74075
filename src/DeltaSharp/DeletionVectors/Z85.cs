using System;

namespace DeltaSharp.DeletionVectors;

/// <summary>Z85 decoding (ZeroMQ RFC 32), used by deletion vector descriptors for UUIDs and inline bitmaps.</summary>
internal static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static readonly sbyte[] Decode = BuildDecodeTable();

    /// <summary>Decodes <paramref name="text"/> (length a multiple of 5) into 4 bytes per 5 characters.</summary>
    /// <exception cref="FormatException">Bad length or a character outside the Z85 alphabet.</exception>
    public static byte[] DecodeBytes(ReadOnlySpan<char> text)
    {
        if (text.Length % 5 != 0)
        {
            throw new FormatException($"Z85 text length {text.Length} is not a multiple of 5.");
        }
        byte[] output = new byte[text.Length / 5 * 4];
        for (int block = 0, o = 0; block < text.Length; block += 5, o += 4)
        {
            ulong value = 0;
            for (int i = 0; i < 5; i++)
            {
                char c = text[block + i];
                int digit = c < 128 ? Decode[c] : -1;
                if (digit < 0)
                {
                    throw new FormatException($"'{c}' is not a Z85 character.");
                }
                value = (value * 85) + (uint)digit;
            }
            if (value > uint.MaxValue)
            {
                throw new FormatException("Z85 block overflows 32 bits.");
            }
            output[o] = (byte)(value >> 24);
            output[o + 1] = (byte)(value >> 16);
            output[o + 2] = (byte)(value >> 8);
            output[o + 3] = (byte)value;
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
