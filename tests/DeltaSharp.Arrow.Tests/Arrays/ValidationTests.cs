using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Arrays;

public sealed class ValidationTests : LeakCheckedTest
{
    [Fact]
    public void ShortValuesBuffer_IsRejected()
    {
        using ArrayData data = new(ArrowType.Int64, 3, 0, 0, [null, ArrowBuffer.CopyFrom<long>(new long[] { 1, 2 }, Allocator)]);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(data.Validate);
        Assert.Contains("values buffer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecreasingOffsets_AreRejected()
    {
        using ArrayData data = new(ArrowType.Utf8, 2, 0, 0,
            [null, ArrowBuffer.CopyFrom<int>(new[] { 0, 3, 1 }, Allocator), ArrowBuffer.CopyFrom(new byte[3], Allocator)]);
        Assert.Throws<InvalidOperationException>(data.Validate);
    }

    [Fact]
    public void OffsetsBeyondData_AreRejected()
    {
        using ArrayData data = new(ArrowType.Binary, 1, 0, 0,
            [null, ArrowBuffer.CopyFrom<int>(new[] { 0, 100 }, Allocator), ArrowBuffer.CopyFrom(new byte[3], Allocator)]);
        Assert.Throws<InvalidOperationException>(data.Validate);
    }

    [Fact]
    public void NullCountWithoutBitmap_IsRejected()
    {
        using ArrayData data = new(ArrowType.Int32, 1, 1, 0, [null, ArrowBuffer.CopyFrom<int>(new[] { 0 }, Allocator)]);
        Assert.Throws<InvalidOperationException>(data.Validate);
    }

    [Fact]
    public void ViewPointingOutsideItsBuffer_IsRejected()
    {
        byte[] views = new byte[16];
        BitConverter.TryWriteBytes(views.AsSpan(0), 20);
        BitConverter.TryWriteBytes(views.AsSpan(8), 0);
        BitConverter.TryWriteBytes(views.AsSpan(12), 0);
        using ArrayData data = new(ArrowType.BinaryView, 1, 0, 0,
            [null, ArrowBuffer.CopyFrom(views, Allocator), ArrowBuffer.CopyFrom(new byte[10], Allocator)]);
        Assert.Throws<InvalidOperationException>(data.Validate);
    }

    [Fact]
    public void DictionaryIndexOutOfRange_IsRejected()
    {
        ArrayData dictionary = new(ArrowType.Int32, 1, 0, 0, [null, ArrowBuffer.CopyFrom<int>(new[] { 7 }, Allocator)]);
        using ArrayData data = new(new DictionaryType(IntegerType.Int8, ArrowType.Int32), 1, 0, 0,
            [null, ArrowBuffer.CopyFrom(new byte[] { 3 }, Allocator)], null, dictionary);
        Assert.Throws<InvalidOperationException>(data.Validate);
    }

    [Fact]
    public void UsingDisposedData_Throws()
    {
        ArrayData data = new(ArrowType.Int32, 1, 0, 0, [null, ArrowBuffer.CopyFrom<int>(new[] { 0 }, Allocator)]);
        data.Dispose();
        data.Dispose();
        Assert.Throws<ObjectDisposedException>(() => data.Buffers.Count);
        Assert.Throws<ObjectDisposedException>(() => data.Slice(0, 1));
    }
}
