using System;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Memory;

public sealed class ArrowBufferTests : LeakCheckedTest
{
    [Fact]
    public void Allocate_IsZeroedAlignedAndCounted()
    {
        using (ArrowBuffer buffer = Allocator.Allocate(100))
        {
            Assert.Equal(100, buffer.Length);
            Assert.True(buffer.IsAligned);
            Assert.Equal(0, buffer.Address % 64);
            Assert.True(buffer.Span.IndexOfAnyExcept((byte)0) < 0);
            Assert.Equal(1, Allocator.LiveAllocations);
            Assert.Equal(128, Allocator.LiveBytes);
        }
        Assert.Equal(0, Allocator.LiveAllocations);
        Assert.Equal(0, Allocator.LiveBytes);
    }

    [Fact]
    public void DoubleDispose_IsHarmless()
    {
        ArrowBuffer buffer = Allocator.Allocate(10);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Equal(0, Allocator.LiveAllocations);
        Assert.Empty(Allocator.Errors);
    }

    [Fact]
    public void UseAfterDispose_Throws()
    {
        ArrowBuffer buffer = Allocator.Allocate(10);
        buffer.Dispose();
        Assert.True(buffer.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => buffer.Address);
        Assert.Throws<ObjectDisposedException>(() => buffer.Retain());
        Assert.Throws<ObjectDisposedException>(() => buffer.SliceShared(0, 1));
        Assert.Throws<ObjectDisposedException>(() => buffer.AsSpan<int>().Length);
    }

    [Fact]
    public void Retain_SharesMemoryUntilLastHandle()
    {
        ArrowBuffer original = ArrowBuffer.CopyFrom(new byte[] { 1, 2, 3, 4 }, Allocator);
        ArrowBuffer shared = original.Retain();
        Assert.Equal(original.Address, shared.Address);
        original.Dispose();
        Assert.Equal(1, Allocator.LiveAllocations);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, shared.Span.ToArray());
        Assert.Throws<ObjectDisposedException>(() => original.Span.Length);
        shared.Dispose();
        Assert.Equal(0, Allocator.LiveAllocations);
    }

    [Fact]
    public void SliceShared_ViewsSubrangeWithoutCopy()
    {
        using ArrowBuffer original = ArrowBuffer.CopyFrom(new byte[] { 1, 2, 3, 4, 5 }, Allocator);
        using ArrowBuffer slice = original.SliceShared(1, 3);
        Assert.Equal(original.Address + 1, slice.Address);
        Assert.Equal(new byte[] { 2, 3, 4 }, slice.Span.ToArray());
        using ArrowBuffer sliceOfSlice = slice.SliceShared(2, 1);
        Assert.Equal(new byte[] { 4 }, sliceOfSlice.Span.ToArray());
        Assert.Equal(1, Allocator.LiveAllocations);
        Assert.Throws<ArgumentOutOfRangeException>(() => original.SliceShared(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => original.SliceShared(-1, 1));
    }

    [Fact]
    public void Retain_ThroughDisposedHandleNeverRevives()
    {
        ArrowBuffer a = Allocator.Allocate(8);
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.Retain());
        Assert.Equal(0, Allocator.LiveAllocations);
        Assert.Equal(1, Allocator.TotalAllocations);
    }

    [Fact]
    public void ReleaseFromManyThreads_FreesExactlyOnce()
    {
        for (int round = 0; round < 50; round++)
        {
            ArrowBuffer root = Allocator.Allocate(64);
            ArrowBuffer[] handles = new ArrowBuffer[16];
            for (int i = 0; i < handles.Length; i++)
            {
                handles[i] = root.Retain();
            }
            root.Dispose();
            using Barrier barrier = new(handles.Length);
            Parallel.For(0, handles.Length, new ParallelOptions { MaxDegreeOfParallelism = handles.Length }, i =>
            {
                barrier.SignalAndWait();
                handles[i].Dispose();
                handles[i].Dispose();
            });
            Assert.Equal(0, Allocator.LiveAllocations);
        }
        Assert.Empty(Allocator.Errors);
    }

    [Fact]
    public void RetainRacingWithRelease_EitherSucceedsOrThrows()
    {
        for (int round = 0; round < 200; round++)
        {
            ArrowBuffer root = Allocator.Allocate(64);
            ArrowBuffer? retained = null;
            Exception? error = null;
            Thread t = new(() =>
            {
                try
                {
                    retained = root.Retain();
                }
                catch (ObjectDisposedException e)
                {
                    error = e;
                }
            });
            t.Start();
            root.Dispose();
            t.Join();
            if (retained is not null)
            {
                Assert.Null(error);
                Assert.Equal(1, Allocator.LiveAllocations);
                retained.Dispose();
            }
            else
            {
                Assert.NotNull(error);
            }
            Assert.Equal(0, Allocator.LiveAllocations);
        }
    }

    [Fact]
    public unsafe void WrapExternal_CallsReleaserOnceWhenLastHandleGoes()
    {
        byte[] backing = [9, 8, 7];
        CountingReleaser releaser = new();
        fixed (byte* p = backing)
        {
            ArrowBuffer wrapped = ArrowBuffer.WrapExternal(p, 3, releaser);
            ArrowBuffer other = wrapped.SliceShared(1, 2);
            Assert.Null(wrapped.Allocator);
            wrapped.Dispose();
            Assert.Equal(0, releaser.Count);
            Assert.Equal(new byte[] { 8, 7 }, other.Span.ToArray());
            other.Dispose();
            other.Dispose();
        }
        Assert.Equal(1, releaser.Count);
    }

    [Fact]
    public void CopyFrom_TypedValues()
    {
        using ArrowBuffer buffer = ArrowBuffer.CopyFrom<long>(new long[] { 1, -2, long.MaxValue }, Allocator);
        Assert.Equal(24, buffer.Length);
        Assert.Equal(new long[] { 1, -2, long.MaxValue }, buffer.AsSpan<long>().ToArray());
        Assert.Equal(-2, buffer.Read<long>(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Read<long>(3));
    }

    [Fact]
    public void DefaultAllocator_IsSharedNativeAllocator()
    {
        Assert.Same(ArrowAllocator.Default, ArrowAllocator.OrDefault(null));
        Assert.IsType<NativeArrowAllocator>(ArrowAllocator.Default);
        using ArrowBuffer b = ArrowBuffer.CopyFrom(new byte[] { 1 });
        Assert.Same(ArrowAllocator.Default, b.Allocator);
    }

    private sealed class CountingReleaser : IDisposable
    {
        private int _count;

        public int Count => _count;

        public void Dispose() => Interlocked.Increment(ref _count);
    }
}
