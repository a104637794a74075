using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/>, which must be exactly the
    /// uncompressed length. Returns the bytes written.</summary>
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
                                length = (nuint)l + 1;
                                if (l == uint.MaxValue)
                                {
                                    throw Corrupt("literal length overflows");
                                }
                            }
                            if ((nuint)(ipEnd - ip) < length || (nuint)(opEnd - op) < length)
                            {
                                throw Corrupt("literal runs past the end of the input or output");
                            }
                            if (length <= 16 && ipEnd - ip >= 16 && opEnd - op >= 16)
                            {
                                Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(ip));
                                Unsafe.WriteUnaligned(op + 8, Unsafe.ReadUnaligned<ulong>(ip + 8));
                            }
                            else
                            {
                                Buffer.MemoryCopy(ip, op, (long)length, (long)length);
                            }
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
                            op = Copy(op, outStart, opEnd, offset, length);
                            continue;
                        }
                    case 2:
                        {
                            if (ipEnd - ip < 2)
                            {
                                throw Truncated();
                            }
                            nuint length = (tag >> 2) + 1;
                            nuint offset = Unsafe.ReadUnaligned<ushort>(ip);
                            if (!BitConverter.IsLittleEndian)
                            {
                                offset = BinaryPrimitives.ReverseEndianness((ushort)offset);
                            }
                            ip += 2;
                            op = Copy(op, outStart, opEnd, offset, length);
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
                            op = Copy(op, outStart, opEnd, offset, length);
                            continue;
                        }
                }
            }
            if (op != opEnd)
            {
                throw Corrupt($"produced {op - outStart} bytes but {output.Length} were declared");
            }
            return output.Length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe byte* Copy(byte* op, byte* outStart, byte* opEnd, nuint offset, nuint length)
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
        if (offset >= 8 && (nuint)(opEnd - op) >= length + 8)
        {
            // Non-overlapping 8-byte steps (offset >= 8 keeps each step reading already-written bytes).
            byte* end = op + length;
            while (op < end)
            {
                Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(src));
                op += 8;
                src += 8;
            }
            return end;
        }
        if (offset >= 16 && length <= 16 && (nuint)(opEnd - op) >= 16)
        {
            Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(src));
            Unsafe.WriteUnaligned(op + 8, Unsafe.ReadUnaligned<ulong>(src + 8));
            return op + length;
        }
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
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
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
        const int HashBits = 14;
        Span<ushort> table = stackalloc ushort[1 << HashBits];
        for (int blockStart = 0; blockStart < input.Length; blockStart += BlockSize)
        {
            ReadOnlySpan<byte> block = input.Slice(blockStart, Math.Min(BlockSize, input.Length - blockStart));
            op = CompressBlock(block, output, op, table, HashBits);
        }
        return op;
    }

    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> output, int op, Span<ushort> table, int hashBits)
    {
        table.Clear();
        int length = block.Length;
        int literalStart = 0;
        if (length >= 15)
        {
            int limit = length - 4;
            int ip = 1;
            ref byte b0 = ref MemoryMarshal.GetReference(block);
            int skip = 32;
            while (ip < limit)
            {
                uint current = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b0, ip));
                int h = (int)((current * 0x1E35A7BDu) >> (32 - hashBits));
                int candidate = table[h];
                table[h] = (ushort)ip;
                if (candidate < ip && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b0, candidate)) == current)
                {
                    op = EmitLiteral(block.Slice(literalStart, ip - literalStart), output, op);
                    int matchLength = 4;
                    int maxMatch = length - ip;
                    while (matchLength + 8 <= maxMatch)
                    {
                        ulong x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, ip + matchLength))
                            ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, candidate + matchLength));
                        if (x != 0)
                        {
                            matchLength += BitOperations.TrailingZeroCount(x) >> 3;
                            goto found;
                        }
                        matchLength += 8;
                    }
                    while (matchLength < maxMatch && block[ip + matchLength] == block[candidate + matchLength])
                    {
                        matchLength++;
                    }
                found:
                    op = EmitCopy(ip - candidate, matchLength, output, op);
                    ip += matchLength;
                    literalStart = ip;
                    skip = 32;
                    continue;
                }
                ip += skip++ >> 5;
            }
        }
        if (literalStart < length)
        {
            op = EmitLiteral(block[literalStart..], output, op);
        }
        return op;
    }

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> output, int op)
    {
        if (literal.IsEmpty)
        {
            return op;
        }
        int n = literal.Length - 1;
        if (n < 60)
        {
            output[op++] = (byte)(n << 2);
        }
        else if (n < 1 << 8)
        {
            output[op++] = 60 << 2;
            output[op++] = (byte)n;
        }
        else if (n < 1 << 16)
        {
            output[op++] = 61 << 2;
            output[op++] = (byte)n;
            output[op++] = (byte)(n >> 8);
        }
        else
        {
            output[op++] = 62 << 2;
            output[op++] = (byte)n;
            output[op++] = (byte)(n >> 8);
            output[op++] = (byte)(n >> 16);
        }
        literal.CopyTo(output[op..]);
        return op + literal.Length;
    }

    private static int EmitCopy(int offset, int length, Span<byte> output, int op)
    {
        while (length >= 68)
        {
            op = EmitCopyAtMost64(offset, 64, output, op);
            length -= 64;
        }
        if (length > 64)
        {
            op = EmitCopyAtMost64(offset, 60, output, op);
            length -= 60;
        }
        return EmitCopyAtMost64(offset, length, output, op);
    }

    private static int EmitCopyAtMost64(int offset, int length, Span<byte> output, int op)
    {
        if (length < 12 && offset < 2048)
        {
            output[op++] = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            output[op++] = (byte)offset;
        }
        else
        {
            output[op++] = (byte)(2 | ((length - 1) << 2));
            output[op++] = (byte)offset;
            output[op++] = (byte)(offset >> 8);
        }
        return op;
    }

    private static ParquetFormatException Truncated() => new("Snappy data is truncated");

    private static ParquetFormatException Corrupt(string detail) => new("Snappy data is corrupt: " + detail);
}
