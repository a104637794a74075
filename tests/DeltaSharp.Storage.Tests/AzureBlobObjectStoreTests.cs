using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.Tests.Conformance;
using Xunit;

namespace DeltaSharp.Storage.Tests;

/// <summary>Azure-specific behaviour beyond the conformance suite: auth modes, URIs, error mapping, secrecy.</summary>
public sealed class AzureBlobObjectStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<AzureBlobObjectStoreOptions> AzuriteAsync()
    {
        AzureBlobObjectStoreOptions options = AzuriteEnvironment.RequireOptions();
        await AzuriteEnvironment.EnsureContainerAsync(options);
        return options;
    }

    /// <summary>An account SAS (version 2019-12-12 string-to-sign, from the "Create an account SAS" REST docs).</summary>
    private static string AccountSas(string account, string base64Key, string permissions)
    {
        const string version = "2019-12-12";
        const string expiry = "2099-01-01T00:00:00Z";
        string stringToSign = string.Join("\n", account, permissions, "b", "sco", "", expiry, "", "https,http", version) + "\n";
        string sig = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(stringToSign)));
        return $"sv={version}&ss=b&srt=sco&sp={permissions}&se={Uri.EscapeDataString(expiry)}&spr=https,http&sig={Uri.EscapeDataString(sig)}";
    }

    [Fact]
    public async Task Sas_token_authorizes_requests_and_a_forged_one_is_denied_without_leaking_it()
    {
        AzureBlobObjectStoreOptions keyed = await AzuriteAsync();
        string sas = AccountSas(keyed.AccountName!, keyed.AccountKey!, "rwdlac");
        var sasOptions = new AzureBlobObjectStoreOptions { BlobEndpoint = keyed.BlobEndpoint, AccountName = keyed.AccountName, SasToken = "?" + sas };
        string root = "sas/" + Guid.NewGuid().ToString("N");
        await using (var store = new AzureBlobObjectStore(AzuriteEnvironment.Container, root, sasOptions))
        {
            await store.PutAsync("a", Encoding.UTF8.GetBytes("via sas"), Token);
            Assert.True(await store.PutIfAbsentAsync("b", Encoding.UTF8.GetBytes("x"), Token));
            var listed = new List<string>();
            await foreach (ObjectMeta m in store.ListAsync("", null, Token))
            {
                listed.Add(m.Path);
            }
            Assert.Equal(new[] { "a", "b" }, listed);
        }
        // Read back with Shared Key: same blobs.
        await using (var keyStore = new AzureBlobObjectStore(AzuriteEnvironment.Container, root, keyed))
        {
            Assert.Equal(7, (await keyStore.GetMetadataAsync("a", Token)).Size);
        }

        string forgedSig = "Zm9yZ2VkU2lnbmF0dXJlRm9yZ2VkU2lnbmF0dXJlMTI=";
        string forged = sas[..sas.IndexOf("&sig=", StringComparison.Ordinal)] + "&sig=" + Uri.EscapeDataString(forgedSig);
        var badOptions = new AzureBlobObjectStoreOptions { BlobEndpoint = keyed.BlobEndpoint, AccountName = keyed.AccountName, SasToken = forged };
        await using var bad = new AzureBlobObjectStore(AzuriteEnvironment.Container, root, badOptions);
        var ex = await Assert.ThrowsAsync<DeltaStorageAccessDeniedException>(async () => await bad.GetMetadataAsync("a", Token));
        Assert.False(ex.IsTransient);
        AssertNoSecret(ex, forgedSig, Uri.EscapeDataString(forgedSig), forged);
        var put = await Assert.ThrowsAsync<DeltaStorageAccessDeniedException>(async () => await bad.PutAsync("c", new byte[1], Token));
        AssertNoSecret(put, forgedSig, Uri.EscapeDataString(forgedSig), forged);
    }

    [Fact]
    public async Task Wrong_account_key_is_access_denied_and_never_shows_the_key()
    {
        AzureBlobObjectStoreOptions good = await AzuriteAsync();
        string wrongKey = Convert.ToBase64String(SHA512.HashData(Encoding.UTF8.GetBytes("not the key")));
        var options = new AzureBlobObjectStoreOptions { BlobEndpoint = good.BlobEndpoint, AccountName = good.AccountName, AccountKey = wrongKey };
        await using var store = new AzureBlobObjectStore(AzuriteEnvironment.Container, "wrong-key", options);
        var ex = await Assert.ThrowsAsync<DeltaStorageAccessDeniedException>(async () => await store.PutIfAbsentAsync("k", new byte[1], Token));
        Assert.Contains("/deltasharp-tests/wrong-key/k", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex, wrongKey);
        var list = await Assert.ThrowsAsync<DeltaStorageAccessDeniedException>(async () =>
        {
            await foreach (ObjectMeta unused in store.ListAsync("", null, Token))
            {
            }
        });
        AssertNoSecret(list, wrongKey);
    }

    [Fact]
    public async Task Missing_container_is_a_clear_non_transient_error()
    {
        AzureBlobObjectStoreOptions options = await AzuriteAsync();
        await using var store = new AzureBlobObjectStore("no-such-container-" + Guid.NewGuid().ToString("N")[..8], "p", options);
        var ex = await Assert.ThrowsAsync<DeltaStorageException>(async () => await store.PutAsync("k", new byte[1], Token));
        Assert.Contains("container does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Abfss_az_and_path_style_urls_open_the_same_blobs_through_UseAzure()
    {
        AzureBlobObjectStoreOptions azurite = await AzuriteAsync();
        var options = new ObjectStoreOptions().UseAzure(azurite);
        string root = "uri/" + Guid.NewGuid().ToString("N");
        string account = azurite.AccountName!;
        await using (IObjectStore store = options.Open($"abfss://{AzuriteEnvironment.Container}@{account}.dfs.core.windows.net/{root}/table"))
        {
            Assert.IsType<AzureBlobObjectStore>(store);
            await store.PutAsync("_delta_log/00000000000000000000.json", Encoding.UTF8.GetBytes("{}"), Token);
        }
        await using (IObjectStore viaAz = options.Open($"az://{AzuriteEnvironment.Container}/{root}"))
        {
            Assert.Equal(2, (await viaAz.GetMetadataAsync("table/_delta_log/00000000000000000000.json", Token)).Size);
        }
        string endpoint = azurite.BlobEndpoint!.ToString().TrimEnd('/');
        await using IObjectStore viaUrl = options.Open($"{endpoint}/{AzuriteEnvironment.Container}/{root}/table");
        Assert.Equal(2, (await viaUrl.GetMetadataAsync("_delta_log/00000000000000000000.json", Token)).Size);
    }

    [Fact]
    public async Task Token_credentials_send_a_bearer_token_over_https_and_no_shared_key()
    {
        var transport = new RecordingTransport();
        var options = new AzureBlobObjectStoreOptions
        {
            AccountName = "acct",
            Credential = new FixedTokenCredential("token-SECRET-123"),
            Transport = transport,
            MaxRetries = 0,
        };
        await using IObjectStore store = new ObjectStoreOptions().UseAzure(options).Open("abfss://fs@acct.dfs.core.windows.net/tables/t");
        var ex = await Assert.ThrowsAsync<DeltaStorageAccessDeniedException>(async () => await store.GetMetadataAsync("_delta_log/x.json", Token));
        Assert.DoesNotContain("token-SECRET-123", ex.ToString(), StringComparison.Ordinal);
        // Captured at send time (the pipeline disposes the request afterwards).
        string uri = Assert.Single(transport.Uris);
        Assert.Equal("https://acct.blob.core.windows.net/fs/tables/t/_delta_log/x.json", uri);
        string headers = Assert.Single(transport.Headers);
        Assert.Contains("Authorization=Bearer token-SECRET-123", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKey", headers, StringComparison.Ordinal);
        Assert.Contains("x-ms-version=", headers, StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_key_string_to_sign_follows_the_documented_layout()
    {
        var transport = new RecordingTransport();
        HttpPipeline pipeline = HttpPipelineBuilder.Build(new TestClientOptions(transport));
        using HttpMessage message = pipeline.CreateMessage();
        Request request = message.Request;
        request.Method = RequestMethod.Put;
        request.Uri.Reset(new Uri("http://127.0.0.1:10000/devstoreaccount1/container/dir/my%20blob?comp=block&blockid=QUJD%2BZA%3D%3D&Restype=x"));
        request.Headers.SetValue("x-ms-version", "2023-11-03");
        request.Headers.SetValue("x-ms-date", "Sun, 22 Nov 2026 00:00:00 GMT");
        request.Headers.SetValue("X-MS-Blob-Type", "  BlockBlob ");
        request.Headers.SetValue("If-None-Match", "*");
        request.Content = RequestContent.Create(new byte[] { 1, 2, 3 });
        string expected = string.Join("\n",
            "PUT", "", "", "3", "", "", "", "", "", "*", "", "",
            "x-ms-blob-type:BlockBlob", "x-ms-date:Sun, 22 Nov 2026 00:00:00 GMT", "x-ms-version:2023-11-03",
            "/devstoreaccount1/devstoreaccount1/container/dir/my%20blob", "blockid:QUJD+ZA==", "comp:block", "restype:x");
        Assert.Equal(expected, SharedKeyPolicy.BuildStringToSign(request, "devstoreaccount1"));
    }

    [Fact]
    public void Connection_strings_parse_and_errors_do_not_echo_them()
    {
        AzureBlobObjectStoreOptions dev = AzureBlobObjectStoreOptions.FromConnectionString("UseDevelopmentStorage=true");
        Assert.Equal("devstoreaccount1", dev.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), dev.BlobEndpoint);
        AzureBlobObjectStoreOptions prod = AzureBlobObjectStoreOptions.FromConnectionString("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net");
        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), prod.BlobEndpoint);
        Assert.Equal("a2V5", prod.AccountKey);
        var ex = Assert.Throws<ArgumentException>(() => AzureBlobObjectStoreOptions.FromConnectionString("AccountName=acct;TOPSECRETVALUE"));
        Assert.DoesNotContain("TOPSECRETVALUE", ex.Message, StringComparison.Ordinal);
        var badKey = Assert.Throws<ArgumentException>(() => new AzureBlobObjectStore("c", "", new AzureBlobObjectStoreOptions { AccountName = "a", AccountKey = "not base64 SECRETKEY!" }));
        Assert.DoesNotContain("SECRETKEY", badKey.Message, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(Exception ex, params string[] secrets)
    {
        string all = ex.ToString();
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class TestClientOptions : ClientOptions
    {
        public TestClientOptions(HttpPipelineTransport transport)
        {
            Transport = transport;
        }
    }

    /// <summary>Answers every request with 403 AuthenticationFailed and records it (no network).</summary>
    private sealed class RecordingTransport : HttpPipelineTransport
    {
        public List<string> Uris { get; } = new();

        public List<string> Headers { get; } = new();

        public override Request CreateRequest() => new HttpClientTransport().CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Uris.Add(message.Request.Uri.ToUri().ToString());
            Headers.Add(string.Join("; ", System.Linq.Enumerable.Select(message.Request.Headers, h => h.Name + "=" + h.Value)));
            message.Response = new FakeResponse(403);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FakeResponse(int status) : Response
    {
        private readonly Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase) { ["x-ms-error-code"] = "AuthenticationFailed" };

        public override int Status => status;

        public override string ReasonPhrase => "Forbidden";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = "test";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders()
        {
            foreach (KeyValuePair<string, string> header in headers)
            {
                yield return new HttpHeader(header.Key, header.Value);
            }
        }

        protected override bool TryGetHeader(string name, out string value) => headers.TryGetValue(name, out value!);

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            bool found = headers.TryGetValue(name, out string? value);
            values = found ? new[] { value! } : Array.Empty<string>();
            return found;
        }
    }
}
