using System.Collections.Generic;

namespace DeltaSharp.Benchmarks.Compare;

internal static partial class DeltaSharpWorkloads
{
    /// <summary>The scan side: waits for the Arrow-level Parquet reader (ParquetReader) on main.</summary>
    private static IWorkloadSide CreateScan(string table, IReadOnlyList<string>? columns, (long Low, long High)? idRange)
    {
        _ = table;
        _ = columns;
        _ = idRange;
        throw new WorkloadUnavailableException("waits for the Arrow-level Parquet reader (DeltaSharp.Parquet.ParquetReader) on main");
    }
}
