using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DeltaSharp.Tests")]
[assembly: InternalsVisibleTo("DeltaSharp.ForkProbe")]
[assembly: InternalsVisibleTo("DeltaSharp.Benchmarks")]
