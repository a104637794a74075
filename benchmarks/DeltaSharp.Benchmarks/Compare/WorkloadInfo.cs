namespace DeltaSharp.Benchmarks.Compare;

/// <summary>A workload of <c>compare</c>.</summary>
/// <param name="Name">Short name used in the table and on the machine-readable last line.</param>
/// <param name="Description">What is measured.</param>
/// <param name="ArrowBytesPerRow">Arrow bytes per output row for GB/s; 0 = not a columnar output (log loads).</param>
internal sealed record WorkloadInfo(string Name, string Description, double ArrowBytesPerRow);
