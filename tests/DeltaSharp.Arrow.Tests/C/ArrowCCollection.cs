using Xunit;

namespace DeltaSharp.Arrow.Tests.C;

/// <summary>Tests that compare the process-wide export counters run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
#pragma warning disable CA1711
public sealed class ArrowCSerialGroup
{
    public const string Name = "Arrow C export counters";
}
