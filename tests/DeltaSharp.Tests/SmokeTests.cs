using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void SharedCorporaAreFound()
    {
        string conformance = TestEnvironment.RequireConformanceDir();
        Assert.True(System.IO.File.Exists(System.IO.Path.Combine(conformance, "INDEX.json")));
    }
}
