using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DeltaSharp.Arrow.Tests")]
[assembly: InternalsVisibleTo("DeltaSharp.Benchmarks")]
