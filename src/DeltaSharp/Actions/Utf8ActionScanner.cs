using System;
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace DeltaSharp.Actions;

/// <summary>
/// A strict, allocation-free JSON (RFC 8259) scanner over one UTF-8 log line, built for action decoding: the decoder
/// pulls exactly the members it needs and skips the rest, validating their grammar (strings with their escapes,
/// numbers, literals, nesting up to <see cref="MaxDepth"/>) without tokenising them into values. Strings are returned
/// as raw slices of the line (<see cref="JsonString"/>) and unescaped only when the caller asks. Every error is a
/// <see cref="FormatException"/> naming the byte offset and what is wrong; the caller turns it into a
/// <see cref="DeltaLogCorruptException"/>. UTF-8 validity of the whole line is checked by the caller
/// (<see cref="JsonActionDecoder"/>) before scanning.
/// </summary>
internal ref struct Utf8ActionScanner
{
    /// <summary>Maximum nesting of skipped values (as System.Text.Json's default reader limit, deeper = corrupt).</summary>
    public const int MaxDepth = 256;

    /// <summary>Bytes that end the fast scan inside a string: the quote, the backslash and the control characters.</summary>
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"u8);

    private readonly ReadOnlySpan<byte> data;
    private int pos;

    public Utf8ActionScanner(ReadOnlySpan<byte> data)
    {
        this.data = data;
        pos = 0;
    }

    /// <summary>The current byte offset in the line.</summary>
    public readonly int Position => pos;

    /// <summary>The whole line.</summary>
    public readonly ReadOnlySpan<byte> Data => data;

    /// <summary>Skips whitespace and returns the next byte without consuming it.</summary>
    /// <exception cref="FormatException">The line ends here.</exception>
    public byte Peek()
    {
        SkipWhitespace();
        if (pos >= data.Length)
        {
            throw Truncated();
        }
        return data[pos];
    }

    /// <summary>True when only whitespace remains.</summary>
    public bool AtEnd()
    {
        SkipWhitespace();
        return pos >= data.Length;
    }

    /// <summary>Consumes '{' and reports whether the object has a first member (false for <c>{}</c>).</summary>
    public bool BeginObject(string what)
    {
        if (Peek() != (byte)'{')
        {
            throw Unexpected(what);
        }
        pos++;
        if (Peek() == (byte)'}')
        {
            pos++;
            return false;
        }
        return true;
    }

    /// <summary>After a member value: consumes ',' (true: another member follows) or '}' (false: the object ended).</summary>
    public bool NextMember()
    {
        byte b = Peek();
        if (b == (byte)',')
        {
            pos++;
            return true;
        }
        if (b == (byte)'}')
        {
            pos++;
            return false;
        }
        throw Unexpected("',' or '}' after an object member");
    }

    /// <summary>Reads a member name and its ':'.</summary>
    public JsonString ReadMemberName()
    {
        if (Peek() != (byte)'"')
        {
            throw Unexpected("a property name");
        }
        JsonString name = ReadStringToken(checkSurrogates: false);
        if (Peek() != (byte)':')
        {
            throw Unexpected("':' after a property name");
        }
        pos++;
        return name;
    }

    /// <summary>True (consumed) when the next value is <c>null</c>.</summary>
    public bool TryReadNull()
    {
        if (Peek() != (byte)'n')
        {
            return false;
        }
        ExpectLiteral("null"u8);
        return true;
    }

    /// <summary>Reads a string value (escapes validated, surrogate pairs checked); fails on any other token.</summary>
    public JsonString ReadString(string what)
    {
        if (Peek() != (byte)'"')
        {
            throw Unexpected(what);
        }
        return ReadStringToken(checkSurrogates: true);
    }

    /// <summary>Reads a string value or null (<see cref="JsonString.IsNull"/>).</summary>
    public JsonString ReadOptionalString(string what) => TryReadNull() ? default : ReadString(what);

    /// <summary>Reads a string value or null as a .NET string.</summary>
    public string? ReadOptionalStringValue(string what)
    {
        JsonString s = ReadOptionalString(what);
        return s.IsNull ? null : GetString(s);
    }

    /// <summary>Reads <c>true</c>, <c>false</c> or null.</summary>
    public bool? ReadOptionalBool(string what)
    {
        switch (Peek())
        {
            case (byte)'t':
                ExpectLiteral("true"u8);
                return true;
            case (byte)'f':
                ExpectLiteral("false"u8);
                return false;
            case (byte)'n':
                ExpectLiteral("null"u8);
                return null;
            default:
                throw Unexpected(what);
        }
    }

    /// <summary>Reads a 64-bit integer, null, or (as some writers emit) a quoted integer.</summary>
    public long? ReadOptionalLong(string what)
    {
        byte b = Peek();
        if (b == (byte)'-' || (uint)(b - '0') <= 9)
        {
            int start = pos;
            if (!ScanNumber())
            {
                throw new FormatException($"number at byte {start} ({what}) is not a 64-bit integer");
            }
            if (!TryParseInt64(data.Slice(start, pos - start), out long value))
            {
                throw new FormatException($"number at byte {start} ({what}) is not a 64-bit integer");
            }
            return value;
        }
        if (b == (byte)'n')
        {
            ExpectLiteral("null"u8);
            return null;
        }
        if (b == (byte)'"')
        {
            int start = pos;
            string text = GetString(ReadStringToken(checkSurrogates: true));
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
            {
                return parsed;
            }
            throw new FormatException($"expected an integer at byte {start} ({what})");
        }
        throw Unexpected($"an integer ({what})");
    }

    /// <summary>Reads a scalar map value: a string (kind String), a number or boolean (kind Literal: its JSON text), or
    /// null (kind Null). Objects and arrays are an error.</summary>
    public JsonString ReadScalarAsString(string what)
    {
        byte b = Peek();
        if (b == (byte)'"')
        {
            return ReadStringToken(checkSurrogates: true);
        }
        int start = pos;
        if (b == (byte)'-' || (uint)(b - '0') <= 9)
        {
            ScanNumber();
            return new JsonString(start, pos - start, escaped: false, isNull: false);
        }
        if (b == (byte)'t')
        {
            ExpectLiteral("true"u8);
            return new JsonString(start, 4, escaped: false, isNull: false);
        }
        if (b == (byte)'f')
        {
            ExpectLiteral("false"u8);
            return new JsonString(start, 5, escaped: false, isNull: false);
        }
        if (b == (byte)'n')
        {
            ExpectLiteral("null"u8);
            return default;
        }
        throw Unexpected(what);
    }

    /// <summary>Skips one value of any kind, validating it; returns where it started.</summary>
    public int SkipValue()
    {
        Peek();
        int start = pos;
        SkipValue(0);
        return start;
    }

    /// <summary>The raw (still escaped) bytes of a string token.</summary>
    public readonly ReadOnlySpan<byte> Raw(JsonString s) => data.Slice(s.Start, s.Length);

    /// <summary>The .NET string of a string token (unescaped).</summary>
    public readonly string GetString(JsonString s)
    {
        ReadOnlySpan<byte> raw = data.Slice(s.Start, s.Length);
        if (!s.Escaped)
        {
            return Encoding.UTF8.GetString(raw);
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            int written = JsonUnescaper.Unescape(raw, rented);
            return Encoding.UTF8.GetString(rented, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The most raw bytes an escaped member name may take to be recognised (the longest action member name,
    /// 23 characters, written entirely as <c>\uXXXX</c> escapes takes 138).</summary>
    public const int MaxEscapedNameBytes = 256;

    /// <summary>A member name's text: the raw bytes when unescaped, else unescaped into <paramref name="buffer"/>
    /// (<see cref="MaxEscapedNameBytes"/> long); a longer escaped name is returned empty (it names nothing we read).</summary>
    public readonly ReadOnlySpan<byte> UnescapedName(JsonString s, Span<byte> buffer)
    {
        ReadOnlySpan<byte> raw = data.Slice(s.Start, s.Length);
        if (!s.Escaped)
        {
            return raw;
        }
        if (raw.Length > buffer.Length)
        {
            return ReadOnlySpan<byte>.Empty;
        }
        int written = JsonUnescaper.Unescape(raw, buffer);
        return buffer[..written];
    }

    /// <summary>Whether a string token's unescaped text equals <paramref name="expected"/> (an ASCII name).</summary>
    public readonly bool NameEquals(JsonString s, ReadOnlySpan<byte> expected)
    {
        ReadOnlySpan<byte> raw = data.Slice(s.Start, s.Length);
        if (!s.Escaped)
        {
            return raw.SequenceEqual(expected);
        }
        if (raw.Length > 512)
        {
            return false;
        }
        Span<byte> buffer = stackalloc byte[512];
        int written = JsonUnescaper.Unescape(raw, buffer);
        return buffer[..written].SequenceEqual(expected);
    }

    public readonly FormatException Unexpected(string expected)
    {
        if (pos >= data.Length)
        {
            return Truncated();
        }
        byte b = data[pos];
        string found = b is >= 0x20 and < 0x7f ? "'" + (char)b + "'" : "byte 0x" + b.ToString("x2", CultureInfo.InvariantCulture);
        return new FormatException($"expected {expected} at byte {pos}, found {found}");
    }

    private readonly FormatException Truncated() => new($"unexpected end of the JSON line at byte {pos} (truncated action)");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        while (pos < data.Length)
        {
            byte b = data[pos];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                pos++;
            }
            else
            {
                return;
            }
        }
    }

    private void ExpectLiteral(ReadOnlySpan<byte> literal)
    {
        if (data.Length - pos < literal.Length || !data.Slice(pos, literal.Length).SequenceEqual(literal))
        {
            throw data.Length - pos < literal.Length && literal.StartsWith(data[pos..])
                ? Truncated()
                : new FormatException($"invalid literal at byte {pos} (expected {Encoding.ASCII.GetString(literal)})");
        }
        pos += literal.Length;
    }

    /// <summary>At an opening quote: scans to the closing quote, validating escapes (and, when asked, that \u escapes
    /// form valid UTF-16: no lone surrogate) and rejecting raw control characters.</summary>
    private JsonString ReadStringToken(bool checkSurrogates)
    {
        int start = ++pos;
        bool escaped = false;
        ReadOnlySpan<byte> d = data;
        if (Vector256.IsHardwareAccelerated)
        {
            // 32 bytes at a time: one compare finds every quote, backslash and control character of the block, and the
            // escapes of escape-dense strings (statistics written with \u0022 quotes) are taken from the block's bit
            // mask instead of restarting a search after each one.
            ref byte origin = ref MemoryMarshal.GetReference(d);
            Vector256<byte> quotes = Vector256.Create((byte)'"');
            Vector256<byte> backslashes = Vector256.Create((byte)'\\');
            Vector256<byte> controls = Vector256.Create((byte)0x20);
            while (d.Length - pos >= Vector256<byte>.Count)
            {
                int blockStart = pos;
                Vector256<byte> block = Vector256.LoadUnsafe(ref origin, (nuint)blockStart);
                uint stops = (Vector256.Equals(block, quotes) | Vector256.Equals(block, backslashes) | Vector256.LessThan(block, controls)).ExtractMostSignificantBits();
                while (stops != 0)
                {
                    int at = blockStart + BitOperations.TrailingZeroCount(stops);
                    stops &= stops - 1;
                    if (at < pos)
                    {
                        // Inside an escape validated already (the quote of \" or the second backslash of \\).
                        continue;
                    }
                    byte b = d[at];
                    if (b == (byte)'"')
                    {
                        pos = at + 1;
                        return new JsonString(start, at - start, escaped, isNull: false);
                    }
                    if (b == (byte)'\\')
                    {
                        escaped = true;
                        // \u00XX (how System.Text.Json's default encoder writes quotes) inline: never a surrogate.
                        pos = d.Length - at > 5 && d[at + 1] == (byte)'u' && d[at + 2] == (byte)'0' && d[at + 3] == (byte)'0' && (HexValue(d[at + 4]) | HexValue(d[at + 5])) >= 0
                            ? at + 6
                            : ValidateEscape(at, checkSurrogates);
                        continue;
                    }
                    pos = at;
                    throw new FormatException($"unescaped control character 0x{b:x2} inside a string at byte {pos}");
                }
                pos = Math.Max(pos, blockStart + Vector256<byte>.Count);
            }
        }
        while (true)
        {
            int stop = d.Slice(pos).IndexOfAny(StringStops);
            if (stop < 0)
            {
                pos = d.Length;
                throw new FormatException($"unterminated string starting at byte {start - 1} (truncated action)");
            }
            pos += stop;
            byte b = d[pos];
            if (b == (byte)'"')
            {
                var s = new JsonString(start, pos - start, escaped, isNull: false);
                pos++;
                return s;
            }
            if (b == (byte)'\\')
            {
                escaped = true;
                pos = ValidateEscape(pos, checkSurrogates);
                continue;
            }
            throw new FormatException($"unescaped control character 0x{b:x2} inside a string at byte {pos}");
        }
    }

    /// <summary>Validates the escape at <paramref name="at"/> (a backslash); returns the offset after it.</summary>
    private readonly int ValidateEscape(int at, bool checkSurrogates)
    {
        if (at + 1 >= data.Length)
        {
            throw new FormatException($"unterminated escape at byte {at} (truncated action)");
        }
        switch (data[at + 1])
        {
            case (byte)'"':
            case (byte)'\\':
            case (byte)'/':
            case (byte)'b':
            case (byte)'f':
            case (byte)'n':
            case (byte)'r':
            case (byte)'t':
                return at + 2;
            case (byte)'u':
                // Fast path for \u00XX (what System.Text.Json's default encoder writes for quotes): never a surrogate.
                if (at + 5 < data.Length && data[at + 2] == (byte)'0' && data[at + 3] == (byte)'0' && (HexValue(data[at + 4]) | HexValue(data[at + 5])) >= 0)
                {
                    return at + 6;
                }
                int unit = ReadHex4(at + 2);
                if (!checkSurrogates || !char.IsSurrogate((char)unit))
                {
                    return at + 6;
                }
                if (char.IsLowSurrogate((char)unit))
                {
                    throw new FormatException($"lone low surrogate \\u{unit:X4} at byte {at}");
                }
                if (at + 11 < data.Length && data[at + 6] == (byte)'\\' && data[at + 7] == (byte)'u' && char.IsLowSurrogate((char)ReadHex4(at + 8)))
                {
                    return at + 12;
                }
                throw new FormatException($"high surrogate \\u{unit:X4} at byte {at} not followed by a low surrogate escape");
            default:
                throw new FormatException($"invalid escape '\\{(char)data[at + 1]}' at byte {at}");
        }
    }

    private readonly int ReadHex4(int at)
    {
        if (at + 4 > data.Length)
        {
            throw new FormatException($"truncated \\u escape at byte {at - 2}");
        }
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            int digit = HexValue(data[at + i]);
            if (digit < 0)
            {
                throw new FormatException($"invalid \\u escape at byte {at - 2}");
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    internal static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Scans a JSON number at the current position; returns true when it is an integer (no fraction or
    /// exponent).</summary>
    private bool ScanNumber()
    {
        int start = pos;
        if (data[pos] == (byte)'-')
        {
            pos++;
        }
        if (pos >= data.Length)
        {
            throw Truncated();
        }
        if (data[pos] == (byte)'0')
        {
            pos++;
        }
        else if ((uint)(data[pos] - '1') <= 8)
        {
            pos++;
            while (pos < data.Length && (uint)(data[pos] - '0') <= 9)
            {
                pos++;
            }
        }
        else
        {
            throw new FormatException($"invalid number at byte {start}");
        }
        bool integer = true;
        if (pos < data.Length && data[pos] == (byte)'.')
        {
            integer = false;
            pos++;
            RequireDigits(start);
        }
        if (pos < data.Length && (data[pos] | 0x20) == (byte)'e')
        {
            integer = false;
            pos++;
            if (pos < data.Length && data[pos] is (byte)'+' or (byte)'-')
            {
                pos++;
            }
            RequireDigits(start);
        }
        return integer;
    }

    private void RequireDigits(int numberStart)
    {
        int first = pos;
        while (pos < data.Length && (uint)(data[pos] - '0') <= 9)
        {
            pos++;
        }
        if (pos == first)
        {
            throw pos >= data.Length ? Truncated() : new FormatException($"invalid number at byte {numberStart}");
        }
    }

    /// <summary>Parses a validated JSON integer (optional '-', digits without leading zeros); false on overflow.</summary>
    private static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        bool negative = text[0] == (byte)'-';
        ReadOnlySpan<byte> digits = negative ? text[1..] : text;
        value = 0;
        if (digits.Length > 19)
        {
            return false;
        }
        ulong acc = 0;
        foreach (byte d in digits)
        {
            acc = (acc * 10) + (uint)(d - '0');
        }
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)(0 - acc);
            return true;
        }
        if (acc > long.MaxValue)
        {
            return false;
        }
        value = (long)acc;
        return true;
    }

    private void SkipValue(int depth)
    {
        byte b = Peek();
        switch (b)
        {
            case (byte)'"':
                ReadStringToken(checkSurrogates: false);
                return;
            case (byte)'{':
                if (depth >= MaxDepth)
                {
                    throw new FormatException($"JSON nested deeper than {MaxDepth} levels at byte {pos}");
                }
                pos++;
                if (Peek() == (byte)'}')
                {
                    pos++;
                    return;
                }
                do
                {
                    ReadMemberName();
                    SkipValue(depth + 1);
                }
                while (NextMember());
                return;
            case (byte)'[':
                if (depth >= MaxDepth)
                {
                    throw new FormatException($"JSON nested deeper than {MaxDepth} levels at byte {pos}");
                }
                pos++;
                if (Peek() == (byte)']')
                {
                    pos++;
                    return;
                }
                while (true)
                {
                    SkipValue(depth + 1);
                    byte next = Peek();
                    if (next == (byte)',')
                    {
                        pos++;
                        continue;
                    }
                    if (next == (byte)']')
                    {
                        pos++;
                        return;
                    }
                    throw Unexpected("',' or ']' in an array");
                }
            case (byte)'t':
                ExpectLiteral("true"u8);
                return;
            case (byte)'f':
                ExpectLiteral("false"u8);
                return;
            case (byte)'n':
                ExpectLiteral("null"u8);
                return;
            default:
                if (b == (byte)'-' || (uint)(b - '0') <= 9)
                {
                    ScanNumber();
                    return;
                }
                throw Unexpected("a JSON value");
        }
    }
}
