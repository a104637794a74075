namespace DeltaSharp.Benchmarks.Compare;

/// <summary>One run of a worker as it replied: wall seconds, process CPU seconds, JIT time and methods compiled during
/// the run (NaN / -1 when the worker did not report them).</summary>
internal sealed record RunSample(double Seconds, double CpuSeconds, double JitMilliseconds, long JitMethods);
