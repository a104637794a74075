using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeltaSharp.Parquet.Compression;

/// <summary>
/// Managed Snappy (raw block format, as Parquet uses it) decompressor and compressor. Decompression bounds-checks
/// every tag against both the input and the declared output length; malformed input throws
/// <see cref="ParquetFormatException"/>. Thread-safe (stateless).
/// </summary>
internal static class Snappy
{
    /// <summary>Reads the uncompressed length from the varint preamble.</summary>
    public static int GetUncompressedLength(ReadOnlySpan<byte> input)
    {
        ReadPreamble(input, out int length, out _);
        return length;
    }

    /// <summary>Input bytes the fast loop needs left after a tag's first byte: a 4-byte trailer read or a 16-byte
    /// literal read (with one byte to spare).</summary>
    private const int FastInputSlack = 17;

    /// <summary>Output bytes the fast loop needs left: the widest write of one element (a 64-byte copy rounded up to
    /// 16-byte steps, or a short-offset pattern expansion that overshoots by up to 15 bytes) plus margin.</summary>
    private const int FastOutputSlack = 80;

    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/>, which must be exactly the
    /// uncompressed length. Returns the bytes written.</summary>
    /// <remarks>A fast loop runs while the input and output both have slack left: it decodes tags without
    /// per-tag length checks on the buffers (the slack covers the widest read and write), copies short literals and
    /// copies with 16-byte vector moves, and expands short-offset copies (offset &lt; 8) by doubling the pattern.
    /// Every copy offset is still checked against the bytes produced, and every long literal against both ends, so
    /// corrupt input can never read or write outside the buffers. The tail runs in a careful byte-exact loop.</remarks>
    public static unsafe int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ReadPreamble(input, out int expected, out int headerLength);
        if (expected != output.Length)
        {
            throw new ParquetFormatException($"Snappy block declares {expected} bytes but the page expects {output.Length}");
        }
        fixed (byte* inStart = input)
        fixed (byte* outStart = output)
        {
            byte* ip = inStart + headerLength;
            byte* ipEnd = inStart + input.Length;
            byte* op = outStart;
            byte* opEnd = outStart + output.Length;
            if (input.Length - headerLength > FastInputSlack && output.Length > FastOutputSlack)
            {
                DecompressFast(ref ip, ipEnd - FastInputSlack, ipEnd, ref op, outStart, opEnd - FastOutputSlack, opEnd);
            }
            op = DecompressTail(ip, ipEnd, op, outStart, opEnd);
            if (op != opEnd)
            {
                throw Corrupt($"produced {op - outStart} bytes but {output.Length} were declared");
            }
            return output.Length;
        }
    }

    /// <summary>The fast loop: runs while at least <see cref="FastInputSlack"/> input bytes (before
    /// <paramref name="ipLimit"/>) and <see cref="FastOutputSlack"/> output bytes (before <paramref name="opLimit"/>)
    /// remain. Advances <paramref name="ipRef"/> and <paramref name="opRef"/> to a tag boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DecompressFast(ref byte* ipRef, byte* ipLimit, byte* ipEnd, ref byte* opRef, byte* outStart, byte* opLimit, byte* opEnd)
    {
        byte* ip = ipRef;
        byte* op = opRef;
        while (ip < ipLimit && op < opLimit)
        {
            uint tag = *ip;
            if ((tag & 3) == 0)
            {
                nuint length = (tag >> 2) + 1;
                if (length <= 16)
                {
                    // ip + 1 + 16 <= ipEnd and op + 16 < opEnd: the over-read and over-write stay in bounds.
                    Copy16(op, ip + 1);
                    ip += length + 1;
                    op += length;
                    continue;
                }
                ip++;
                if (length > 60)
                {
                    int extra = (int)length - 60;
                    uint raw = Unsafe.ReadUnaligned<uint>(ip);
                    if (!BitConverter.IsLittleEndian)
                    {
                        raw = BinaryPrimitives.ReverseEndianness(raw);
                    }
                    uint l = extra == 4 ? raw : raw & ((1u << (8 * extra)) - 1);
                    if (l == uint.MaxValue)
                    {
                        throw Corrupt("literal length overflows");
                    }
                    ip += extra;
                    length = (nuint)l + 1;
                }
                if ((nuint)(ipEnd - ip) < length || (nuint)(opEnd - op) < length)
                {
                    throw Corrupt("literal runs past the end of the input or output");
                }
                if (length <= 64 && ipEnd - ip >= 64)
                {
                    // op + 64 < opEnd by the output slack.
                    Copy16(op, ip);
                    Copy16(op + 16, ip + 16);
                    Copy16(op + 32, ip + 32);
                    Copy16(op + 48, ip + 48);
                }
                else
                {
                    Buffer.MemoryCopy(ip, op, (long)length, (long)length);
                }
                ip += length;
                op += length;
                continue;
            }
            nuint copyLength;
            nuint offset;
            if ((tag & 3) == 1)
            {
                copyLength = ((tag >> 2) & 7) + 4;
                offset = ((tag & 0xE0) << 3) | ip[1];
                ip += 2;
            }
            else if ((tag & 3) == 2)
            {
                copyLength = (tag >> 2) + 1;
                ushort raw = Unsafe.ReadUnaligned<ushort>(ip + 1);
                offset = BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
                ip += 3;
            }
            else
            {
                copyLength = (tag >> 2) + 1;
                uint raw = Unsafe.ReadUnaligned<uint>(ip + 1);
                offset = BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
                ip += 5;
            }
            // offset == 0 wraps to nuint.MaxValue and fails too.
            if (offset - 1 >= (nuint)(op - outStart))
            {
                throw Corrupt($"copy offset {offset} points before the start of the output");
            }
            // copyLength <= 64 and op + 80 <= opEnd: every write below stays in bounds.
            byte* src = op - offset;
            if (offset >= 16)
            {
                // Each 16-byte step reads bytes at least 16 behind its write, all already produced.
                Copy16(op, src);
                if (copyLength > 16)
                {
                    Copy16(op + 16, src + 16);
                    if (copyLength > 32)
                    {
                        Copy16(op + 32, src + 32);
                        Copy16(op + 48, src + 48);
                    }
                }
                op += copyLength;
                continue;
            }
            byte* end = op + copyLength;
            if (offset < 8)
            {
                // Double the pattern until it is at least 8 bytes long: each 8-byte write commits only the bytes
                // whose source was already produced (the distance), then the distance doubles.
                do
                {
                    Copy8(op, src);
                    op += op - src;
                }
                while (op - src < 8);
            }
            while (op < end)
            {
                Copy8(op, src);
                op += 8;
                src += 8;
            }
            op = end;
        }
        ipRef = ip;
        opRef = op;
    }

    /// <summary>The careful loop for the last bytes: checks every read and write exactly.</summary>
    private static unsafe byte* DecompressTail(byte* ip, byte* ipEnd, byte* op, byte* outStart, byte* opEnd)
    {
        while (ip < ipEnd)
        {
            uint tag = *ip++;
            switch (tag & 3)
            {
                case 0:
                    {
                        nuint length = (tag >> 2) + 1;
                        if (length > 60)
                        {
                            int extra = (int)length - 60;
                            if (ipEnd - ip < extra)
                            {
                                throw Truncated();
                            }
                            uint l = 0;
                            for (int i = 0; i < extra; i++)
                            {
                                l |= (uint)ip[i] << (8 * i);
                            }
                            ip += extra;
                            if (l == uint.MaxValue)
                            {
                                throw Corrupt("literal length overflows");
                            }
                            length = (nuint)l + 1;
                        }
                        if ((nuint)(ipEnd - ip) < length || (nuint)(opEnd - op) < length)
                        {
                            throw Corrupt("literal runs past the end of the input or output");
                        }
                        Buffer.MemoryCopy(ip, op, (long)length, (long)length);
                        ip += length;
                        op += length;
                        continue;
                    }
                case 1:
                    {
                        if (ip >= ipEnd)
                        {
                            throw Truncated();
                        }
                        nuint length = ((tag >> 2) & 7) + 4;
                        nuint offset = ((tag >> 5) << 8) | *ip++;
                        op = CopyExact(op, outStart, opEnd, offset, length);
                        continue;
                    }
                case 2:
                    {
                        if (ipEnd - ip < 2)
                        {
                            throw Truncated();
                        }
                        nuint length = (tag >> 2) + 1;
                        nuint offset = (nuint)(ip[0] | (ip[1] << 8));
                        ip += 2;
                        op = CopyExact(op, outStart, opEnd, offset, length);
                        continue;
                    }
                default:
                    {
                        if (ipEnd - ip < 4)
                        {
                            throw Truncated();
                        }
                        nuint length = (tag >> 2) + 1;
                        nuint offset = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(ip, 4));
                        ip += 4;
                        op = CopyExact(op, outStart, opEnd, offset, length);
                        continue;
                    }
            }
        }
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Copy16(byte* destination, byte* source) =>
        Unsafe.WriteUnaligned(destination, Unsafe.ReadUnaligned<Vector128<byte>>(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Copy8(byte* destination, byte* source) =>
        Unsafe.WriteUnaligned(destination, Unsafe.ReadUnaligned<ulong>(source));

    /// <summary>A copy that writes exactly <paramref name="length"/> bytes (no overshoot), byte by byte when the
    /// regions overlap closely.</summary>
    private static unsafe byte* CopyExact(byte* op, byte* outStart, byte* opEnd, nuint offset, nuint length)
    {
        if (offset == 0 || offset > (nuint)(op - outStart))
        {
            throw Corrupt($"copy offset {offset} points before the start of the output");
        }
        if ((nuint)(opEnd - op) < length)
        {
            throw Corrupt("copy runs past the end of the output");
        }
        byte* src = op - offset;
        for (nuint i = 0; i < length; i++)
        {
            op[i] = src[i];
        }
        return op + length;
    }

    private static void ReadPreamble(ReadOnlySpan<byte> input, out int length, out int headerLength)
    {
        ulong value = 0;
        for (int i = 0; i < 5; i++)
        {
            if (i >= input.Length)
            {
                throw Truncated();
            }
            byte b = input[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (value > int.MaxValue)
                {
                    throw Corrupt($"declared length {value} is too large");
                }
                length = (int)value;
                headerLength = i + 1;
                return;
            }
        }
        throw Corrupt("length preamble is too long");
    }

    /// <summary>Upper bound of the compressed size of <paramref name="sourceLength"/> bytes.</summary>
    public static int MaxCompressedLength(int sourceLength) => 32 + sourceLength + (sourceLength / 6);

    /// <summary>Compresses <paramref name="input"/>; <paramref name="output"/> must hold
    /// <see cref="MaxCompressedLength"/> bytes. Returns the compressed length.</summary>
    /// <remarks>Greedy LZ77 over 64 KiB blocks with a 16K-entry hash table of 4-byte sequences (the reference
    /// compressor's scheme: lookups grow sparser over incompressible input; after a match the positions just
    /// before and at its end are hashed so runs of matches chain without literals). Pointer code: every read
    /// stays inside the block (4-byte reads below <c>length - 4</c>, 8-byte reads only with 8 bytes left) and
    /// every write inside <see cref="MaxCompressedLength"/>, whose slack (≥ 27 bytes beyond the worst case)
    /// pays for the 16-byte literal copies (taken only with 16 input bytes left in the block).</remarks>
    public static unsafe int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < MaxCompressedLength(input.Length))
        {
            throw new ArgumentException("Output buffer is smaller than MaxCompressedLength.", nameof(output));
        }
        int op = 0;
        uint n = (uint)input.Length;
        while (n >= 0x80)
        {
            output[op++] = (byte)(n | 0x80);
            n >>= 7;
        }
        output[op++] = (byte)n;

        const int BlockSize = 1 << 16;
        ushort* table = stackalloc ushort[1 << HashBits];
        fixed (byte* source = input)
        fixed (byte* destination = output)
        {
            byte* outputEnd = destination + output.Length;
            for (int blockStart = 0; blockStart < input.Length; blockStart += BlockSize)
            {
                int length = Math.Min(BlockSize, input.Length - blockStart);
                new Span<ushort>(table, 1 << HashBits).Clear();
                op = CompressBlock(source + blockStart, length, destination, op, outputEnd, table);
            }
        }
        return op;
    }

    private const int HashBits = 14;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int Hash(byte* p) => (int)((Unsafe.ReadUnaligned<uint>(p) * 0x1E35A7BDu) >> (32 - HashBits));

    private static unsafe int CompressBlock(byte* block, int length, byte* output, int op, byte* outputEnd, ushort* table)
    {
        byte* dst = output + op;
        byte* literalStart = block;
        byte* blockEnd = block + length;
        if (length >= 15)
        {
            byte* limit = blockEnd - 4;
            byte* ip = block + 1;
            int skip = 32;
            while (ip < limit)
            {
                uint current = Unsafe.ReadUnaligned<uint>(ip);
                int h = Hash(ip);
                byte* candidate = block + table[h];
                table[h] = (ushort)(ip - block);
                if (candidate >= ip || Unsafe.ReadUnaligned<uint>(candidate) != current)
                {
                    ip += skip++ >> 5;
                    continue;
                }
                dst = EmitLiteral(literalStart, (int)(ip - literalStart), blockEnd, dst, outputEnd);
                // Emit this match and any that follow immediately (no literal between them).
                while (true)
                {
                    byte* matchEnd = ip + 4;
                    byte* from = candidate + 4;
                    while (matchEnd + 8 <= blockEnd)
                    {
                        ulong x = Unsafe.ReadUnaligned<ulong>(matchEnd) ^ Unsafe.ReadUnaligned<ulong>(from);
                        if (x != 0)
                        {
                            matchEnd += BitOperations.TrailingZeroCount(x) >> 3;
                            goto found;
                        }
                        matchEnd += 8;
                        from += 8;
                    }
                    while (matchEnd < blockEnd && *matchEnd == *from)
                    {
                        matchEnd++;
                        from++;
                    }
                found:
                    dst = EmitCopy((int)(ip - candidate), (int)(matchEnd - ip), dst);
                    ip = matchEnd;
                    if (ip >= limit)
                    {
                        break;
                    }
                    table[Hash(ip - 1)] = (ushort)(ip - 1 - block);
                    h = Hash(ip);
                    candidate = block + table[h];
                    table[h] = (ushort)(ip - block);
                    if (candidate >= ip || Unsafe.ReadUnaligned<uint>(candidate) != Unsafe.ReadUnaligned<uint>(ip))
                    {
                        break;
                    }
                }
                literalStart = ip;
                ip++;
                skip = 32;
            }
        }
        if (literalStart < blockEnd)
        {
            dst = EmitLiteral(literalStart, (int)(blockEnd - literalStart), blockEnd, dst, outputEnd);
        }
        return (int)(dst - output);
    }

    private static unsafe byte* EmitLiteral(byte* literal, int length, byte* inputEnd, byte* dst, byte* outputEnd)
    {
        if (length == 0)
        {
            return dst;
        }
        int n = length - 1;
        if (n < 60)
        {
            *dst++ = (byte)(n << 2);
            if (length <= 16 && literal + 16 <= inputEnd && dst + 16 <= outputEnd)
            {
                // Short literal: one 16-byte copy (the bytes past the literal are overwritten next).
                Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<ulong>(literal));
                Unsafe.WriteUnaligned(dst + 8, Unsafe.ReadUnaligned<ulong>(literal + 8));
                return dst + length;
            }
        }
        else if (n < 1 << 8)
        {
            *dst++ = 60 << 2;
            *dst++ = (byte)n;
        }
        else if (n < 1 << 16)
        {
            *dst++ = 61 << 2;
            *dst++ = (byte)n;
            *dst++ = (byte)(n >> 8);
        }
        else
        {
            *dst++ = 62 << 2;
            *dst++ = (byte)n;
            *dst++ = (byte)(n >> 8);
            *dst++ = (byte)(n >> 16);
        }
        Buffer.MemoryCopy(literal, dst, outputEnd - dst, length);
        return dst + length;
    }

    private static unsafe byte* EmitCopy(int offset, int length, byte* dst)
    {
        while (length >= 68)
        {
            dst = EmitCopyAtMost64(offset, 64, dst);
            length -= 64;
        }
        if (length > 64)
        {
            dst = EmitCopyAtMost64(offset, 60, dst);
            length -= 60;
        }
        return EmitCopyAtMost64(offset, length, dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe byte* EmitCopyAtMost64(int offset, int length, byte* dst)
    {
        if (length < 12 && offset < 2048)
        {
            dst[0] = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            dst[1] = (byte)offset;
            return dst + 2;
        }
        dst[0] = (byte)(2 | ((length - 1) << 2));
        dst[1] = (byte)offset;
        dst[2] = (byte)(offset >> 8);
        return dst + 3;
    }

    private static ParquetFormatException Truncated() => new("Snappy data is truncated");

    private static ParquetFormatException Corrupt(string detail) => new("Snappy data is corrupt: " + detail);
}
