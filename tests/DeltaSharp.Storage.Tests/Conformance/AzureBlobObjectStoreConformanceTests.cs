using System;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Storage.Azure;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Storage.Tests.Conformance;

/// <summary>The conformance suite against Azurite's blob service (started by scripts/emulators.sh), Shared Key auth.</summary>
public sealed class AzureBlobObjectStoreConformanceTests : ObjectStoreConformanceTests
{
    protected override int RaceRepetitions => 10;

    protected override async ValueTask<IObjectStore> OpenEmptyStoreAsync()
    {
        AzureBlobObjectStoreOptions options = AzuriteEnvironment.RequireOptions();
        await AzuriteEnvironment.EnsureContainerAsync(options);
        return new AzureBlobObjectStore(AzuriteEnvironment.Container, "conformance/" + Guid.NewGuid().ToString("N"), options);
    }
}

/// <summary>Reads the Azurite endpoint exported by scripts/emulators.sh and prepares a container.</summary>
internal static class AzuriteEnvironment
{
    public const string Container = "deltasharp-tests";
    private static readonly SemaphoreSlim ContainerLock = new(1, 1);
    private static bool containerReady;

    public static AzureBlobObjectStoreOptions RequireOptions()
    {
        string endpoint = TestEnvironment.RequireVariable("DELTASHARP_AZURITE_BLOB_ENDPOINT", "Azure Blob emulator (Azurite)");
        AzureBlobObjectStoreOptions options = AzureBlobObjectStoreOptions.ForAzurite(new Uri(endpoint));
        options.AccountName = Environment.GetEnvironmentVariable("DELTASHARP_AZURITE_ACCOUNT") ?? options.AccountName;
        options.AccountKey = Environment.GetEnvironmentVariable("DELTASHARP_AZURITE_KEY") ?? options.AccountKey;
        options.BlockSize = 1024 * 1024;
        options.MaxRetries = 2;
        return options;
    }

    public static async Task EnsureContainerAsync(AzureBlobObjectStoreOptions options)
    {
        await ContainerLock.WaitAsync();
        try
        {
            if (!containerReady)
            {
                await using var store = new AzureBlobObjectStore(Container, string.Empty, options);
                await store.CreateContainerIfNotExistsAsync();
                containerReady = true;
            }
        }
        finally
        {
            ContainerLock.Release();
        }
    }
}
