namespace DeltaSharp.Runtime;

/// <summary>What a thread created by DeltaSharp's runtime is for.</summary>
public enum DeltaThreadKind
{
    /// <summary>A pooled worker that runs many jobs (CPU work such as decoding, blocking calls) until idle or shutdown.</summary>
    Worker = 0,

    /// <summary>A thread dedicated to one long-running body started with <see cref="DeltaRuntime.RunDedicatedAsync"/>.</summary>
    Dedicated = 1,
}
