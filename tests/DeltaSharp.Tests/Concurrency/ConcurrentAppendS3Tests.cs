using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary><see cref="ConcurrentAppendTests"/> (8 processes × 50 appends) on moto (S3).</summary>
public sealed class ConcurrentAppendS3Tests
{
    [Fact]
    public async Task EightProcessesAppendingFiftyTimesOnS3()
    {
        await using ProbeTable table = await ProbeTable.S3Async();
        await ConcurrentAppendTests.RunAsync(table);
    }
}
