using System;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>One engine's implementation of one workload, prepared once (untimed) and run many times (timed).</summary>
internal interface IWorkloadSide : IDisposable
{
    /// <summary>Runs the workload once with <paramref name="threads"/> threads; returns the rows produced
    /// (scans: rows decoded; log loads: live files; writes: rows written).</summary>
    ValueTask<long> RunAsync(int threads, CancellationToken cancellationToken);
}
