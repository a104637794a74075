using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Memory;

public sealed class BufferBuilderTests : LeakCheckedTest
{
    [Fact]
    public void AppendSpan_GrowsAndBuildTransfersOwnership()
    {
        using ArrowBufferBuilder builder = new(Allocator);
        for (int i = 0; i < 1000; i++)
        {
            Span<long> span = builder.AppendSpan<long>(3);
            span[0] = i;
            span[1] = -i;
            span[2] = i * 2L;
        }
        builder.Append(7L);
        Assert.Equal(3001 * 8, builder.Length);
        using ArrowBuffer buffer = builder.Build();
        Assert.Equal(0, builder.Length);
        Assert.True(buffer.IsAligned);
        ReadOnlySpan<long> values = buffer.AsSpan<long>();
        Assert.Equal(3001, values.Length);
        Assert.Equal(999, values[2997]);
        Assert.Equal(-999, values[2998]);
        Assert.Equal(7, values[3000]);
        Assert.Equal(1, Allocator.LiveAllocations);
    }

    [Fact]
    public unsafe void Build_ZeroesPaddingToSixtyFourBytes()
    {
        using ArrowBufferBuilder builder = new(Allocator);
        builder.Append(new byte[] { 1, 2, 3 });
        using ArrowBuffer buffer = builder.Build();
        ReadOnlySpan<byte> padded = new((void*)buffer.Address, 64);
        Assert.Equal(new byte[] { 1, 2, 3 }, padded[..3].ToArray());
        Assert.True(padded[3..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Build_EmptyBuilderGivesEmptyNonNullBuffer()
    {
        using ArrowBufferBuilder builder = new(Allocator);
        using ArrowBuffer buffer = builder.Build();
        Assert.Equal(0, buffer.Length);
        Assert.NotEqual(0, buffer.Address);
    }

    [Fact]
    public void Dispose_FreesUnbuiltMemoryAndIsIdempotent()
    {
        ArrowBufferBuilder builder = new(Allocator, 1000);
        builder.AppendZeros(10);
        Assert.Equal(1, Allocator.LiveAllocations);
        builder.Dispose();
        builder.Dispose();
        Assert.Equal(0, Allocator.LiveAllocations);
        Assert.Throws<ObjectDisposedException>(() => builder.AppendSpan(1));
    }

    [Fact]
    public void BufferWriter_GetSpanAdvance()
    {
        using ArrowBufferBuilder builder = new(Allocator);
        Span<byte> span = builder.GetSpan(5);
        Assert.True(span.Length >= 5);
        span[0] = 42;
        builder.Advance(1);
        Assert.Equal(new byte[] { 42 }, builder.WrittenSpan.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Advance(100_000));
    }

    [Fact]
    public void Validity_StaysLazyUntilFirstNull()
    {
        using ValidityBuilder validity = new(Allocator);
        validity.AppendRun(true, 100);
        validity.AppendValid();
        Assert.Equal(0, Allocator.LiveAllocations);
        Assert.Null(validity.Build(out int none));
        Assert.Equal(0, none);

        validity.AppendRun(true, 10);
        validity.AppendNull();
        validity.AppendRun(false, 3);
        validity.AppendValid();
        using ArrowBuffer? bitmap = validity.Build(out int nullCount);
        Assert.NotNull(bitmap);
        Assert.Equal(4, nullCount);
        ReadOnlySpan<byte> bits = bitmap!.Span;
        for (int i = 0; i < 15; i++)
        {
            Assert.Equal(i < 10 || i == 14, BitUtility.GetBit(bits, i));
        }
        // LSB-first: slots 0..7 valid = 0xFF; slots 8,9 valid, 10..13 null, 14 valid = 0b0100_0011.
        Assert.Equal(0xFF, bits[0]);
        Assert.Equal(0x43, bits[1]);
    }

    [Fact]
    public void Validity_AppendBitsFromUnalignedOffset()
    {
        byte[] source = [0b1010_1100, 0b0000_0001];
        using ValidityBuilder validity = new(Allocator);
        validity.AppendNull();
        validity.AppendBits(source, 2, 7); // bits 2..8 = 1,1,0,1,0,1,1
        using ArrowBuffer? bitmap = validity.Build(out int nullCount);
        bool[] expected = [false, true, true, false, true, false, true, true];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], BitUtility.GetBit(bitmap!.Span, i));
        }
        Assert.Equal(3, nullCount);
    }

    [Fact]
    public void BitUtility_CountAndSetRanges()
    {
        byte[] bits = new byte[20];
        BitUtility.SetBits(bits, 3, 130, true);
        Assert.Equal(130, BitUtility.CountSetBits(bits, 0, 160));
        Assert.Equal(127, BitUtility.CountSetBits(bits, 6, 140));
        Assert.False(BitUtility.GetBit(bits, 2));
        Assert.True(BitUtility.GetBit(bits, 3));
        Assert.True(BitUtility.GetBit(bits, 132));
        Assert.False(BitUtility.GetBit(bits, 133));
        byte[] copy = new byte[20];
        BitUtility.CopyBits(bits, 3, copy, 5, 130);
        Assert.Equal(130, BitUtility.CountSetBits(copy, 5, 130));
        Assert.Equal(0, BitUtility.CountSetBits(copy, 0, 5));
    }

    [Fact]
    public void Offsets_BulkLengthsAndOverflow()
    {
        using OffsetsBuilder offsets = new(false, Allocator);
        offsets.AppendLengths([3, 0, 5]);
        offsets.AppendLength(2);
        Assert.Equal(4, offsets.Count);
        Assert.Equal(10, offsets.Last);
        Assert.Throws<OverflowException>(() => offsets.AppendEnd(5));
        Assert.Throws<OverflowException>(() => offsets.AppendEnd((long)int.MaxValue + 1));
        using ArrowBuffer buffer = offsets.Build();
        Assert.Equal(new[] { 0, 3, 3, 8, 10 }, buffer.AsSpan<int>().ToArray());
    }
}
