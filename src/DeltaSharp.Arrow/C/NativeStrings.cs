using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace DeltaSharp.Arrow.C;

/// <summary>UTF-8 strings and metadata blobs in native memory (freed with <see cref="NativeMemory.Free"/>).</summary>
internal static unsafe class NativeStrings
{
    internal static byte* Utf8(string? value)
    {
        if (value is null)
        {
            return null;
        }
        int length = Encoding.UTF8.GetByteCount(value);
        byte* text = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(text, length));
        text[length] = 0;
        return text;
    }

    internal static string? ReadUtf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);

    /// <summary>Encodes metadata as the C Data Interface requires (int32 count, then int32-length-prefixed key and
    /// value bytes, native endianness). Null when there is no metadata.</summary>
    internal static byte* Metadata(IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        if (metadata.Count == 0)
        {
            return null;
        }
        long size = 4;
        foreach (KeyValuePair<string, string> pair in metadata)
        {
            size += 8 + Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value);
        }
        byte* blob = (byte*)NativeMemory.Alloc((nuint)size);
        byte* cursor = blob;
        *(int*)cursor = metadata.Count;
        cursor += 4;
        foreach (KeyValuePair<string, string> pair in metadata)
        {
            cursor = WritePrefixed(cursor, pair.Key);
            cursor = WritePrefixed(cursor, pair.Value);
        }
        return blob;
    }

    internal static List<KeyValuePair<string, string>> ReadMetadata(byte* blob)
    {
        List<KeyValuePair<string, string>> result = [];
        if (blob is null)
        {
            return result;
        }
        int count = *(int*)blob;
        if (count < 0)
        {
            throw new FormatException($"Arrow C schema metadata has a negative entry count ({count}).");
        }
        byte* cursor = blob + 4;
        for (int i = 0; i < count; i++)
        {
            string key = ReadPrefixed(ref cursor);
            string value = ReadPrefixed(ref cursor);
            result.Add(new KeyValuePair<string, string>(key, value));
        }
        return result;
    }

    private static byte* WritePrefixed(byte* cursor, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        *(int*)cursor = length;
        Encoding.UTF8.GetBytes(value, new Span<byte>(cursor + 4, length));
        return cursor + 4 + length;
    }

    private static string ReadPrefixed(ref byte* cursor)
    {
        int length = *(int*)cursor;
        if (length < 0)
        {
            throw new FormatException($"Arrow C schema metadata has a negative string length ({length}).");
        }
        string value = Encoding.UTF8.GetString(cursor + 4, length);
        cursor += 4 + length;
        return value;
    }
}
