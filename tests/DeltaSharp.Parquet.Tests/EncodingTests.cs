using System;
using DeltaSharp.Parquet.Encodings;
using DeltaSharp.Parquet.Metadata;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

public sealed class EncodingTests
{
    [Fact]
    public void Rle_hybrid_decodes_the_spec_bit_packing_example_and_an_rle_run()
    {
        // Encodings.md: values 0..7 with bit width 3 bit-pack to 0x88 0xC6 0xFA; one group => header (1<<1)|1.
        // Then an RLE run of five 7s: header 5<<1, value byte 7.
        byte[] data = [0x03, 0x88, 0xC6, 0xFA, 0x0A, 0x07];
        int[] values = new int[13];
        new RleBitPackedDecoder(data, 3).ReadExactly(values);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7], values);
    }

    [Fact]
    public void Rle_hybrid_reads_a_run_in_unaligned_pieces()
    {
        byte[] data = [0x03, 0x88, 0xC6, 0xFA];
        RleBitPackedDecoder decoder = new(data, 3);
        int[] a = new int[3];
        int[] b = new int[5];
        decoder.ReadExactly(a);
        decoder.ReadExactly(b);
        Assert.Equal([0, 1, 2], a);
        Assert.Equal([3, 4, 5, 6, 7], b);
    }

    [Fact]
    public void Rle_hybrid_rejects_missing_values()
    {
        byte[] data = [0x0A, 0x07];
        Assert.Throws<ParquetFormatException>(() => new RleBitPackedDecoder(data, 3).ReadExactly(new int[6]));
    }

    [Fact]
    public void Delta_binary_packed_decodes_the_spec_example()
    {
        // Encodings.md example 1: 1,2,3,4,5 => deltas all 1 => min delta 1, bit widths 0.
        byte[] data = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00];
        DeltaBinaryPackedDecoder decoder = new(data);
        long[] values = new long[5];
        decoder.Decode(values);
        Assert.Equal([1L, 2, 3, 4, 5], values);
        Assert.Equal(data.Length, decoder.Position);
    }

    [Fact]
    public void Delta_binary_packed_decodes_packed_deltas()
    {
        // Encodings.md example 2: 7,5,3,1,2,3,4,5: deltas -2,-2,-2,1,1,1,1; min -2; relative 0,0,0,3,3,3,3 (2 bits)
        // block 128 / 4 miniblocks of 32 values; first miniblock width 2 => 8 bytes.
        byte[] data =
        [
            0x80, 0x01, 0x04, 0x08, 0x0E, // header: 128, 4, 8 values, first zigzag(7)=14
            0x03,                         // min delta zigzag(-2)=3
            0x02, 0x00, 0x00, 0x00,       // widths
            0xC0, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 0,0,0,3 | 3,3,3,0 packed LSB-first
        ];
        DeltaBinaryPackedDecoder decoder = new(data);
        long[] values = new long[8];
        decoder.Decode(values);
        Assert.Equal([7L, 5, 3, 1, 2, 3, 4, 5], values);
    }

    [Fact]
    public void Delta_binary_packed_rejects_bad_headers()
    {
        Assert.Throws<ParquetFormatException>(() => new DeltaBinaryPackedDecoder(new byte[] { 0x03, 0x04, 0x05, 0x02 }));
        Assert.Throws<ParquetFormatException>(() =>
        {
            DeltaBinaryPackedDecoder d = new(new byte[] { 0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x41, 0x00 });
            d.Decode(new long[5]);
        });
    }

    [Fact]
    public void Plain_byte_arrays_and_byte_stream_split_decode()
    {
        using ColumnValues strings = new(true, 0);
        byte[] plain = [2, 0, 0, 0, (byte)'h', (byte)'i', 0, 0, 0, 0, 1, 0, 0, 0, (byte)'x'];
        ValueDecoder.Decode(ParquetEncoding.Plain, plain, 3, ParquetPhysicalType.ByteArray, null, strings);
        Assert.Equal(3, strings.Count);
        Assert.Equal("hi"u8.ToArray(), strings.GetBinary(0).ToArray());
        Assert.Equal(0, strings.GetBinary(1).Length);
        Assert.Equal("x"u8.ToArray(), strings.GetBinary(2).ToArray());

        using ColumnValues ints = new(false, 4);
        // two int32 values 0x04030201 and 0x08070605 split into 4 streams of 2 bytes
        byte[] split = [0x01, 0x05, 0x02, 0x06, 0x03, 0x07, 0x04, 0x08];
        ValueDecoder.Decode(ParquetEncoding.ByteStreamSplit, split, 2, ParquetPhysicalType.Int32, null, ints);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, ints.Data.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void Plain_rejects_a_length_past_the_buffer()
    {
        using ColumnValues strings = new(true, 0);
        byte[] plain = [0xFF, 0xFF, 0xFF, 0x7F, (byte)'h'];
        Assert.Throws<ParquetFormatException>(() => ValueDecoder.Decode(ParquetEncoding.Plain, plain, 1, ParquetPhysicalType.ByteArray, null, strings));
    }

    [Fact]
    public void Dictionary_indices_out_of_range_are_rejected()
    {
        using ColumnValues dictionary = new(false, 4);
        ValueDecoder.Decode(ParquetEncoding.Plain, new byte[] { 1, 0, 0, 0 }, 1, ParquetPhysicalType.Int32, null, dictionary);
        using ColumnValues output = new(false, 4);
        // bit width 1, RLE run of 2 x index 1 (dictionary has one entry)
        Assert.Throws<ParquetFormatException>(() =>
            ValueDecoder.Decode(ParquetEncoding.RleDictionary, new byte[] { 0x01, 0x04, 0x01 }, 2, ParquetPhysicalType.Int32, dictionary, output));
    }
}
