using System;
using DeltaSharp.Storage;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;

namespace DeltaSharp.Cli;

/// <summary>
/// The object stores the tool can reach: local paths and <c>memory://</c> (built in), S3 (credentials, region and
/// endpoint from the AWS SDK's usual chain, including <c>AWS_ENDPOINT_URL</c>), and Azure Blob / ADLS Gen2
/// (<c>AZURE_STORAGE_CONNECTION_STRING</c> when set, otherwise <c>DefaultAzureCredential</c> with the account
/// named in the URI).
/// </summary>
internal static class CliStorage
{
    public static ObjectStoreOptions CreateOptions()
    {
        string? connectionString = Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING");
        AzureBlobObjectStoreOptions? azure = string.IsNullOrEmpty(connectionString)
            ? null
            : AzureBlobObjectStoreOptions.FromConnectionString(connectionString);
        return new ObjectStoreOptions().UseS3().UseAzure(azure);
    }
}
