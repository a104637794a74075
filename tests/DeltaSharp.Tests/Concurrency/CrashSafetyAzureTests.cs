using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary><see cref="CrashSafetyTests"/> on Azurite: SIGKILL at every named point and at random moments.</summary>
public sealed class CrashSafetyAzureTests
{
    [Theory]
    [MemberData(nameof(CrashSafetyTests.CrashPoints), MemberType = typeof(CrashSafetyTests))]
    public Task AWriterKilledAtANamedPointLeavesAReadableTable(string point, int iteration) =>
        CrashSafetyTests.KilledAtANamedPointAsync("azure", point, iteration);

    [Fact]
    public Task WritersKilledAtRandomMomentsLeaveAReadableTable() => CrashSafetyTests.KilledAtRandomMomentsAsync("azure", kills: 10, seed: 20261123);
}
