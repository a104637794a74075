using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Encodings;

/// <summary>Decodes the value section of a data or dictionary page, appending to a <see cref="ColumnValues"/>.
/// Pure and synchronous; throws <see cref="ParquetFormatException"/> (no location) on malformed data.</summary>
internal static class ValueDecoder
{
    /// <summary>Bytes per value in <see cref="ColumnValues"/> for a fixed-width physical type; 0 for BYTE_ARRAY.</summary>
    public static int ValueWidth(ParquetPhysicalType type, int typeLength) => type switch
    {
        ParquetPhysicalType.Boolean => 1,
        ParquetPhysicalType.Int32 or ParquetPhysicalType.Float => 4,
        ParquetPhysicalType.Int64 or ParquetPhysicalType.Double => 8,
        ParquetPhysicalType.Int96 => 12,
        ParquetPhysicalType.FixedLenByteArray => typeLength,
        _ => 0,
    };

    /// <summary>Decodes <paramref name="count"/> values encoded with <paramref name="encoding"/>.</summary>
    public static void Decode(ParquetEncoding encoding, ReadOnlySpan<byte> data, int count, ParquetPhysicalType type, ColumnValues? dictionary, ColumnValues output)
    {
        if (count == 0)
        {
            return;
        }
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                DecodePlain(data, count, type, output);
                return;
            case ParquetEncoding.PlainDictionary:
            case ParquetEncoding.RleDictionary:
                if (dictionary is null)
                {
                    throw new ParquetFormatException("a dictionary-encoded page has no preceding dictionary page");
                }
                DecodeDictionary(data, count, dictionary, output);
                return;
            case ParquetEncoding.Rle when type == ParquetPhysicalType.Boolean:
                DecodeRleBoolean(data, count, output);
                return;
            case ParquetEncoding.DeltaBinaryPacked when type is ParquetPhysicalType.Int32 or ParquetPhysicalType.Int64:
                DecodeDeltaBinaryPacked(data, count, type, output);
                return;
            case ParquetEncoding.DeltaLengthByteArray when type == ParquetPhysicalType.ByteArray:
                DecodeDeltaLengthByteArray(data, count, output);
                return;
            case ParquetEncoding.DeltaByteArray when type is ParquetPhysicalType.ByteArray or ParquetPhysicalType.FixedLenByteArray:
                DecodeDeltaByteArray(data, count, output);
                return;
            case ParquetEncoding.ByteStreamSplit when output.Width > 0 && type != ParquetPhysicalType.Boolean && type != ParquetPhysicalType.Int96:
                DecodeByteStreamSplit(data, count, output);
                return;
            default:
                if (Enum.IsDefined(encoding))
                {
                    throw new ParquetFormatException($"encoding {encoding} is not valid for physical type {type}");
                }
                throw new ParquetUnsupportedException($"unknown Parquet encoding {(int)encoding}");
        }
    }

    public static void DecodePlain(ReadOnlySpan<byte> data, int count, ParquetPhysicalType type, ColumnValues output)
    {
        if (type == ParquetPhysicalType.Boolean)
        {
            if ((long)count > (long)data.Length * 8)
            {
                throw new ParquetFormatException($"PLAIN boolean data holds {data.Length * 8L} bits but {count} values are needed");
            }
            Span<byte> dest = output.Data.Append(count);
            for (int i = 0; i < count; i++)
            {
                dest[i] = (byte)((data[i >> 3] >> (i & 7)) & 1);
            }
            output.Count += count;
            return;
        }
        if (type == ParquetPhysicalType.ByteArray)
        {
            // One pass: the values fit in the page minus their 4-byte length prefixes, so that bound sizes the
            // output once; every length is validated as it is copied and the output trimmed to what was written.
            long bound = (long)data.Length - (4L * count);
            if (bound < 0)
            {
                throw new ParquetFormatException($"PLAIN byte arrays: {count} values need at least {4L * count} bytes but the page holds {data.Length}");
            }
            AppendBinaryCapacity(output, count, bound);
            int before = output.Data.Length;
            Span<byte> dest = output.Data.AppendWithSlack((int)bound, CopySlack);
            Span<int> offsets = output.Offsets.Append(count);
            int written = CopyPlainByteArrays(data, count, dest, offsets, before);
            output.Data.Truncate(before + written);
            output.Count += count;
            return;
        }
        int width = output.Width;
        if (width <= 0)
        {
            throw new ParquetFormatException($"fixed-length column has invalid width {width}");
        }
        long bytes = (long)count * width;
        if (bytes > data.Length)
        {
            throw new ParquetFormatException($"PLAIN data holds {data.Length} bytes but {count} values of {width} bytes are needed");
        }
        data[..(int)bytes].CopyTo(output.Data.Append((int)bytes));
        output.Count += count;
    }

    private static void DecodeDictionary(ReadOnlySpan<byte> data, int count, ColumnValues dictionary, ColumnValues output)
    {
        if (data.IsEmpty)
        {
            throw new ParquetFormatException("dictionary-encoded data lacks its bit-width byte");
        }
        int bitWidth = data[0];
        int[] rented = ArrayPool<int>.Shared.Rent(count);
        try
        {
            Span<int> indices = rented.AsSpan(0, count);
            new RleBitPackedDecoder(data[1..], bitWidth).ReadExactly(indices);
            int dictCount = dictionary.Count;
            if (dictionary.IsVariableLength)
            {
                ReadOnlySpan<int> dOffsets = dictionary.Offsets.ReadOnlySpan;
                long total = 0;
                for (int i = 0; i < count; i++)
                {
                    int index = indices[i];
                    if ((uint)index >= (uint)dictCount)
                    {
                        throw new ParquetFormatException($"dictionary index {index} is outside the dictionary of {dictCount} values");
                    }
                    total += dOffsets[index + 1] - dOffsets[index];
                }
                if (output.Data.Length + total > int.MaxValue)
                {
                    throw new ParquetUnsupportedException("a column chunk holds more than 2 GiB of byte-array data, which this reader cannot hold in one Arrow array");
                }
                ReadOnlySpan<byte> dData = dictionary.Data.ReadOnlySpan;
                Span<byte> dest = output.Data.AppendWithSlack((int)total, CopySlack);
                Span<int> offsets = output.Offsets.Append(count);
                int baseOffset = output.Data.Length - (int)total;
                GatherByteArrays(dData, dOffsets, indices, dest, offsets, baseOffset);
                output.Count += count;
                return;
            }
            int width = dictionary.Width;
            ReadOnlySpan<byte> values = dictionary.Data.ReadOnlySpan;
            Span<byte> target = output.Data.Append(checked(count * width));
            switch (width)
            {
                case 4:
                    {
                        ReadOnlySpan<int> v4 = MemoryMarshal.Cast<byte, int>(values);
                        Span<int> t4 = MemoryMarshal.Cast<byte, int>(target);
                        for (int i = 0; i < count; i++)
                        {
                            int index = indices[i];
                            if ((uint)index >= (uint)dictCount)
                            {
                                throw BadIndex(index, dictCount);
                            }
                            t4[i] = v4[index];
                        }
                        break;
                    }
                case 8:
                    {
                        ReadOnlySpan<long> v8 = MemoryMarshal.Cast<byte, long>(values);
                        Span<long> t8 = MemoryMarshal.Cast<byte, long>(target);
                        for (int i = 0; i < count; i++)
                        {
                            int index = indices[i];
                            if ((uint)index >= (uint)dictCount)
                            {
                                throw BadIndex(index, dictCount);
                            }
                            t8[i] = v8[index];
                        }
                        break;
                    }
                default:
                    for (int i = 0; i < count; i++)
                    {
                        int index = indices[i];
                        if ((uint)index >= (uint)dictCount)
                        {
                            throw BadIndex(index, dictCount);
                        }
                        values.Slice(index * width, width).CopyTo(target.Slice(i * width, width));
                    }
                    break;
            }
            output.Count += count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>Writable bytes past the end of a byte-array destination, so values of up to 16 bytes can be copied
    /// with one 16-byte move.</summary>
    private const int CopySlack = 16;

    /// <summary>Copies <paramref name="count"/> PLAIN byte arrays into <paramref name="dest"/> (at least the page
    /// length minus the prefixes, + <see cref="CopySlack"/>), validating each length against the page; returns the
    /// bytes written.</summary>
    private static int CopyPlainByteArrays(ReadOnlySpan<byte> data, int count, Span<byte> dest, Span<int> offsets, int baseOffset)
    {
        ref byte source = ref MemoryMarshal.GetReference(data);
        ref byte target = ref MemoryMarshal.GetReference(dest);
        int sourceLength = data.Length;
        int position = 0;
        int written = 0;
        for (int i = 0; i < offsets.Length && i < count; i++)
        {
            if (sourceLength - position < 4)
            {
                throw new ParquetFormatException($"PLAIN byte array {i} of {count} is truncated");
            }
            int length = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref source, position));
            if (!BitConverter.IsLittleEndian)
            {
                length = BinaryPrimitives.ReverseEndianness(length);
            }
            position += 4;
            if ((uint)length > (uint)(sourceLength - position))
            {
                throw new ParquetFormatException($"PLAIN byte array length {(uint)length} exceeds the {sourceLength - position} bytes left");
            }
            if (length <= 16 && sourceLength - position >= 16)
            {
                // dest has CopySlack bytes past its end: the 16-byte write stays inside it.
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, written), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref source, position)));
            }
            else
            {
                data.Slice(position, length).CopyTo(dest[written..]);
            }
            position += length;
            written += length;
            offsets[i] = baseOffset + written;
        }
        return written;
    }

    /// <summary>Copies dictionary entries <paramref name="indices"/> (validated) into <paramref name="dest"/> (total
    /// length + <see cref="CopySlack"/>).</summary>
    private static void GatherByteArrays(ReadOnlySpan<byte> values, ReadOnlySpan<int> valueOffsets, ReadOnlySpan<int> indices, Span<byte> dest, Span<int> offsets, int baseOffset)
    {
        ref byte source = ref MemoryMarshal.GetReference(values);
        ref byte target = ref MemoryMarshal.GetReference(dest);
        int sourceLength = values.Length;
        int written = 0;
        for (int i = 0; i < offsets.Length && i < indices.Length; i++)
        {
            int index = indices[i];
            int start = valueOffsets[index];
            int length = valueOffsets[index + 1] - start;
            if (length <= 16 && sourceLength - start >= 16)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, written), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref source, start)));
            }
            else
            {
                values.Slice(start, length).CopyTo(dest[written..]);
            }
            written += length;
            offsets[i] = baseOffset + written;
        }
    }

    private static ParquetFormatException BadIndex(int index, int count) =>
        new($"dictionary index {index} is outside the dictionary of {count} values");

    private static void DecodeRleBoolean(ReadOnlySpan<byte> data, int count, ColumnValues output)
    {
        if (data.Length < 4)
        {
            throw new ParquetFormatException("RLE boolean data lacks its length prefix");
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (length < 0 || length > data.Length - 4)
        {
            throw new ParquetFormatException($"RLE boolean length {length} exceeds the {data.Length - 4} bytes left");
        }
        int[] rented = ArrayPool<int>.Shared.Rent(count);
        try
        {
            Span<int> bits = rented.AsSpan(0, count);
            new RleBitPackedDecoder(data.Slice(4, length), 1).ReadExactly(bits);
            Span<byte> dest = output.Data.Append(count);
            for (int i = 0; i < count; i++)
            {
                dest[i] = (byte)bits[i];
            }
            output.Count += count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static void DecodeDeltaBinaryPacked(ReadOnlySpan<byte> data, int count, ParquetPhysicalType type, ColumnValues output)
    {
        DeltaBinaryPackedDecoder decoder = new(data);
        long[] rented = ArrayPool<long>.Shared.Rent(count);
        try
        {
            Span<long> values = rented.AsSpan(0, count);
            decoder.Decode(values);
            if (type == ParquetPhysicalType.Int32)
            {
                Span<int> dest = MemoryMarshal.Cast<byte, int>(output.Data.Append(count * 4));
                for (int i = 0; i < count; i++)
                {
                    dest[i] = unchecked((int)values[i]);
                }
            }
            else
            {
                MemoryMarshal.AsBytes(values).CopyTo(output.Data.Append(count * 8));
            }
            output.Count += count;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes a DELTA_BINARY_PACKED sequence of lengths; returns the bytes consumed.</summary>
    private static int DecodeLengths(ReadOnlySpan<byte> data, Span<long> lengths, string what)
    {
        DeltaBinaryPackedDecoder decoder = new(data);
        if (decoder.TotalValues < lengths.Length)
        {
            throw new ParquetFormatException($"{what} holds {decoder.TotalValues} lengths but {lengths.Length} values are needed");
        }
        decoder.Decode(lengths);
        return decoder.Position;
    }

    private static void DecodeDeltaLengthByteArray(ReadOnlySpan<byte> data, int count, ColumnValues output)
    {
        long[] rented = ArrayPool<long>.Shared.Rent(count);
        try
        {
            Span<long> lengths = rented.AsSpan(0, count);
            int position = DecodeLengths(data, lengths, "DELTA_LENGTH_BYTE_ARRAY");
            ReadOnlySpan<byte> bytes = data[position..];
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                long length = lengths[i];
                if (length < 0 || length > bytes.Length - total)
                {
                    throw new ParquetFormatException($"DELTA_LENGTH_BYTE_ARRAY length {length} exceeds the {bytes.Length - total} bytes left");
                }
                total += length;
            }
            AppendBinaryCapacity(output, count, total);
            bytes[..(int)total].CopyTo(output.Data.Append((int)total));
            Span<int> offsets = output.Offsets.Append(count);
            int offset = output.Data.Length - (int)total;
            for (int i = 0; i < count; i++)
            {
                offset += (int)lengths[i];
                offsets[i] = offset;
            }
            output.Count += count;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    private static void AppendBinaryCapacity(ColumnValues output, int count, long total)
    {
        if (output.Data.Length + total > int.MaxValue)
        {
            throw new ParquetUnsupportedException("a column chunk holds more than 2 GiB of byte-array data, which this reader cannot hold in one Arrow array");
        }
        output.Data.EnsureCapacity((int)total);
        output.Offsets.EnsureCapacity(count);
    }

    private static void DecodeDeltaByteArray(ReadOnlySpan<byte> data, int count, ColumnValues output)
    {
        long[] rented = ArrayPool<long>.Shared.Rent(checked(count * 2));
        try
        {
            Span<long> prefixes = rented.AsSpan(0, count);
            Span<long> suffixes = rented.AsSpan(count, count);
            int position = DecodeLengths(data, prefixes, "DELTA_BYTE_ARRAY prefixes");
            position += DecodeLengths(data[position..], suffixes, "DELTA_BYTE_ARRAY suffixes");
            ReadOnlySpan<byte> bytes = data[position..];

            // Pass 1: validate every prefix against the previous value and every suffix against the bytes left.
            long total = 0, suffixTotal = 0, previousLength = 0;
            for (int i = 0; i < count; i++)
            {
                long prefix = prefixes[i];
                long suffix = suffixes[i];
                if (prefix < 0 || prefix > previousLength)
                {
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY prefix length {prefix} exceeds the previous value's {previousLength} bytes");
                }
                if (suffix < 0 || suffix > bytes.Length - suffixTotal)
                {
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY suffix length {suffix} exceeds the {bytes.Length - suffixTotal} bytes left");
                }
                previousLength = prefix + suffix;
                if (!output.IsVariableLength && previousLength != output.Width)
                {
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY value of {previousLength} bytes in a FIXED_LEN_BYTE_ARRAY({output.Width}) column");
                }
                suffixTotal += suffix;
                total += previousLength;
                if (total > int.MaxValue)
                {
                    throw new ParquetUnsupportedException("a column chunk holds more than 2 GiB of byte-array data, which this reader cannot hold in one Arrow array");
                }
            }

            // Pass 2: each value is its prefix of the previous value (already in the output) plus its suffix.
            AppendBinaryCapacity(output, count, total);
            Span<byte> dest = output.Data.Append((int)total);
            Span<int> offsets = output.IsVariableLength ? output.Offsets.Append(count) : default;
            int baseOffset = output.Data.Length - (int)total;
            int write = 0, previousStart = 0, suffixOffset = 0;
            for (int i = 0; i < count; i++)
            {
                int prefix = (int)prefixes[i];
                int suffix = (int)suffixes[i];
                if (prefix > 0)
                {
                    dest.Slice(previousStart, prefix).CopyTo(dest[write..]);
                }
                bytes.Slice(suffixOffset, suffix).CopyTo(dest[(write + prefix)..]);
                suffixOffset += suffix;
                previousStart = write;
                write += prefix + suffix;
                if (output.IsVariableLength)
                {
                    offsets[i] = baseOffset + write;
                }
            }
            output.Count += count;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    private static void DecodeByteStreamSplit(ReadOnlySpan<byte> data, int count, ColumnValues output)
    {
        int width = output.Width;
        long total = (long)count * width;
        if (total > data.Length)
        {
            throw new ParquetFormatException($"BYTE_STREAM_SPLIT data holds {data.Length} bytes but {count} values of {width} bytes are needed");
        }
        // Streams are sized by the number of values in the page (data.Length / width).
        if (data.Length % width != 0)
        {
            throw new ParquetFormatException($"BYTE_STREAM_SPLIT data length {data.Length} is not a multiple of {width}");
        }
        int stride = data.Length / width;
        Span<byte> dest = output.Data.Append((int)total);
        if (width == 4)
        {
            ReadOnlySpan<byte> s0 = data.Slice(0, count), s1 = data.Slice(stride, count), s2 = data.Slice(2 * stride, count), s3 = data.Slice(3 * stride, count);
            Span<uint> d4 = MemoryMarshal.Cast<byte, uint>(dest);
            for (int i = 0; i < count; i++)
            {
                d4[i] = s0[i] | ((uint)s1[i] << 8) | ((uint)s2[i] << 16) | ((uint)s3[i] << 24);
            }
            output.Count += count;
            return;
        }
        if (width == 8)
        {
            ReadOnlySpan<byte> s0 = data.Slice(0, count), s1 = data.Slice(stride, count), s2 = data.Slice(2 * stride, count), s3 = data.Slice(3 * stride, count);
            ReadOnlySpan<byte> s4 = data.Slice(4 * stride, count), s5 = data.Slice(5 * stride, count), s6 = data.Slice(6 * stride, count), s7 = data.Slice(7 * stride, count);
            Span<ulong> d8 = MemoryMarshal.Cast<byte, ulong>(dest);
            for (int i = 0; i < count; i++)
            {
                uint lo = s0[i] | ((uint)s1[i] << 8) | ((uint)s2[i] << 16) | ((uint)s3[i] << 24);
                uint hi = s4[i] | ((uint)s5[i] << 8) | ((uint)s6[i] << 16) | ((uint)s7[i] << 24);
                d8[i] = lo | ((ulong)hi << 32);
            }
            output.Count += count;
            return;
        }
        for (int k = 0; k < width; k++)
        {
            ReadOnlySpan<byte> stream = data.Slice(k * stride, count);
            for (int i = 0; i < count; i++)
            {
                dest[(i * width) + k] = stream[i];
            }
        }
        output.Count += count;
    }
}
