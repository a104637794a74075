using Azure.Core;

namespace DeltaSharp.Storage.Azure;

/// <summary>Azure.Core client options for the Blob pipeline built from <see cref="AzureBlobObjectStoreOptions"/>.</summary>
internal sealed class AzureBlobClientOptions : ClientOptions
{
    public AzureBlobClientOptions(AzureBlobObjectStoreOptions options)
    {
        Retry.MaxRetries = options.MaxRetries;
        Retry.Mode = RetryMode.Exponential;
        Retry.Delay = System.TimeSpan.FromMilliseconds(200);
        Retry.MaxDelay = System.TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = options.NetworkTimeout;
        Diagnostics.ApplicationId = "DeltaSharp";
        // Log and trace only what Azure.Core redacts by default: no Authorization header, no SAS query values.
        Diagnostics.IsLoggingContentEnabled = false;
        if (options.Transport is not null)
        {
            Transport = options.Transport;
        }
    }
}
