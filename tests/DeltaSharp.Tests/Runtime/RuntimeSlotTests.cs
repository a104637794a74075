using System;
using System.Threading;
using DeltaSharp.Runtime;
using Xunit;

namespace DeltaSharp.Tests.Runtime;

public sealed class RuntimeSlotTests
{
    [Fact]
    public void SixtyFourThreadsRacingOnFirstUseBuildExactlyOneRuntime()
    {
        for (int round = 0; round < 40; round++)
        {
            int built = 0;
            var slot = new RuntimeSlot(options =>
            {
                Interlocked.Increment(ref built);
                return DeltaRuntime.CreateIsolated(options);
            });
            var seen = new DeltaRuntime?[64];
            int next = -1;
            Exception?[] failures = ForkDetectorTests.RaceOnce(64, () => seen[Interlocked.Increment(ref next)] = slot.GetOrCreate());
            Assert.All(failures, Assert.Null);
            Assert.Equal(1, built);
            Assert.All(seen, r => Assert.Same(seen[0], r));
            Assert.True(slot.Shutdown(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public void InitializeWithOtherOptionsWhileRunningIsAnErrorAndSameOptionsReturnsTheRuntime()
    {
        var slot = new RuntimeSlot(DeltaRuntime.CreateIsolated);
        var options = new DeltaRuntimeOptions { MaxWorkerThreads = 2 };
        DeltaRuntime first = slot.Initialize(options);
        Assert.Same(options, first.Options);
        Assert.Same(first, slot.Initialize(options));
        Assert.Same(first, slot.GetOrCreate());
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => slot.Initialize(new DeltaRuntimeOptions { MaxWorkerThreads = 2 }));
        Assert.Contains("Initialize", e.Message, StringComparison.Ordinal);
        Assert.True(slot.Shutdown(TimeSpan.FromSeconds(10)));
        Assert.True(first.IsShutDown);
        DeltaRuntime second = slot.Initialize(new DeltaRuntimeOptions { MaxWorkerThreads = 3 });
        Assert.NotSame(first, second);
        Assert.True(slot.Shutdown(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void FirstUseWithoutInitializeGetsDefaultsAndLaterInitializeWithOptionsFails()
    {
        var slot = new RuntimeSlot(DeltaRuntime.CreateIsolated);
        DeltaRuntime runtime = slot.GetOrCreate();
        Assert.Same(DeltaRuntimeOptions.Default, runtime.Options);
        Assert.Throws<InvalidOperationException>(() => slot.Initialize(new DeltaRuntimeOptions()));
        Assert.True(slot.Shutdown(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void CreatingTheRuntimeStartsNoThreadAndRecordsTheRealProcessId()
    {
        DeltaRuntime runtime = DeltaRuntime.CreateIsolated(new DeltaRuntimeOptions());
        Assert.Equal(0, runtime.LiveThreadCount);
        Assert.Equal(0, runtime.WorkerThreadCount);
        Assert.Equal(LibcProcessIdSource.Instance.GetCurrentProcessId(), runtime.CreatorProcessId);
        Assert.True(runtime.ShutdownCore(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaRuntime.CreateIsolated(new DeltaRuntimeOptions { MaxWorkerThreads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaRuntime.CreateIsolated(new DeltaRuntimeOptions { WorkerIdleTimeout = TimeSpan.FromSeconds(-5) }));
    }
}
