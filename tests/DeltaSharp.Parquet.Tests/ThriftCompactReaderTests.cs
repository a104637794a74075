using System;
using System.Collections.Generic;
using DeltaSharp.Parquet.Thrift;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

public sealed class ThriftCompactReaderTests
{
    // Field header: delta << 4 | type. Values per the Thrift compact protocol specification.
    [Fact]
    public void Reads_fields_of_every_type_and_skips_unknown_ones()
    {
        List<byte> b =
        [
            0x15, 0x54,                 // field 1 i32 zigzag(42)=84
            0x16, 0x03,                 // field 2 i64 zigzag(-2)=3
            0x11,                       // field 3 bool true
            0x18, 0x03, (byte)'a', (byte)'b', (byte)'c', // field 4 binary "abc"
            0x19, 0x35, 0x02, 0x04, 0x06, // field 5 list<i32> [1,2,3]
            0x1C, 0x15, 0x02, 0x00,     // field 6 struct { 1: i32 1 } (skipped)
            0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, // field 7 double 1.0
            0x05, 0x40, 0x01,           // long-form header: type i32, field id zigzag(32)=64, value -1
            0x00,
        ];
        ThriftCompactReader r = new(b.ToArray());
        r.BeginStruct();
        short id = 0;
        List<string> seen = [];
        while (r.ReadFieldHeader(ref id, out ThriftType t))
        {
            switch (id)
            {
                case 1: seen.Add("i32:" + r.ReadI32()); break;
                case 2: seen.Add("i64:" + r.ReadI64()); break;
                case 3: seen.Add("bool:" + r.ReadBool(t)); break;
                case 4: seen.Add("str:" + r.ReadString()); break;
                case 5:
                    int n = r.ReadListHeader(out ThriftType et);
                    Assert.Equal(ThriftType.I32, et);
                    for (int i = 0; i < n; i++) { seen.Add("e:" + r.ReadI32()); }
                    break;
                case 7: seen.Add("d:" + r.ReadDouble()); break;
                case 32: seen.Add("f32:" + r.ReadI32()); break;
                default: r.Skip(t); break;
            }
        }
        r.EndStruct();
        Assert.Equal(["i32:42", "i64:-2", "bool:True", "str:abc", "e:1", "e:2", "e:3", "d:1", "f32:-1"], seen);
        Assert.Equal(b.Count, r.Position);
    }

    [Fact]
    public void Rejects_truncated_binary()
    {
        byte[] data = [0x18, 0x0A, (byte)'a'];
        Assert.Throws<ParquetFormatException>(() =>
        {
            ThriftCompactReader r = new(data);
            short id = 0;
            r.ReadFieldHeader(ref id, out _);
            r.ReadBinary();
        });
    }

    [Fact]
    public void Rejects_list_larger_than_remaining_bytes()
    {
        // list<i32> with a varint size of 1,000,000 but no elements
        byte[] data = [0x19, 0xF5, 0xC0, 0x84, 0x3D];
        Assert.Throws<ParquetFormatException>(() =>
        {
            ThriftCompactReader r = new(data);
            short id = 0;
            r.ReadFieldHeader(ref id, out ThriftType t);
            r.Skip(t);
        });
    }

    [Fact]
    public void Rejects_nesting_beyond_the_depth_limit()
    {
        byte[] data = new byte[2000];
        Array.Fill(data, (byte)0x1C); // field 1 struct, repeated: unbounded nesting
        Assert.Throws<ParquetFormatException>(() =>
        {
            ThriftCompactReader r = new(data);
            r.Skip(ThriftType.Struct);
        });
    }

    [Fact]
    public void Rejects_overlong_varint()
    {
        byte[] data = [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        Assert.Throws<ParquetFormatException>(() =>
        {
            ThriftCompactReader r = new(data);
            short id = 0;
            r.ReadFieldHeader(ref id, out _);
            r.ReadI32();
        });
    }

    [Fact]
    public void Rejects_garbage_file_metadata()
    {
        byte[] data = [0x15, 0x02, 0x00]; // version only: required fields missing
        Assert.Throws<ParquetFormatException>(() => ParquetThriftDecoder.DecodeFileMetaData(data));
    }
}
