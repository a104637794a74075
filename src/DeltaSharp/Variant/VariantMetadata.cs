using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace DeltaSharp.Variant;

/// <summary>
/// A parsed Variant metadata dictionary (Parquet VariantEncoding.md "Metadata encoding"): header (version 1,
/// sorted flag, offset size), dictionary size, offsets, UTF-8 field names. Gives the field name of an id and the id of a
/// name. Immutable after parsing.
/// </summary>
internal sealed class VariantMetadata
{
    private readonly string[] names;
    private readonly Dictionary<string, int> ids;

    private VariantMetadata(string[] names)
    {
        this.names = names;
        ids = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            ids.TryAdd(names[i], i);
        }
    }

    /// <summary>Number of names in the dictionary.</summary>
    public int Count => names.Length;

    /// <summary>Parses metadata bytes.</summary>
    /// <exception cref="FormatException">Not a version-1 metadata dictionary, or a length runs past the end.</exception>
    public static VariantMetadata Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new FormatException("variant metadata is empty");
        }
        byte header = bytes[0];
        if ((header & 0x0F) != 1)
        {
            throw new FormatException($"variant metadata version {header & 0x0F} is not supported (expected 1)");
        }
        int offsetSize = ((header >> 6) & 0x03) + 1;
        long size = ReadUnsigned(bytes, 1, offsetSize);
        long offsetsStart = 1 + offsetSize;
        long bytesStart = offsetsStart + ((size + 1) * offsetSize);
        if (size < 0 || bytesStart > bytes.Length)
        {
            throw new FormatException($"variant metadata dictionary of {size} names does not fit in {bytes.Length} bytes");
        }
        var names = new string[size];
        for (int i = 0; i < size; i++)
        {
            long start = ReadUnsigned(bytes, (int)(offsetsStart + (i * offsetSize)), offsetSize);
            long end = ReadUnsigned(bytes, (int)(offsetsStart + ((i + 1) * offsetSize)), offsetSize);
            if (start > end || bytesStart + end > bytes.Length)
            {
                throw new FormatException($"variant metadata name {i} runs past the end of the dictionary");
            }
            names[i] = Encoding.UTF8.GetString(bytes.Slice((int)(bytesStart + start), (int)(end - start)));
        }
        return new VariantMetadata(names);
    }

    /// <summary>The name of field id <paramref name="id"/>.</summary>
    /// <exception cref="FormatException">The id is not in the dictionary.</exception>
    public string NameOf(int id) =>
        (uint)id < (uint)names.Length ? names[id] : throw new FormatException($"variant field id {id} is not in the metadata dictionary ({names.Length} names)");

    /// <summary>The id of <paramref name="name"/>, or -1 when the dictionary lacks it.</summary>
    public int IdOf(string name) => ids.TryGetValue(name, out int id) ? id : -1;

    /// <summary>Reads a little-endian unsigned integer of 1–4 bytes at <paramref name="offset"/>.</summary>
    internal static long ReadUnsigned(ReadOnlySpan<byte> bytes, int offset, int size)
    {
        if (offset < 0 || offset + size > bytes.Length)
        {
            throw new FormatException("variant data is truncated");
        }
        return size switch
        {
            1 => bytes[offset],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(offset)),
            3 => bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset)),
        };
    }
}
