using System;

namespace DeltaSharp.Benchmarks.Compare;

/// <summary>Thrown when one side cannot run a workload yet (reported as n/a with the message, never faked).</summary>
internal sealed class WorkloadUnavailableException : Exception
{
    public WorkloadUnavailableException(string message)
        : base(message)
    {
    }

    public WorkloadUnavailableException()
    {
    }

    public WorkloadUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
