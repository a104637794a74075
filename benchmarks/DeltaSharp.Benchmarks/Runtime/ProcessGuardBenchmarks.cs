using BenchmarkDotNet.Attributes;
using DeltaSharp.Runtime;

namespace DeltaSharp.Benchmarks.Runtime;

/// <summary>
/// Cost of the fork check every entry point runs: the production guard (MADV_WIPEONFORK marker: one load), the
/// getpid-comparison fallback used where wipe-on-fork is unavailable, and the bare getpid() syscall.
/// </summary>
[MemoryDiagnoser]
public class ProcessGuardBenchmarks
{
    private ForkDetector _fallback = null!;

    [GlobalSetup]
    public void Setup()
    {
        ProcessGuard.ThrowIfForked();
        _fallback = new ForkDetector(LibcProcessIdSource.Instance, useWipeOnFork: false);
        _fallback.ThrowIfForked();
    }

    [Benchmark(Baseline = true)]
    public void ThrowIfForked_WipeOnForkMarker() => ProcessGuard.ThrowIfForked();

    [Benchmark]
    public void ThrowIfForked_GetpidFallback() => _fallback.ThrowIfForked();

    [Benchmark]
    public int Getpid_Syscall() => LibcNative.GetPid();
}
