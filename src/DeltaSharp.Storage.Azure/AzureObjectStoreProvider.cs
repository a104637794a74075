using System;

namespace DeltaSharp.Storage.Azure;

/// <summary>
/// Opens Azure locations as <see cref="AzureBlobObjectStore"/>s: <c>az://container/path</c>,
/// <c>abfs[s]://container@account.dfs.core.windows.net/path</c>, <c>wasb[s]://container@account.blob.core.windows.net/path</c>,
/// <c>https://account.blob.core.windows.net/container/path[?sas]</c> (and <c>.dfs.</c>), and path-style URLs under the
/// configured <see cref="AzureBlobObjectStoreOptions.BlobEndpoint"/> (Azurite).
/// </summary>
internal sealed class AzureObjectStoreProvider : IObjectStoreProvider
{
    private readonly AzureBlobObjectStoreOptions options;

    public AzureObjectStoreProvider(AzureBlobObjectStoreOptions options)
    {
        options.Validate();
        this.options = options;
    }

    public bool CanOpen(ObjectStoreUri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Scheme switch
        {
            "az" or "azure" or "abfs" or "abfss" or "wasb" or "wasbs" => true,
            "https" or "http" => IsAzureHost(HostOf(location.Authority)) || UnderConfiguredEndpoint(location) is not null,
            _ => false,
        };
    }

    public IObjectStore Open(ObjectStoreUri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        AzureBlobObjectStoreOptions resolved = options.Clone();
        string container;
        string path;
        switch (location.Scheme)
        {
            case "az":
            case "azure":
                container = location.Authority;
                path = location.Path;
                if (resolved.BlobEndpoint is null && string.IsNullOrEmpty(resolved.AccountName))
                {
                    throw new ArgumentException($"Azure location '{location}' names no account: set AccountName or BlobEndpoint in UseAzure(...), or use abfss://container@account.dfs.core.windows.net/path.", nameof(location));
                }
                break;
            case "abfs":
            case "abfss":
            case "wasb":
            case "wasbs":
            {
                int at = location.Authority.IndexOf('@', StringComparison.Ordinal);
                if (at <= 0)
                {
                    throw new ArgumentException($"Azure location '{location}' must be {location.Scheme}://container@account.<host>/path.", nameof(location));
                }
                container = location.Authority[..at];
                string host = HostOf(location.Authority[(at + 1)..]);
                ApplyAccountHost(resolved, host);
                path = location.Path;
                break;
            }
            default:
            {
                string? underEndpoint = UnderConfiguredEndpoint(location);
                string containerAndPath;
                if (underEndpoint is not null)
                {
                    containerAndPath = underEndpoint;
                }
                else
                {
                    ApplyAccountHost(resolved, HostOf(location.Authority));
                    containerAndPath = location.Path;
                }
                int slash = containerAndPath.IndexOf('/', StringComparison.Ordinal);
                container = slash < 0 ? containerAndPath : containerAndPath[..slash];
                path = slash < 0 ? string.Empty : containerAndPath[(slash + 1)..];
                if (!string.IsNullOrEmpty(location.Query))
                {
                    resolved.SasToken = location.Query;
                }
                break;
            }
        }
        if (container.Length == 0)
        {
            throw new ArgumentException($"Azure location '{location}' names no container.", nameof(location));
        }
        return new AzureBlobObjectStore(container, path, resolved);
    }

    // az://container, abfss://container@host: the container is in the authority (the default). https/http URLs
    // carry it as the first path segment (after the configured endpoint's own path, for path-style Azurite URLs);
    // the query (a SAS) is kept so the root store authenticates as the location would.
    public ObjectStoreUri GetStoreRoot(ObjectStoreUri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Scheme is not ("https" or "http"))
        {
            return location.WithPath(string.Empty);
        }
        string? underEndpoint = UnderConfiguredEndpoint(location);
        string containerAndPath = underEndpoint ?? location.Path;
        string basePath = underEndpoint is null ? string.Empty : location.Path[..(location.Path.Length - underEndpoint.Length)].TrimEnd('/');
        int slash = containerAndPath.IndexOf('/', StringComparison.Ordinal);
        string container = slash < 0 ? containerAndPath : containerAndPath[..slash];
        if (container.Length == 0)
        {
            throw new ArgumentException($"Azure location '{location}' names no container.", nameof(location));
        }
        return location.WithPath(basePath.Length == 0 ? container : basePath + "/" + container);
    }

    private static string HostOf(string authority)
    {
        int colon = authority.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? authority : authority[..colon]).ToLowerInvariant();
    }

    private static bool IsAzureHost(string host) =>
        host.EndsWith(".blob.core.windows.net", StringComparison.Ordinal) || host.EndsWith(".dfs.core.windows.net", StringComparison.Ordinal);

    // account.dfs.core.windows.net / account.blob.core.windows.net: the account, served through its Blob endpoint
    // unless an endpoint is configured (Azurite).
    private static void ApplyAccountHost(AzureBlobObjectStoreOptions resolved, string host)
    {
        int dot = host.IndexOf('.', StringComparison.Ordinal);
        string account = dot < 0 ? host : host[..dot];
        if (resolved.BlobEndpoint is not null)
        {
            resolved.AccountName ??= account;
            return;
        }
        resolved.AccountName = account;
        string suffix = dot < 0 ? ".blob.core.windows.net" : host[dot..].Replace(".dfs.", ".blob.", StringComparison.Ordinal);
        resolved.BlobEndpoint = new Uri("https://" + account + suffix);
    }

    // For http(s) URLs under the configured endpoint (path-style, e.g. Azurite): the "container/path" remainder.
    private string? UnderConfiguredEndpoint(ObjectStoreUri location)
    {
        if (options.BlobEndpoint is null)
        {
            return null;
        }
        Uri endpoint = options.BlobEndpoint;
        string endpointAuthority = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Host + ":" + endpoint.Port;
        if (!location.Scheme.Equals(endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            || !location.Authority.Equals(endpointAuthority, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string basePath = Uri.UnescapeDataString(endpoint.AbsolutePath).Trim('/');
        if (basePath.Length == 0)
        {
            return location.Path;
        }
        return location.Path.StartsWith(basePath + "/", StringComparison.Ordinal) ? location.Path[(basePath.Length + 1)..]
            : location.Path == basePath ? string.Empty
            : null;
    }
}
