using System;
using System.Collections.Generic;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>Timed runs of one side of one workload at one thread count.</summary>
internal sealed class SideSamples
{
    /// <summary>Seconds per timed run, in run order.</summary>
    public List<double> Seconds { get; } = [];

    /// <summary>Process CPU seconds per timed run (all threads), in run order; empty when the worker did not report it.</summary>
    public List<double> CpuSeconds { get; } = [];

    /// <summary>The first run of the fresh worker (cold: tier-0 JIT, type loading, first touches), or null.</summary>
    public RunSample? Cold { get; set; }

    /// <summary>Rows reported by the last run.</summary>
    public long Rows { get; set; } = -1;

    /// <summary>Largest peak RSS over the timed runs, KiB.</summary>
    public long PeakKilobytes { get; set; } = -1;

    /// <summary>Why this side could not run, or null.</summary>
    public string? Unavailable { get; set; }

    /// <summary>True when the side produced timings.</summary>
    public bool HasData => Unavailable is null && Seconds.Count > 0;

    /// <summary>Median of <paramref name="values"/>.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = new double[values.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = values[i];
        }
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
