using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary><see cref="CrashSafetyTests"/> on moto: SIGKILL at every named point and at random moments.</summary>
public sealed class CrashSafetyS3Tests
{
    [Theory]
    [MemberData(nameof(CrashSafetyTests.CrashPoints), MemberType = typeof(CrashSafetyTests))]
    public Task AWriterKilledAtANamedPointLeavesAReadableTable(string point, int iteration) =>
        CrashSafetyTests.KilledAtANamedPointAsync("s3", point, iteration);

    [Fact]
    public Task WritersKilledAtRandomMomentsLeaveAReadableTable() => CrashSafetyTests.KilledAtRandomMomentsAsync("s3", kills: 10, seed: 20261123);
}
