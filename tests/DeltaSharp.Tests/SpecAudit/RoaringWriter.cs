using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// Writes Delta's RoaringBitmapArray (PROTOCOL.md "Deletion Vector Format": magic, then the 64-bit portable Roaring
/// format of RoaringFormatSpec) and the DV file framing ("Deletion Vector File Storage Format"), from the specs,
/// independently of the reader. Container kinds are chosen by the caller so array, bitmap and run containers are all
/// exercised.
/// </summary>
internal static class RoaringWriter
{
    public enum Kind
    {
        Array,
        Bitmap,
        Run,
    }

    /// <summary>Serializes <paramref name="rows"/>; <paramref name="kind"/> picks each 16-bit container's encoding.</summary>
    public static byte[] Serialize(IEnumerable<long> rows, Func<long, ushort, Kind>? kind = null)
    {
        kind ??= (_, _) => Kind.Array;
        var buckets = rows.Distinct().OrderBy(r => r).GroupBy(r => (uint)(r >> 32)).ToList();
        using var output = new MemoryStream();
        var w = new BinaryWriter(output);
        w.Write(1681511377);
        w.Write((long)buckets.Count);
        foreach (var bucket in buckets)
        {
            w.Write(bucket.Key);
            WriteRoaring32(w, bucket.Key, bucket.Select(r => (uint)r).ToList(), kind);
        }
        w.Flush();
        return output.ToArray();
    }

    private static void WriteRoaring32(BinaryWriter w, uint high, List<uint> values, Func<long, ushort, Kind> kind)
    {
        var containers = values.GroupBy(v => (ushort)(v >> 16)).Select(g => (Key: g.Key, Values: g.Select(v => (ushort)v).ToList())).ToList();
        var kinds = containers.Select(c => kind(high, c.Key)).ToList();
        bool hasRuns = kinds.Contains(Kind.Run);
        int size = containers.Count;
        if (hasRuns)
        {
            w.Write(12347 | ((size - 1) << 16));
            var flags = new byte[(size + 7) / 8];
            for (int i = 0; i < size; i++)
            {
                if (kinds[i] == Kind.Run)
                {
                    flags[i / 8] |= (byte)(1 << (i % 8));
                }
            }
            w.Write(flags);
        }
        else
        {
            w.Write(12346);
            w.Write(size);
        }
        var bodies = new List<byte[]>();
        for (int i = 0; i < size; i++)
        {
            w.Write(containers[i].Key);
            w.Write((ushort)(containers[i].Values.Count - 1));
            bodies.Add(Body(containers[i].Values, kinds[i]));
        }
        if (!hasRuns || size >= 4)
        {
            // Offsets are relative to the start of this 32-bit bitmap; the reader must skip them either way.
            int offset = 0;
            foreach (byte[] body in bodies)
            {
                w.Write(offset);
                offset += body.Length;
            }
        }
        foreach (byte[] body in bodies)
        {
            w.Write(body);
        }
    }

    private static byte[] Body(List<ushort> values, Kind kind)
    {
        using var output = new MemoryStream();
        var w = new BinaryWriter(output);
        switch (kind)
        {
            case Kind.Array:
                if (values.Count > 4096)
                {
                    throw new ArgumentException("an array container holds at most 4096 values");
                }
                foreach (ushort v in values)
                {
                    w.Write(v);
                }
                break;
            case Kind.Bitmap:
                if (values.Count <= 4096)
                {
                    throw new ArgumentException("the format makes a container of 4096 or fewer values an array container");
                }
                var words = new ulong[1024];
                foreach (ushort v in values)
                {
                    words[v >> 6] |= 1UL << (v & 63);
                }
                foreach (ulong word in words)
                {
                    w.Write(word);
                }
                break;
            case Kind.Run:
                var runs = new List<(ushort Start, ushort LengthMinusOne)>();
                int start = values[0];
                int previous = values[0];
                for (int i = 1; i <= values.Count; i++)
                {
                    if (i < values.Count && values[i] == previous + 1)
                    {
                        previous = values[i];
                        continue;
                    }
                    runs.Add(((ushort)start, (ushort)(previous - start)));
                    if (i < values.Count)
                    {
                        start = previous = values[i];
                    }
                }
                w.Write((ushort)runs.Count);
                foreach (var (s, l) in runs)
                {
                    w.Write(s);
                    w.Write(l);
                }
                break;
        }
        w.Flush();
        return output.ToArray();
    }

    /// <summary>A DV file: version byte 1, then per DV a big-endian size, the bitmap and its big-endian CRC-32.
    /// Returns the file and each DV's offset.</summary>
    public static (byte[] File, int[] Offsets) DvFile(params byte[][] bitmaps)
    {
        using var output = new MemoryStream();
        output.WriteByte(1);
        var offsets = new int[bitmaps.Length];
        Span<byte> word = stackalloc byte[4];
        for (int i = 0; i < bitmaps.Length; i++)
        {
            offsets[i] = (int)output.Position;
            BinaryPrimitives.WriteInt32BigEndian(word, bitmaps[i].Length);
            output.Write(word);
            output.Write(bitmaps[i]);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(bitmaps[i]));
            output.Write(word);
        }
        return (output.ToArray(), offsets);
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit.</summary>
    public static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>Z85 (ZeroMQ RFC 32) of <paramref name="data"/>, whose length must be a multiple of 4.</summary>
    public static string Z85(byte[] data)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
        var text = new System.Text.StringBuilder();
        var chunk = new char[5];
        for (int i = 0; i < data.Length; i += 4)
        {
            uint value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i, 4));
            for (int j = 4; j >= 0; j--)
            {
                chunk[j] = alphabet[(int)(value % 85)];
                value /= 85;
            }
            text.Append(chunk);
        }
        return text.ToString();
    }

    /// <summary>Pads to a multiple of 4 bytes (inline DVs are Z85 of the padded bytes; sizeInBytes stays the raw size).</summary>
    public static byte[] Pad4(byte[] data)
    {
        var padded = new byte[(data.Length + 3) / 4 * 4];
        data.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>The 20-character Z85 form of a UUID (its 16 bytes, big-endian as in Java's UUID).</summary>
    public static string Z85Uuid(Guid uuid)
    {
        byte[] bytes = uuid.ToByteArray(bigEndian: true);
        return Z85(bytes);
    }
}
