using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace DeltaSharp.Storage.Azure;

/// <summary>
/// An <see cref="IObjectStore"/> over an Azure Blob Storage container path (also ADLS Gen2 file systems, served
/// through the Blob endpoint), speaking the Blob REST API through an Azure.Core <see cref="HttpPipeline"/>.
/// </summary>
/// <remarks>
/// <para><b>Create-if-absent</b>: Put Blob with <c>If-None-Match: *</c> (the service answers 409 BlobAlreadyExists
/// or 412 when the blob exists). A conflict after a retried request is disambiguated by comparing the stored bytes
/// with ours, so a retry of a request that in fact succeeded still reports true.</para>
/// <para><b>Large uploads</b>: Put Block per <see cref="AzureBlobObjectStoreOptions.BlockSize"/> block, then Put
/// Block List; uncommitted blocks of a failed upload are discarded by the service.</para>
/// <para><b>Listing</b>: List Blobs with prefix and marker, in the service's order (UTF-8 byte order on Azure).
/// The Blob API has no "start after": keys up to <c>startAfter</c> are skipped client-side.</para>
/// <para><b>Auth</b>: see <see cref="AzureBlobObjectStoreOptions"/>. Retries: Azure.Core's exponential policy.
/// Thread-safe. Cancelling a token aborts the HTTP request in flight.</para>
/// </remarks>
public sealed class AzureBlobObjectStore : IObjectStore
{
    private readonly HttpPipeline pipeline;
    private readonly Uri endpoint;
    private readonly string container;
    private readonly string root;
    private readonly string? sas;
    private readonly AzureBlobObjectStoreOptions options;
    private readonly SecretScrubber scrubber = new();
    private readonly StoreLifetime lifetime = new(typeof(AzureBlobObjectStore));

    /// <summary>Creates a store over <paramref name="container"/>/<paramref name="rootPrefix"/>. Performs no I/O.</summary>
    /// <param name="container">The container (ADLS Gen2: the file system).</param>
    /// <param name="rootPrefix">The path the store is rooted at, without leading or trailing '/'; "" for the whole
    /// container.</param>
    /// <param name="options">Account, endpoint and credentials; <see cref="AzureBlobObjectStoreOptions.BlobEndpoint"/>
    /// or <see cref="AzureBlobObjectStoreOptions.AccountName"/> must be set.</param>
    public AzureBlobObjectStore(string container, string rootPrefix, AzureBlobObjectStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentNullException.ThrowIfNull(rootPrefix);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        Uri? configured = options.BlobEndpoint;
        if (configured is null)
        {
            if (string.IsNullOrEmpty(options.AccountName))
            {
                throw new ArgumentException("Azure store needs AccountName or BlobEndpoint.", nameof(options));
            }
            configured = new Uri($"https://{options.AccountName}.blob.core.windows.net");
        }
        endpoint = new Uri(configured.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        string accountName = options.AccountName ?? AccountFromEndpoint(endpoint);
        this.container = container;
        string trimmed = rootPrefix.Trim('/');
        root = trimmed.Length == 0 ? string.Empty : trimmed + "/";

        string? sasToken = options.SasToken ?? (configured.Query.Length > 1 ? configured.Query : null);
        sas = string.IsNullOrEmpty(sasToken) ? null : sasToken.TrimStart('?');
        scrubber.Add(options.AccountKey);
        scrubber.AddSas(sas);

        HttpPipelinePolicy auth;
        if (sas is not null)
        {
            auth = new NoAuthPolicy();
        }
        else if (options.AccountKey is not null)
        {
            auth = new SharedKeyPolicy(accountName, options.AccountKey);
        }
        else
        {
            TokenCredential credential = options.Credential ?? new DefaultAzureCredential();
            auth = new BearerTokenAuthenticationPolicy(credential, "https://storage.azure.com/.default");
        }
        pipeline = HttpPipelineBuilder.Build(new AzureBlobClientOptions(options), Array.Empty<HttpPipelinePolicy>(), new[] { auth }, new ResponseClassifier());
    }

    /// <summary>The container.</summary>
    public string Container => container;

    /// <summary>The root prefix ("" or ending with '/').</summary>
    public string RootPrefix => root;

    private static string AccountFromEndpoint(Uri endpoint)
    {
        string host = endpoint.Host;
        int dot = host.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && !char.IsAsciiDigit(host[0]))
        {
            return host[..dot];
        }
        // Path-style (Azurite, IP endpoints): the first path segment is the account.
        string path = endpoint.AbsolutePath.Trim('/');
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? path : path[..slash];
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ObjectMeta> ListAsync(string prefix, string? startAfter = null, CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix, nameof(prefix));
        return ListCore(root + prefix, startAfter is null ? null : root + startAfter, cancellationToken);
    }

    private async IAsyncEnumerable<ObjectMeta> ListCore(string fullPrefix, string? fullStartAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? marker = null;
        var page = new List<ObjectMeta>();
        // Azurite (and possibly the service) lists in UTF-16 order; the contract is UTF-8 byte order.
        var order = new Utf8OrderRestorer<ObjectMeta>(static m => m.Path);
        while (true)
        {
            lifetime.Enter();
            cancellationToken.ThrowIfCancellationRequested();
            page.Clear();
            string? captured = marker;
            using (HttpMessage message = await SendAsync(RequestMethod.Get, null, uri =>
            {
                uri.AppendQuery("restype", "container");
                uri.AppendQuery("comp", "list");
                if (fullPrefix.Length > 0)
                {
                    uri.AppendQuery("prefix", fullPrefix);
                }
                if (captured is not null)
                {
                    uri.AppendQuery("marker", captured);
                }
                uri.AppendQuery("maxresults", options.ListPageSize.ToString(CultureInfo.InvariantCulture));
            }, null, null, buffer: true, "list", fullPrefix, cancellationToken).ConfigureAwait(false))
            {
                Response response = message.Response;
                if (response.Status != 200)
                {
                    throw AzureErrors.FromResponse(response, "list", fullPrefix, Location(fullPrefix) + "*", scrubber);
                }
                marker = ParseListing(response.Content.ToStream(), page, fullPrefix);
            }
            bool yielded = false;
            foreach (ObjectMeta item in page)
            {
                order.Add(item);
                while (order.TryTake(out ObjectMeta ready))
                {
                    if (fullStartAfter is not null && Utf8KeyComparer.CompareSpans(ready.Path, fullStartAfter) <= 0)
                    {
                        continue;
                    }
                    if (yielded)
                    {
                        lifetime.Enter();
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    yielded = true;
                    yield return ready with { Path = ready.Path[root.Length..] };
                }
            }
            page.Clear();
            if (string.IsNullOrEmpty(marker))
            {
                while (order.TryTakeRemaining(out ObjectMeta ready))
                {
                    if (fullStartAfter is not null && Utf8KeyComparer.CompareSpans(ready.Path, fullStartAfter) <= 0)
                    {
                        continue;
                    }
                    lifetime.Enter();
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return ready with { Path = ready.Path[root.Length..] };
                }
                yield break;
            }
        }
    }

    // Parses one EnumerationResults page into `page` (full keys); returns NextMarker.
    private string? ParseListing(Stream xml, List<ObjectMeta> page, string fullPrefix)
    {
        string? nextMarker = null;
        try
        {
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
            string? name = null;
            long size = 0;
            DateTimeOffset modified = default;
            string? etag = null;
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Name == "Blob")
                {
                    if (name is not null && name.StartsWith(root, StringComparison.Ordinal))
                    {
                        page.Add(new ObjectMeta(name, size, modified, etag));
                    }
                    name = null;
                    size = 0;
                    modified = default;
                    etag = null;
                    reader.Read();
                    continue;
                }
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                // ReadElementContentAsString leaves the reader on the following node: no extra Read after it.
                switch (reader.Name)
                {
                    case "Name":
                        bool encoded = reader.GetAttribute("Encoded") == "true";
                        string raw = reader.ReadElementContentAsString();
                        name = encoded ? Uri.UnescapeDataString(raw) : raw;
                        break;
                    case "Content-Length":
                        size = long.Parse(reader.ReadElementContentAsString(), NumberStyles.None, CultureInfo.InvariantCulture);
                        break;
                    case "Last-Modified":
                        modified = DateTimeOffset.ParseExact(reader.ReadElementContentAsString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                        break;
                    case "Etag":
                        // The listing gives the bare tag; headers give it quoted. ObjectMeta uses the header form.
                        etag = reader.ReadElementContentAsString();
                        etag = etag.StartsWith('"') ? etag : "\"" + etag + "\"";
                        break;
                    case "NextMarker":
                        nextMarker = reader.ReadElementContentAsString();
                        break;
                    default:
                        reader.Read();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is XmlException or FormatException or OverflowException)
        {
            throw new DeltaStorageException($"Azure: malformed List Blobs response for '{Location(fullPrefix)}*': {ex.Message}", true, ex);
        }
        return nextMarker;
    }

    /// <inheritdoc />
    public async ValueTask<ObjectMeta> GetMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        using HttpMessage message = await SendAsync(RequestMethod.Head, key, null, null, null, buffer: true, "read metadata of", path, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 200)
        {
            throw AzureErrors.FromResponse(response, "read metadata of", path, Location(key), scrubber);
        }
        return MetaFromHeaders(path, response);
    }

    private static ObjectMeta MetaFromHeaders(string path, Response response)
    {
        long size = response.Headers.ContentLength ?? 0;
        DateTimeOffset modified = response.Headers.TryGetValue("Last-Modified", out string? lastModified)
            ? DateTimeOffset.ParseExact(lastModified, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.MinValue;
        string? etag = response.Headers.TryGetValue("ETag", out string? tag) ? tag : null;
        return new ObjectMeta(path, size, modified, etag);
    }

    /// <inheritdoc />
    public ValueTask ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        return RangedRead.ReadExactlyAsync(this, path, Location(key), "Azure", offset, destination, options.MaxRetries,
            (first, last, token) => OpenBodyAsync(path, key, (first, last), token), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        return await OpenBodyAsync(path, key, null, cancellationToken).ConfigureAwait(false);
    }

    // One Get Blob of the whole blob or of a range (inclusive bounds); the returned stream owns the message.
    private async ValueTask<ObjectReadStream> OpenBodyAsync(string path, string key, (long First, long Last)? range, CancellationToken cancellationToken)
    {
        lifetime.Enter();
        string operation = range is null ? "open" : "read";
        Action<Request>? configure = range is { } r
            ? request => request.Headers.SetValue("x-ms-range", string.Create(CultureInfo.InvariantCulture, $"bytes={r.First}-{r.Last}"))
            : null;
        HttpMessage message = await SendAsync(RequestMethod.Get, key, null, configure, null, buffer: false, operation, path, cancellationToken).ConfigureAwait(false);
        try
        {
            Response response = message.Response;
            if (response.Status != 200 && (range is null || response.Status != 206))
            {
                throw AzureErrors.FromResponse(response, operation, path, Location(key), scrubber);
            }
            long length = response.Headers.ContentLength ?? -1;
            Stream body = message.ExtractResponseContent() ?? Stream.Null;
            long? objectSize = range is null
                ? (length >= 0 ? length : null)
                : RangedRead.ObjectSizeFromContentRange(response.Headers.TryGetValue("Content-Range", out string? contentRange) ? contentRange : null);
            return new AzureBlobReadStream(message, body, length, Location(key), scrubber) { ObjectSize = objectSize };
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        using HttpMessage message = await SendAsync(RequestMethod.Put, key, null, request =>
        {
            request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
            request.Headers.SetValue("If-None-Match", "*");
        }, RequestContent.Create(content), buffer: true, "create", path, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status == 201)
        {
            return true;
        }
        if (response.Status is 409 or 412)
        {
            // The blob exists. If an earlier attempt of ours (a retry after a lost response) created it, the
            // stored bytes are ours.
            return await StoredContent.MatchesAsync(this, path, content, cancellationToken).ConfigureAwait(false);
        }
        throw AzureErrors.FromResponse(response, "create", path, Location(key), scrubber);
    }

    /// <inheritdoc />
    public async ValueTask PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        await PutBlobAsync(path, key, RequestContent.Create(content), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask PutBlobAsync(string path, string key, RequestContent content, CancellationToken cancellationToken)
    {
        using HttpMessage message = await SendAsync(RequestMethod.Put, key, null,
            request => request.Headers.SetValue("x-ms-blob-type", "BlockBlob"), content, buffer: true, "write", path, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 201)
        {
            throw AzureErrors.FromResponse(message.Response, "write", path, Location(key), scrubber);
        }
    }

    /// <inheritdoc />
    public async ValueTask PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        ArgumentNullException.ThrowIfNull(content);
        await new BlockUpload(this, path, key).UploadAsync(content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One block upload (Put Block per chunk, then Put Block List), or a single Put Blob when the stream
    /// is shorter than one block. Uncommitted blocks of a failed upload are discarded by the service.</summary>
    private sealed class BlockUpload : ChunkedUpload<string>
    {
        private readonly AzureBlobObjectStore store;
        private byte[] uploadId = [];

        public BlockUpload(AzureBlobObjectStore store, string path, string key)
            : base(path, key, store.options.BlockSize, store.options.UploadConcurrency, store.lifetime)
        {
            this.store = store;
        }

        protected override ValueTask PutWholeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            store.PutBlobAsync(Path, Key, RequestContent.Create(content), cancellationToken);

        protected override ValueTask BeginAsync(CancellationToken cancellationToken)
        {
            // Block ids: the same length for every block of a blob; unique per upload so concurrent uploads of the
            // same key cannot mix blocks.
            uploadId = Guid.NewGuid().ToByteArray();
            return ValueTask.CompletedTask;
        }

        protected override async Task<string> UploadPartAsync(int index, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            string blockId = BlockId(uploadId, index);
            using HttpMessage message = await store.SendAsync(RequestMethod.Put, Key, uri =>
            {
                uri.AppendQuery("comp", "block");
                uri.AppendQuery("blockid", blockId);
            }, null, RequestContent.Create(chunk), buffer: true, "upload a block of", Path, cancellationToken).ConfigureAwait(false);
            if (message.Response.Status != 201)
            {
                throw AzureErrors.FromResponse(message.Response, "upload a block of", Path, store.Location(Key), store.scrubber);
            }
            return blockId;
        }

        protected override async ValueTask CompleteAsync(IReadOnlyList<string> parts, CancellationToken cancellationToken)
        {
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
            foreach (string blockId in parts)
            {
                xml.Append("<Latest>").Append(blockId).Append("</Latest>");
            }
            xml.Append("</BlockList>");
            using HttpMessage message = await store.SendAsync(RequestMethod.Put, Key, uri => uri.AppendQuery("comp", "blocklist"), null,
                RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString())), buffer: true, "commit blocks of", Path, cancellationToken).ConfigureAwait(false);
            if (message.Response.Status != 201)
            {
                throw AzureErrors.FromResponse(message.Response, "commit blocks of", Path, store.Location(Key), store.scrubber);
            }
        }

        // Nothing to abort: uncommitted blocks expire on the service.
        protected override ValueTask AbortAsync() => ValueTask.CompletedTask;

        private static string BlockId(byte[] uploadId, int index)
        {
            Span<byte> raw = stackalloc byte[20];
            uploadId.CopyTo(raw);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(raw[16..], index);
            return Convert.ToBase64String(raw);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        string key = Enter(path, cancellationToken);
        using HttpMessage message = await SendAsync(RequestMethod.Delete, key, null, null, null, buffer: true, "delete", path, cancellationToken).ConfigureAwait(false);
        int status = message.Response.Status;
        if (status is not (202 or 200 or 404))
        {
            throw AzureErrors.FromResponse(message.Response, "delete", path, Location(key), scrubber);
        }
    }

    /// <summary>Creates the container if it does not exist (for tests and tooling; tables never need it).</summary>
    /// <returns>True when this call created it.</returns>
    public async ValueTask<bool> CreateContainerIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        lifetime.Enter();
        using HttpMessage message = await SendAsync(RequestMethod.Put, null, uri => uri.AppendQuery("restype", "container"), null, null, buffer: true, "create container", container, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            201 => true,
            409 => false,
            _ => throw AzureErrors.FromResponse(message.Response, "create container", container, Location(string.Empty), scrubber),
        };
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lifetime.MarkDisposed();
        return ValueTask.CompletedTask;
    }

    private string Enter(string path, CancellationToken cancellationToken)
    {
        lifetime.Enter();
        ObjectKey.Validate(path, nameof(path));
        cancellationToken.ThrowIfCancellationRequested();
        return root + path;
    }

    /// <summary>The blob's location for messages: endpoint/container/key, never with a SAS.</summary>
    private string Location(string fullKey) => endpoint + "/" + container + "/" + fullKey;

    // Sends one request: key null = the container itself. Transport failures (after Azure.Core's retries) map to
    // transient DeltaStorageExceptions; error statuses are returned for the caller to classify.
    private async ValueTask<HttpMessage> SendAsync(RequestMethod method, string? key, Action<RequestUriBuilder>? query, Action<Request>? configure,
        RequestContent? content, bool buffer, string operation, string path, CancellationToken cancellationToken)
    {
        HttpMessage message = pipeline.CreateMessage();
        try
        {
            message.BufferResponse = buffer;
            Request request = message.Request;
            request.Method = method;
            request.Uri.Reset(endpoint);
            request.Uri.AppendPath("/" + Uri.EscapeDataString(container), escape: false);
            if (key is not null)
            {
                request.Uri.AppendPath("/" + EscapeKey(key), escape: false);
            }
            query?.Invoke(request.Uri);
            if (sas is not null)
            {
                foreach (string pair in sas.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    int equals = pair.IndexOf('=', StringComparison.Ordinal);
                    request.Uri.AppendQuery(equals < 0 ? pair : pair[..equals], equals < 0 ? string.Empty : pair[(equals + 1)..], escapeValue: false);
                }
            }
            request.Headers.SetValue("x-ms-version", options.ServiceVersion);
            configure?.Invoke(request);
            if (content is not null)
            {
                request.Content = content;
            }
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message;
        }
        catch (Exception ex) when (AzureErrors.ShouldMap(ex, cancellationToken))
        {
            message.Dispose();
            throw AzureErrors.FromException(ex, operation, Location(key ?? string.Empty), scrubber);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private static string EscapeKey(string key)
    {
        var sb = new StringBuilder(key.Length + 16);
        foreach (string segment in key.Split('/'))
        {
            if (sb.Length > 0)
            {
                sb.Append('/');
            }
            sb.Append(Uri.EscapeDataString(segment));
        }
        return sb.ToString();
    }

    private sealed class NoAuthPolicy : HttpPipelineSynchronousPolicy
    {
    }
}
