using System;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Runtime;
using Xunit;

namespace DeltaSharp.Tests.Runtime;

public sealed class ForkDetectorTests
{
    [Fact]
    public void FirstUseStampsTheCallingProcessAndSameProcessPasses()
    {
        var ids = new FakeProcessIds(100);
        var detector = new ForkDetector(ids, useWipeOnFork: false);
        Assert.False(detector.IsEstablished);
        detector.ThrowIfForked();
        detector.ThrowIfForked();
        Assert.True(detector.IsEstablished);
        Assert.Equal(100, detector.CreatorProcessId);
    }

    [Fact]
    public void ChildWithAnotherPidGetsForkExceptionWithCurrentAndCreatorInOrder()
    {
        var ids = new FakeProcessIds(100);
        var detector = new ForkDetector(ids, useWipeOnFork: false);
        detector.ThrowIfForked();
        ids.Current = 250; // what getpid() returns in the fork child
        DeltaForkedProcessException e = Assert.Throws<DeltaForkedProcessException>(detector.ThrowIfForked);
        Assert.Equal(250, e.CurrentProcessId);
        Assert.Equal(100, e.CreatorProcessId);
        Assert.IsAssignableFrom<DeltaException>(e);
        Assert.False(e.IsTransient);
        int current = e.Message.IndexOf("process 250", StringComparison.Ordinal);
        int creator = e.Message.IndexOf("process 100", StringComparison.Ordinal);
        Assert.True(current >= 0 && creator > current, e.Message);
        Assert.Contains("spawn", e.Message, StringComparison.Ordinal);
        Assert.Contains("forkserver", e.Message, StringComparison.Ordinal);
        Assert.Contains("only inside the child", e.Message, StringComparison.Ordinal);
        // Every later call keeps failing: nothing is repaired in the child.
        Assert.Throws<DeltaForkedProcessException>(detector.ThrowIfForked);
        Assert.Equal(100, detector.CreatorProcessId);
    }

    [Fact]
    public void ProcessThatForkedBeforeFirstUseInitialisesNormally()
    {
        // The parent never used this detector; the child (pid 300) is the first user.
        var ids = new FakeProcessIds(300);
        var detector = new ForkDetector(ids, useWipeOnFork: false);
        detector.ThrowIfForked();
        Assert.Equal(300, detector.EnsureEstablished());
    }

    [Fact]
    public void WipedMarkerMeansForkedWithoutCallingGetpidOnTheHotPath()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "MADV_WIPEONFORK is Linux-only");
        var ids = new FakeProcessIds(100);
        var detector = new ForkDetector(ids, useWipeOnFork: true);
        detector.ThrowIfForked();
        Assert.True(detector.UsesWipeOnFork);
        int callsAfterStamp = ids.Calls;
        for (int i = 0; i < 1000; i++)
        {
            detector.ThrowIfForked();
        }
        Assert.Equal(callsAfterStamp, ids.Calls); // the hot path is a memory load, no process-id query
        ids.Current = 101;
        detector.SimulateForkWipeForTesting(); // what the kernel does to the page in the child
        DeltaForkedProcessException e = Assert.Throws<DeltaForkedProcessException>(detector.ThrowIfForked);
        Assert.Equal(101, e.CurrentProcessId);
        Assert.Equal(100, e.CreatorProcessId);
    }

    [Fact]
    public void ProcessGuardUsesWipeOnForkOnLinuxAndPassesInThisProcess()
    {
        ProcessGuard.ThrowIfForked();
        Assert.True(ProcessGuard.Detector.IsEstablished);
        Assert.Equal(OperatingSystem.IsLinux(), ProcessGuard.Detector.UsesWipeOnFork);
        Assert.Equal(LibcProcessIdSource.Instance.GetCurrentProcessId(), ProcessGuard.Detector.CreatorProcessId);
    }

    [Fact]
    public void SixtyFourThreadsRacingOnFirstUseAgreeOnOneStamp()
    {
        for (int round = 0; round < 50; round++)
        {
            var ids = new FakeProcessIds(4242);
            var detector = new ForkDetector(ids, useWipeOnFork: true);
            Exception?[] failures = RaceOnce(64, detector.ThrowIfForked);
            Assert.All(failures, Assert.Null);
            Assert.Equal(4242, detector.CreatorProcessId);
        }
    }

    internal static Exception?[] RaceOnce(int threads, Action action)
    {
        var failures = new Exception?[threads];
        using var start = new Barrier(threads);
        var tasks = new Task[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            tasks[t] = Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    failures[index] = e;
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        Task.WaitAll(tasks);
        return failures;
    }
}
