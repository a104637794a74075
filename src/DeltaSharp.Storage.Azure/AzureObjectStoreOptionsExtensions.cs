using System;

namespace DeltaSharp.Storage.Azure;

/// <summary>Adds Azure Blob Storage / ADLS Gen2 to an <see cref="ObjectStoreOptions"/>.</summary>
public static class AzureObjectStoreOptionsExtensions
{
    /// <summary>
    /// Serves <c>az://</c>, <c>abfs[s]://</c>, <c>wasb[s]://</c> and Azure <c>https://</c> Blob/DFS URLs (and, when
    /// <see cref="AzureBlobObjectStoreOptions.BlobEndpoint"/> is set, path-style URLs under it) with
    /// <see cref="AzureBlobObjectStore"/>. Account and container come from the URL when it names them; credentials
    /// from <paramref name="azureOptions"/> (null: <c>DefaultAzureCredential</c>) or a SAS in the URL.
    /// </summary>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static ObjectStoreOptions UseAzure(this ObjectStoreOptions options, AzureBlobObjectStoreOptions? azureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = new AzureObjectStoreProvider(azureOptions ?? new AzureBlobObjectStoreOptions());
        foreach (string scheme in new[] { "az", "azure", "abfs", "abfss", "wasb", "wasbs", "https", "http" })
        {
            options.Register(scheme, provider);
        }
        return options;
    }

    /// <summary>As <see cref="UseAzure(ObjectStoreOptions, AzureBlobObjectStoreOptions?)"/>, configuring a fresh
    /// <see cref="AzureBlobObjectStoreOptions"/> with <paramref name="configure"/>.</summary>
    public static ObjectStoreOptions UseAzure(this ObjectStoreOptions options, Action<AzureBlobObjectStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var azureOptions = new AzureBlobObjectStoreOptions();
        configure(azureOptions);
        return options.UseAzure(azureOptions);
    }
}
