using System;
using Azure.Core;
using Azure.Core.Pipeline;

namespace DeltaSharp.Storage.Azure;

/// <summary>
/// How <see cref="AzureBlobObjectStore"/> connects: account, endpoint, credentials, retries and upload sizes.
/// </summary>
/// <remarks>
/// <para><b>Credentials</b>, first that applies: a SAS token in the location URI (<c>https://...?sv=...</c>);
/// <see cref="SasToken"/>; <see cref="AccountKey"/> (Shared Key, signed per request); <see cref="Credential"/>
/// (any <see cref="TokenCredential"/>, e.g. <c>DefaultAzureCredential</c> or <c>ManagedIdentityCredential</c>;
/// needs HTTPS); otherwise <c>DefaultAzureCredential</c>.</para>
/// <para>Secrets set here are used for signing only; they never appear in exception messages or logs.</para>
/// <para>Treat as immutable once a store or <c>UseAzure</c> has it.</para>
/// </remarks>
public sealed class AzureBlobObjectStoreOptions
{
    /// <summary>Azurite's documented development account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's documented development account key (public; the same for every Azurite install).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The storage account. Null: taken from the location's host (<c>account.blob.core.windows.net</c>,
    /// <c>container@account.dfs.core.windows.net</c>).</summary>
    public string? AccountName { get; set; }

    /// <summary>
    /// The Blob service endpoint including any account path segment, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>
    /// for Azurite. Null: <c>https://{account}.blob.core.windows.net</c>. ADLS Gen2 (<c>dfs</c>) locations are always
    /// served through this Blob endpoint.
    /// </summary>
    public Uri? BlobEndpoint { get; set; }

    /// <summary>The base64 account key for Shared Key authorization.</summary>
    public string? AccountKey { get; set; }

    /// <summary>A SAS token (with or without the leading '?') appended to every request.</summary>
    public string? SasToken { get; set; }

    /// <summary>An Entra ID credential (bearer tokens for <c>https://storage.azure.com/.default</c>).</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>Retries of throttled (429/503), failed (5xx, 408) or broken requests, with exponential backoff
    /// (Azure.Core's retry policy). Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Timeout of one network operation (request or body read). Default 100 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Block size for uploads from a stream; a stream that ends within the first block is uploaded with a
    /// single Put Blob. Default 8 MiB; at least 64 KiB.</summary>
    public int BlockSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Blocks uploaded concurrently (memory use is about this many blocks). Default 4.</summary>
    public int UploadConcurrency { get; set; } = 4;

    /// <summary>Blobs asked per List Blobs page (1..5000). Default 1000.</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>The REST API version sent as <c>x-ms-version</c>. Default 2023-11-03.</summary>
    public string ServiceVersion { get; set; } = "2023-11-03";

    /// <summary>An HTTP transport to use instead of the default (for proxies or tests).</summary>
    public HttpPipelineTransport? Transport { get; set; }

    /// <summary>Options for Azurite at <paramref name="blobEndpoint"/> (e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>)
    /// with the well-known development account.</summary>
    public static AzureBlobObjectStoreOptions ForAzurite(Uri blobEndpoint)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        return new AzureBlobObjectStoreOptions
        {
            AccountName = DevelopmentAccountName,
            AccountKey = DevelopmentAccountKey,
            BlobEndpoint = blobEndpoint,
        };
    }

    /// <summary>
    /// Options from an Azure Storage connection string (<c>AccountName=..;AccountKey=..;BlobEndpoint=..;
    /// SharedAccessSignature=..;DefaultEndpointsProtocol=..;EndpointSuffix=..</c>, or <c>UseDevelopmentStorage=true</c>
    /// for Azurite on its default port).
    /// </summary>
    /// <exception cref="ArgumentException">The string is malformed (the message never repeats it).</exception>
    public static AzureBlobObjectStoreOptions FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new AzureBlobObjectStoreOptions();
        string protocol = "https";
        string suffix = "core.windows.net";
        foreach (string part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException("Malformed Azure Storage connection string: every part must be Name=Value.", nameof(connectionString));
            }
            string name = part[..equals];
            string value = part[(equals + 1)..];
            switch (name.ToUpperInvariant())
            {
                case "ACCOUNTNAME": options.AccountName = value; break;
                case "ACCOUNTKEY": options.AccountKey = value; break;
                case "SHAREDACCESSSIGNATURE": options.SasToken = value; break;
                case "BLOBENDPOINT": options.BlobEndpoint = new Uri(value); break;
                case "DEFAULTENDPOINTSPROTOCOL": protocol = value; break;
                case "ENDPOINTSUFFIX": suffix = value; break;
                case "USEDEVELOPMENTSTORAGE":
                    if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
                    {
                        options.AccountName = DevelopmentAccountName;
                        options.AccountKey = DevelopmentAccountKey;
                        options.BlobEndpoint ??= new Uri("http://127.0.0.1:10000/" + DevelopmentAccountName);
                    }
                    break;
                default:
                    break;
            }
        }
        if (options.BlobEndpoint is null && options.AccountName is not null)
        {
            options.BlobEndpoint = new Uri($"{protocol}://{options.AccountName}.blob.{suffix}");
        }
        return options;
    }

    internal AzureBlobObjectStoreOptions Clone() => (AzureBlobObjectStoreOptions)MemberwiseClone();

    internal void Validate()
    {
        if (BlockSize < 64 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, "Block size must be at least 64 KiB.");
        }
        if (UploadConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UploadConcurrency), UploadConcurrency, "Must be at least 1.");
        }
        if (ListPageSize is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(ListPageSize), ListPageSize, "Must be between 1 and 5000.");
        }
        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Must not be negative.");
        }
        if (AccountKey is not null)
        {
            Span<byte> scratch = stackalloc byte[256];
            if (!Convert.TryFromBase64String(AccountKey, scratch, out _))
            {
                throw new ArgumentException("The Azure account key is not valid base64 (the key itself is not shown).", nameof(AccountKey));
            }
        }
    }
}
