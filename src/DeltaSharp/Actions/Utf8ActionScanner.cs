using System;
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace DeltaSharp.Actions;

/// <summary>
/// A strict, allocation-free JSON (RFC 8259) scanner over one UTF-8 log line, built for action decoding: the decoder
/// pulls exactly the members it needs and skips the rest, validating their grammar (strings with their escapes,
/// numbers, literals, nesting up to <see cref="MaxDepth"/>) without tokenising them into values. Strings are returned
/// as raw slices of the line (<see cref="JsonString"/>) and unescaped only when the caller asks. Every error is a
/// <see cref="FormatException"/> naming the byte offset and what is wrong; the caller turns it into a
/// <see cref="DeltaLogCorruptException"/>. The string scan notes non-ASCII bytes; the line's UTF-8 is then validated
/// once, before the caller delivers anything (<see cref="EnsureValidUtf8"/>), so all-ASCII lines are never validated
/// separately. The larger methods run per action are <see cref="MethodImplOptions.AggressiveOptimization"/>: compiled
/// fully optimised on first call instead of starting unoptimised (tier 0) and waiting for the tiering thresholds and
/// the background compiler, which made the first replay of a process several times slower than the later ones. Small
/// ones are left to tiering, because the runtime never inlines a method so marked, and they must be inlined.
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

    /// <summary>True once a string held a byte above 0x7F: the line's UTF-8 must then be validated
    /// (<see cref="EnsureValidUtf8"/>). Outside strings every byte the grammar accepts is ASCII.</summary>
    private bool sawNonAscii;

    /// <summary>True once the whole line was validated as UTF-8.</summary>
    private bool utf8Validated;

    public Utf8ActionScanner(ReadOnlySpan<byte> data)
    {
        this.data = data;
        pos = 0;
        sawNonAscii = false;
        utf8Validated = false;
    }

    /// <summary>
    /// Validates the line's UTF-8 (once) when a string scanned so far held non-ASCII bytes. The decoder calls this
    /// before delivering an action and at the end of the line, so an action is never delivered from a line that is
    /// not UTF-8, and an all-ASCII line (nearly every line real writers produce) is never validated separately: the
    /// string scan notes non-ASCII bytes in the same pass, and outside strings the grammar admits ASCII only.
    /// </summary>
    /// <exception cref="FormatException">The line is not valid UTF-8 (names the offset of the first bad byte).</exception>
    public void EnsureValidUtf8()
    {
        if (sawNonAscii && !utf8Validated)
        {
            ThrowIfInvalidUtf8(data);
            utf8Validated = true;
        }
    }

    /// <summary>Throws the decoder's invalid-UTF-8 error when <paramref name="line"/> is not valid UTF-8.</summary>
    public static void ThrowIfInvalidUtf8(ReadOnlySpan<byte> line)
    {
        if (!Utf8.IsValid(line))
        {
            throw new FormatException($"invalid UTF-8 at byte {InvalidUtf8Offset(line)}");
        }
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> line)
    {
        int offset = 0;
        while (offset < line.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(line.Slice(offset), out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }

    /// <summary>The current byte offset in the line.</summary>
    public readonly int Position => pos;

    /// <summary>The whole line.</summary>
    public readonly ReadOnlySpan<byte> Data => data;

    /// <summary>Skips whitespace and returns the next byte without consuming it.</summary>
    /// <exception cref="FormatException">The line ends here.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Peek()
    {
        // Writers put no whitespace between tokens: the next byte is usually the token itself.
        if ((uint)pos < (uint)data.Length && data[pos] > (byte)' ')
        {
            return data[pos];
        }
        return PeekAfterWhitespace();
    }

    private byte PeekAfterWhitespace()
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

    /// <summary>
    /// The next 24 bytes as three little-endian words (<paramref name="w1"/> and <paramref name="w2"/> zero when only 8
    /// to 23 bytes remain); false, with all zero, when fewer than 8 remain. For matching member tokens written the
    /// usual way (<see cref="MemberWords"/>); nothing is consumed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool PeekWords(out ulong w0, out ulong w1, out ulong w2)
    {
        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(data), pos);
        int remaining = data.Length - pos;
        if (remaining >= 24)
        {
            w0 = MemberWords.Read64(ref at);
            w1 = MemberWords.Read64(ref Unsafe.Add(ref at, 8));
            w2 = MemberWords.Read64(ref Unsafe.Add(ref at, 16));
            return true;
        }
        w1 = 0;
        w2 = 0;
        if (remaining >= 8)
        {
            w0 = MemberWords.Read64(ref at);
            return true;
        }
        w0 = 0;
        return false;
    }

    /// <summary>Consumes <paramref name="count"/> bytes the caller has matched.</summary>
    public void Skip(int count) => pos += count;

    /// <summary>Consumes '{' and reports whether the object has a first member (false for <c>{}</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JsonString ReadString(string what)
    {
        if (Peek() != (byte)'"')
        {
            throw Unexpected(what);
        }
        return ReadStringToken(checkSurrogates: true);
    }

    /// <summary>Reads a string value or null (<see cref="JsonString.IsNull"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JsonString ReadOptionalString(string what) => TryReadNull() ? default : ReadString(what);

    /// <summary>Reads a string value or null as a .NET string.</summary>
    public string? ReadOptionalStringValue(string what)
    {
        JsonString s = ReadOptionalString(what);
        return s.IsNull ? null : GetString(s);
    }

    /// <summary>Reads <c>true</c>, <c>false</c> or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool? ReadOptionalBool(string what)
    {
        byte first = Peek();
        if (first == (byte)'t' && BitConverter.IsLittleEndian && data.Length - pos >= 4 && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetReference(data), pos)) == TrueWord)
        {
            pos += 4;
            return true;
        }
        switch (first)
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long? ReadOptionalLong(string what)
    {
        byte b = Peek();
        if (b == (byte)'-' || (uint)(b - '0') <= 9)
        {
            int start = pos;
            if (TryReadInt64(out long value))
            {
                return value;
            }
            // A fraction, an exponent or too many digits: validate the number's grammar first (a malformed number
            // is reported as such), then reject it as not a 64-bit integer.
            pos = start;
            ScanNumber();
            throw new FormatException($"number at byte {start} ({what}) is not a 64-bit integer");
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

    /// <summary>
    /// Scans and parses a JSON integer in one pass (optional '-', then '0' or a non-zero digit and up to 18 more
    /// digits); false, with the position anywhere, when the number has a fraction or exponent, more than 19 digits,
    /// or does not fit a long. A '0' ends the number (as in <see cref="ScanNumber"/>: "01" is "0" followed by an
    /// unexpected token). Inlined into <see cref="ReadOptionalLong"/>, so it never runs unoptimised.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadInt64(out long value)
    {
        ReadOnlySpan<byte> d = data;
        value = 0;
        int p = pos;
        bool negative = d[p] == (byte)'-';
        if (negative)
        {
            p++;
        }
        int first = p;
        ulong acc = 0;
        if ((uint)p < (uint)d.Length && d[p] == (byte)'0')
        {
            p++;
        }
        else
        {
            // Eight bytes at a time while the line has them (SWAR): the number of leading digits of the word, then
            // those digits combined pairwise by three multiplications.
            while (p <= d.Length - 8 && BitConverter.IsLittleEndian)
            {
                ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(d), p));
                int digits = LeadingDigits(word);
                if (digits == 0)
                {
                    break;
                }
                acc = (acc * Pow10[digits]) + EightDigits((word & 0x0F0F_0F0F_0F0F_0F0FUL) << (8 * (8 - digits)));
                p += digits;
                if (digits < 8 || p - first >= 16)
                {
                    break;
                }
            }
            // The last bytes of the line, and digits 17-19: one at a time, never past 19 digits, which never overflow
            // a ulong (< 10^19 < 2^64).
            while ((uint)p < (uint)d.Length && (uint)(d[p] - '0') <= 9 && p - first < 19)
            {
                acc = (acc * 10) + (uint)(d[p] - '0');
                p++;
            }
        }
        if (p == first || p - first > 19 || ((uint)p < (uint)d.Length && (d[p] == (byte)'.' || (d[p] | 0x20) == (byte)'e' || ((uint)(d[p] - '0') <= 9 && d[first] != (byte)'0'))))
        {
            return false;
        }
        if (negative ? acc > (ulong)long.MaxValue + 1 : acc > long.MaxValue)
        {
            return false;
        }
        value = negative ? (long)(0 - acc) : (long)acc;
        pos = p;
        return true;
    }

    /// <summary>10^0 .. 10^8.</summary>
    private static ReadOnlySpan<ulong> Pow10 => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>How many of the eight bytes of <paramref name="word"/> (first byte lowest) are ASCII digits before
    /// the first that is not. Per byte, x = b XOR '0' is 0..9 exactly for digits: high nibble zero and low nibble + 6
    /// below 16 (the nibble sums cannot carry into the next byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LeadingDigits(ulong word)
    {
        ulong x = word ^ 0x3030_3030_3030_3030UL;
        ulong notDigit = (x & 0xF0F0_F0F0_F0F0_F0F0UL) | (((x & 0x0F0F_0F0F_0F0F_0F0FUL) + 0x0606_0606_0606_0606UL) & 0x1010_1010_1010_1010UL);
        return notDigit == 0 ? 8 : BitOperations.TrailingZeroCount(notDigit) >> 3;
    }

    /// <summary>The value of eight digit values 0..9 (first digit in the lowest byte): adjacent digits, then pairs,
    /// then quads are combined by one multiply-shift each (the products never overflow their lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong digits)
    {
        digits = (digits * ((10UL << 8) + 1)) >> 8;
        digits = ((digits & 0x00FF_00FF_00FF_00FFUL) * ((100UL << 16) + 1)) >> 16;
        return ((digits & 0x0000_FFFF_0000_FFFFUL) * ((10000UL << 32) + 1)) >> 32;
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
        if (b >= 0x80 && !Utf8.IsValid(data))
        {
            return new FormatException($"invalid UTF-8 at byte {InvalidUtf8Offset(data)}");
        }
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
    /// form valid UTF-16: no lone surrogate), rejecting raw control characters and noting non-ASCII bytes (the line's
    /// UTF-8 is then validated by <see cref="EnsureValidUtf8"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private JsonString ReadStringToken(bool checkSurrogates)
    {
        int start = ++pos;
        if (Vector256.IsHardwareAccelerated && data.Length >= Vector256<byte>.Count && start < data.Length)
        {
            // Fast path for the common short plain string (names, paths, partition values): in the 32 bytes after
            // the quote, the first byte that is a quote, a backslash, a control character or non-ASCII (a signed
            // compare below 0x20 catches both of the last two) is the closing quote. Near the end of the line the
            // last 32 bytes are loaded instead and the mask shifted so that bit 0 is the string's first byte (the
            // bits shifted in from the top are zeros: nothing is found past the end).
            ref byte origin = ref MemoryMarshal.GetReference(data);
            int remaining = data.Length - start;
            int loadAt = remaining >= Vector256<byte>.Count ? start : data.Length - Vector256<byte>.Count;
            Vector256<byte> block = Vector256.LoadUnsafe(ref origin, (nuint)loadAt);
            uint stops = (Vector256.Equals(block, Vector256.Create((byte)'"'))
                | Vector256.Equals(block, Vector256.Create((byte)'\\'))
                | Vector256.LessThan(block.AsSByte(), Vector256.Create((sbyte)0x20)).AsByte()).ExtractMostSignificantBits();
            stops >>= start - loadAt;
            if (stops != 0)
            {
                int at = start + BitOperations.TrailingZeroCount(stops);
                if (Unsafe.Add(ref origin, at) == (byte)'"')
                {
                    pos = at + 1;
                    return new JsonString(start, at - start, escaped: false, isNull: false);
                }
            }
            int end = ScanStringChunks(start, out bool escaped);
            if (end >= 0)
            {
                pos = end + 1;
                return new JsonString(start, end - start, escaped, isNull: false);
            }
        }
        return ReadStringTokenScalar(start, checkSurrogates);
    }

    /// <summary>"true" as a little-endian word.</summary>
    private const uint TrueWord = 0x65757274;

    /// <summary>Every other bit, starting at bit 0.</summary>
    private const ulong EvenBits = 0x5555_5555_5555_5555UL;

    /// <summary>
    /// Finds the closing quote of the string starting at <paramref name="start"/> 64 bytes at a time and validates it
    /// in the same pass; returns its offset, or -1 when the string needs <see cref="ReadStringTokenScalar"/> (which
    /// reports the exact error: control character, bad escape, truncation; or checks a possible surrogate escape).
    /// Per 64-byte chunk, bit masks of quotes, backslashes, control characters and non-ASCII bytes:
    /// <list type="bullet">
    /// <item>Escaped bytes (the byte after an odd-length run of backslashes; the simdjson trick): runs that start on
    /// an odd bit are added to their start bit, so the carry ripples through the run and leaves one bit after its
    /// end; shifted left and XORed with the even bits this gives, for runs starting on even and odd bits alike, the
    /// bytes at odd distance from the run start, which are the escaped ones. A run reaching the chunk's end carries
    /// out of the addition: the next chunk's first byte is escaped.</item>
    /// <item>The closing quote is the first quote that is not escaped; only bytes before it are checked.</item>
    /// <item>Escaped bytes must be one of <c>" \ / b f n r t u</c>; the four bytes after an escaped <c>u</c> must be
    /// hexadecimal digits (carried into the next chunk when the escape straddles it); a \u escape whose first digit
    /// is d/D may be a surrogate and goes to the scalar path, which checks the pairing.</item>
    /// <item>Non-ASCII bytes only set a flag: the whole line's UTF-8 is validated once, before any action of it is
    /// delivered (<see cref="EnsureValidUtf8"/>).</item>
    /// </list>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScanStringChunks(int start, out bool escaped)
    {
        escaped = false;
        ReadOnlySpan<byte> d = data;
        if (d.Length < 64)
        {
            return -1;
        }
        ref byte origin = ref MemoryMarshal.GetReference(d);
        ulong prevEscaped = 0;
        ulong pendingHex = 0;
        ulong pendingFirstDigit = 0;
        bool anyBackslash = false;
        bool nonAscii = false;
        for (int chunk = start; chunk < d.Length; chunk += 64)
        {
            // Near the end of the line: the last 64 bytes, shifted so that bit 0 is this chunk's first byte (zeros,
            // which match nothing, come in from the top).
            int available = d.Length - chunk;
            int loadAt = available >= 64 ? chunk : d.Length - 64;
            int shift = chunk - loadAt;
            LoadChunk(ref Unsafe.Add(ref origin, loadAt), out ulong quotes, out ulong backslashes, out ulong controls, out ulong high);
            quotes >>= shift;
            backslashes >>= shift;
            controls >>= shift;
            high >>= shift;

            ulong bs = backslashes & ~prevEscaped;
            ulong followsEscape = (bs << 1) | prevEscaped;
            ulong oddStarts = bs & ~EvenBits & ~followsEscape;
            ulong sum = oddStarts + bs;
            ulong escapedBytes = (EvenBits ^ (sum << 1)) & followsEscape;
            prevEscaped = sum < bs ? 1UL : 0UL;

            ulong closing = quotes & ~escapedBytes;
            // The bits before the closing quote (all bits when the string goes on).
            ulong inside = closing == 0 ? ulong.MaxValue : (closing & (0 - closing)) - 1;
            if ((controls & inside) != 0)
            {
                return -1;
            }
            nonAscii |= (high & inside) != 0;
            // Every escape of the string has its escaped byte inside it (a backslash right before the closing quote
            // would escape it), possibly bit 0 of the next chunk: checking the escaped bytes finds every escape.
            ulong escapedInside = escapedBytes & inside;
            if ((escapedInside | pendingHex) != 0)
            {
                anyBackslash = true;
                LoadUnicodeEscapeMasks(ref Unsafe.Add(ref origin, loadAt), out ulong us, out ulong hex, out ulong ds);
                us >>= shift;
                hex >>= shift;
                ds >>= shift;
                ulong otherEscapes = escapedInside & ~(us | quotes | backslashes);
                if (otherEscapes != 0 && (otherEscapes & ~(SimpleEscapes(ref Unsafe.Add(ref origin, loadAt)) >> shift)) != 0)
                {
                    return -1;
                }
                ulong u = escapedInside & us;
                ulong needHex = pendingHex | (u << 1) | (u << 2) | (u << 3) | (u << 4);
                if ((needHex & ~hex) != 0 || (((u << 1) | pendingFirstDigit) & ds) != 0)
                {
                    return -1;
                }
                pendingHex = (u >> 60) | (u >> 61) | (u >> 62) | (u >> 63);
                pendingFirstDigit = u >> 63;
            }
            if (closing != 0)
            {
                if (nonAscii)
                {
                    sawNonAscii = true;
                }
                escaped = anyBackslash;
                return chunk + BitOperations.TrailingZeroCount(closing);
            }
            if (available <= 64)
            {
                break;
            }
        }
        // Unterminated (truncated) string: the scalar path reports it.
        return -1;
    }

    /// <summary>Bit masks of one 64-byte chunk: quotes, backslashes, control characters (below 0x20), non-ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadChunk(ref byte at, out ulong quotes, out ulong backslashes, out ulong controls, out ulong high)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<byte> v = Vector512.LoadUnsafe(ref at);
            quotes = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
            backslashes = Vector512.Equals(v, Vector512.Create((byte)'\\')).ExtractMostSignificantBits();
            controls = Vector512.LessThan(v, Vector512.Create((byte)0x20)).ExtractMostSignificantBits();
            high = v.ExtractMostSignificantBits();
            return;
        }
        Vector256<byte> lo = Vector256.LoadUnsafe(ref at);
        Vector256<byte> hi = Vector256.LoadUnsafe(ref at, 32);
        Vector256<byte> quote = Vector256.Create((byte)'"');
        Vector256<byte> backslash = Vector256.Create((byte)'\\');
        Vector256<byte> space = Vector256.Create((byte)0x20);
        quotes = Vector256.Equals(lo, quote).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, quote).ExtractMostSignificantBits() << 32);
        backslashes = Vector256.Equals(lo, backslash).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, backslash).ExtractMostSignificantBits() << 32);
        controls = Vector256.LessThan(lo, space).ExtractMostSignificantBits() | ((ulong)Vector256.LessThan(hi, space).ExtractMostSignificantBits() << 32);
        high = lo.ExtractMostSignificantBits() | ((ulong)hi.ExtractMostSignificantBits() << 32);
    }

    /// <summary>Bit masks of one 64-byte chunk for \u escapes: 'u', hexadecimal digits, 'd'/'D'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadUnicodeEscapeMasks(ref byte at, out ulong us, out ulong hex, out ulong ds)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<byte> v = Vector512.LoadUnsafe(ref at);
            Vector512<byte> lower = v | Vector512.Create((byte)0x20);
            us = Vector512.Equals(v, Vector512.Create((byte)'u')).ExtractMostSignificantBits();
            hex = (Vector512.LessThanOrEqual(v - Vector512.Create((byte)'0'), Vector512.Create((byte)9))
                | Vector512.LessThanOrEqual(lower - Vector512.Create((byte)'a'), Vector512.Create((byte)5))).ExtractMostSignificantBits();
            ds = Vector512.Equals(lower, Vector512.Create((byte)'d')).ExtractMostSignificantBits();
            return;
        }
        UnicodeEscapeMasks256(Vector256.LoadUnsafe(ref at), out uint us0, out uint hex0, out uint ds0);
        UnicodeEscapeMasks256(Vector256.LoadUnsafe(ref at, 32), out uint us1, out uint hex1, out uint ds1);
        us = us0 | ((ulong)us1 << 32);
        hex = hex0 | ((ulong)hex1 << 32);
        ds = ds0 | ((ulong)ds1 << 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnicodeEscapeMasks256(Vector256<byte> v, out uint us, out uint hex, out uint ds)
    {
        Vector256<byte> lower = v | Vector256.Create((byte)0x20);
        us = Vector256.Equals(v, Vector256.Create((byte)'u')).ExtractMostSignificantBits();
        hex = (Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9))
            | Vector256.LessThanOrEqual(lower - Vector256.Create((byte)'a'), Vector256.Create((byte)5))).ExtractMostSignificantBits();
        ds = Vector256.Equals(lower, Vector256.Create((byte)'d')).ExtractMostSignificantBits();
    }

    /// <summary>Bit mask of one 64-byte chunk's bytes that are the other single-character escapes (<c>/ b f n r t</c>);
    /// computed only for chunks that hold such an escape.</summary>
    private static ulong SimpleEscapes(ref byte at)
    {
        return SimpleEscapes256(Vector256.LoadUnsafe(ref at)) | ((ulong)SimpleEscapes256(Vector256.LoadUnsafe(ref at, 32)) << 32);
    }

    private static uint SimpleEscapes256(Vector256<byte> v) =>
        (Vector256.Equals(v, Vector256.Create((byte)'/')) | Vector256.Equals(v, Vector256.Create((byte)'b'))
        | Vector256.Equals(v, Vector256.Create((byte)'f')) | Vector256.Equals(v, Vector256.Create((byte)'n'))
        | Vector256.Equals(v, Vector256.Create((byte)'r')) | Vector256.Equals(v, Vector256.Create((byte)'t'))).ExtractMostSignificantBits();

    /// <summary>The precise string scan (one escape at a time), for strings the chunked scan hands over and for
    /// machines without 256-bit vectors: every error is reported here, with its byte offset.</summary>
    private JsonString ReadStringTokenScalar(int start, bool checkSurrogates)
    {
        pos = start;
        bool escaped = false;
        ReadOnlySpan<byte> d = data;
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
                if (!sawNonAscii && !Ascii.IsValid(d.Slice(start, pos - start)))
                {
                    sawNonAscii = true;
                }
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
