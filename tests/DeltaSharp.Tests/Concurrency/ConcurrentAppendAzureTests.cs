using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary><see cref="ConcurrentAppendTests"/> (8 processes × 50 appends) on Azurite (Azure Blob).</summary>
public sealed class ConcurrentAppendAzureTests
{
    [Fact]
    public async Task EightProcessesAppendingFiftyTimesOnAzureBlob()
    {
        await using ProbeTable table = await ProbeTable.AzureAsync();
        await ConcurrentAppendTests.RunAsync(table);
    }
}
