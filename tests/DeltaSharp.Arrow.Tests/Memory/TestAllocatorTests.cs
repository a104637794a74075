using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.TestSupport;
using Xunit;
using Xunit.Sdk;

namespace DeltaSharp.Arrow.Tests.Memory;

public sealed class TestAllocatorTests
{
    [Fact]
    public void Leak_IsReportedWithWhereItWasAllocated()
    {
        TestAllocator allocator = new();
        ArrowBuffer leaked = allocator.Allocate(10);
        Exception e = Assert.ThrowsAny<Exception>(allocator.AssertNoLeaks);
        Assert.IsAssignableFrom<IAssertionException>(e);
        Assert.Contains("1 live allocations", e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Leak_IsReportedWithWhereItWasAllocated), e.Message, StringComparison.Ordinal);
        leaked.Dispose();
        allocator.AssertNoLeaks();
        allocator.Dispose();
    }

    [Fact]
    public unsafe void WriteAfterRelease_IsDetected()
    {
        TestAllocator allocator = new();
        ArrowBuffer buffer = allocator.Allocate(16);
        byte* stale = (byte*)buffer.Address;
        buffer.Dispose();
        Assert.Equal(TestAllocator.PoisonByte, stale[3]);
        stale[3] = 1;
        Exception e = Assert.ThrowsAny<Exception>(allocator.AssertNoLeaks);
        Assert.Contains("Write after release", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(allocator.Dispose);
    }

    [Fact]
    public void FreshBuilderMemory_IsNotZero()
    {
        using TestAllocator allocator = new();
        using ArrowBufferBuilder builder = new(allocator);
        Span<byte> span = builder.AppendSpan(8);
        Assert.Equal(TestAllocator.FreshByte, span[0]);
    }
}
