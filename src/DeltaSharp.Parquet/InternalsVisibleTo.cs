using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DeltaSharp.Parquet.Tests")]
[assembly: InternalsVisibleTo("DeltaSharp.Benchmarks")]
