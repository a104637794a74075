using System.Threading.Tasks;
using DeltaSharp.Storage;

namespace DeltaSharp.Storage.Tests.Conformance;

public sealed class InMemoryObjectStoreConformanceTests : ObjectStoreConformanceTests
{
    protected override ValueTask<IObjectStore> OpenEmptyStoreAsync() => ValueTask.FromResult<IObjectStore>(new InMemoryObjectStore());
}

/// <summary>The same suite through <c>memory://name/root</c> views from <see cref="ObjectStoreOptions"/>.</summary>
public sealed class MemoryUriObjectStoreConformanceTests : ObjectStoreConformanceTests
{
    private readonly ObjectStoreOptions options = new();
    private int counter;

    protected override ValueTask<IObjectStore> OpenEmptyStoreAsync() =>
        ValueTask.FromResult(options.Open($"memory://shared/tables/t{++counter}"));
}
