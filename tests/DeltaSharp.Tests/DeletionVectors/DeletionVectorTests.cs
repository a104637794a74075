using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;
using DeltaSharp.DeletionVectors;
using Xunit;

namespace DeltaSharp.Tests.DeletionVectors;

public sealed class DeletionVectorTests
{
    [Fact]
    public void Z85DecodesTheRfcExample()
    {
        // ZeroMQ RFC 32: "HelloWorld" encodes 0x86 0x4F 0xD2 0x6F 0xB5 0x59 0xF7 0x5B.
        Assert.Equal(new byte[] { 0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B }, Z85.DecodeBytes("HelloWorld"));
        Assert.Throws<FormatException>(() => Z85.DecodeBytes("Hell"));
        Assert.Throws<FormatException>(() => Z85.DecodeBytes("Hell~"));
    }

    [Fact]
    public void RelativePathFollowsTheProtocolExample()
    {
        // PROTOCOL.md "JSON Example 1 — On Disk with Relative Path (with Random Prefix)".
        var dv = new DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6);
        Assert.Equal("ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", DeletionVectorLoader.ResolvePath(dv, "/t"));
        Assert.Equal("uab^-aqEH.-t@S}K{vb[*k^@4", dv.UniqueId);
    }

    [Fact]
    public void AbsolutePathIsAKeyUnderTheTableOrTheAbsoluteUri()
    {
        var inside = new DeletionVectorDescriptor("p", "s3://bucket/table/dv%20one.bin", null, 40, 6);
        Assert.Equal("dv one.bin", DeletionVectorLoader.ResolvePath(inside, "s3://bucket/table"));
        // Outside the table root (a shallow clone's source): read through another store (tests/ExternalFiles).
        var outside = new DeletionVectorDescriptor("p", "s3://other/dv%20two.bin", null, 40, 6);
        Assert.Equal("s3://other/dv two.bin", DeletionVectorLoader.ResolvePath(outside, "s3://bucket/table"));
    }

    private static byte[] Serialize(params (uint Key, byte[] Roaring)[] bitmaps)
    {
        var bytes = new List<byte>();
        bytes.AddRange(LittleEndian(1681511377));
        bytes.AddRange(BitConverter.GetBytes((long)bitmaps.Length));
        foreach ((uint key, byte[] roaring) in bitmaps)
        {
            bytes.AddRange(LittleEndian((int)key));
            bytes.AddRange(roaring);
        }
        return bytes.ToArray();
    }

    private static byte[] LittleEndian(int value)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        return b;
    }

    private static byte[] ArrayContainer(params ushort[] values)
    {
        var bytes = new List<byte>();
        bytes.AddRange(LittleEndian(12346));      // no run containers
        bytes.AddRange(LittleEndian(1));          // one container
        bytes.AddRange(BitConverter.GetBytes((ushort)0));
        bytes.AddRange(BitConverter.GetBytes((ushort)(values.Length - 1)));
        bytes.AddRange(LittleEndian(0));          // offset header
        foreach (ushort v in values)
        {
            bytes.AddRange(BitConverter.GetBytes(v));
        }
        return bytes.ToArray();
    }

    private static byte[] RunContainer(ushort start, ushort length)
    {
        var bytes = new List<byte>();
        bytes.AddRange(LittleEndian(12347));      // cookie with runs, one container ((size-1) << 16)
        bytes.Add(0b1);                           // container 0 is a run container
        bytes.AddRange(BitConverter.GetBytes((ushort)0));
        bytes.AddRange(BitConverter.GetBytes((ushort)(length - 1)));
        bytes.AddRange(BitConverter.GetBytes((ushort)1)); // one run
        bytes.AddRange(BitConverter.GetBytes(start));
        bytes.AddRange(BitConverter.GetBytes((ushort)(length - 1)));
        return bytes.ToArray();
    }

    [Fact]
    public void ParsesArrayAndRunContainersAcrossHighKeys()
    {
        byte[] data = Serialize((0, ArrayContainer(1, 5, 9)), (1, RunContainer(10, 3)));
        DeletionVectorBitmap bitmap = DeletionVectorBitmap.Parse(data, long.MaxValue);
        Assert.Equal(new long[] { 1, 5, 9, (1L << 32) + 10, (1L << 32) + 11, (1L << 32) + 12 }, bitmap.Rows.ToArray());
    }

    [Fact]
    public void RejectsCorruptBitmaps()
    {
        byte[] good = Serialize((0, ArrayContainer(1, 5, 9)));
        Assert.Throws<FormatException>(() => DeletionVectorBitmap.Parse(good.AsSpan(0, good.Length - 1), long.MaxValue));
        byte[] badMagic = (byte[])good.Clone();
        badMagic[0] ^= 0xFF;
        Assert.Throws<FormatException>(() => DeletionVectorBitmap.Parse(badMagic, long.MaxValue));
        Assert.Throws<FormatException>(() => DeletionVectorBitmap.Parse(good, 2));
        Assert.Throws<FormatException>(() => DeletionVectorBitmap.Parse(Serialize((0, ArrayContainer(9, 5))), long.MaxValue));
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.HashToUInt32(Encoding.ASCII.GetBytes("123456789")));
    }
}
