using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace DeltaSharp.Storage.Azure;

/// <summary>
/// Signs each request (each retry again) with Shared Key, per the Blob service's "Authorize with Shared Key" rules:
/// HMAC-SHA256 with the account key over the verb, the standard headers, the canonicalized x-ms-* headers and the
/// canonicalized resource.
/// </summary>
internal sealed class SharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string accountName;
    private readonly byte[] accountKey;

    public SharedKeyPolicy(string accountName, string base64Key)
    {
        this.accountName = accountName;
        accountKey = Convert.FromBase64String(base64Key);
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        Request request = message.Request;
        request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        string stringToSign = BuildStringToSign(request, accountName);
        byte[] mac = HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign));
        request.Headers.SetValue("Authorization", "SharedKey " + accountName + ":" + Convert.ToBase64String(mac));
    }

    /// <summary>The Shared Key string-to-sign for <paramref name="request"/> (exposed for tests).</summary>
    internal static string BuildStringToSign(Request request, string accountName)
    {
        var sb = new StringBuilder(256);
        sb.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        sb.Append(Header(request, "Content-Encoding")).Append('\n');
        sb.Append(Header(request, "Content-Language")).Append('\n');
        // Since version 2015-02-21 a zero Content-Length is signed as the empty string.
        long contentLength = 0;
        if (request.Content is not null && !request.Content.TryComputeLength(out contentLength))
        {
            contentLength = 0;
        }
        sb.Append(contentLength > 0 ? contentLength.ToString(CultureInfo.InvariantCulture) : string.Empty).Append('\n');
        sb.Append(Header(request, "Content-MD5")).Append('\n');
        sb.Append(Header(request, "Content-Type")).Append('\n');
        sb.Append(string.Empty).Append('\n'); // Date: x-ms-date is used instead.
        sb.Append(Header(request, "If-Modified-Since")).Append('\n');
        sb.Append(Header(request, "If-Match")).Append('\n');
        sb.Append(Header(request, "If-None-Match")).Append('\n');
        sb.Append(Header(request, "If-Unmodified-Since")).Append('\n');
        sb.Append(Header(request, "Range")).Append('\n');
        AppendCanonicalizedHeaders(sb, request);
        AppendCanonicalizedResource(sb, request.Uri.ToUri(), accountName);
        return sb.ToString();
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out string? value) ? value : string.Empty;

    private static void AppendCanonicalizedHeaders(StringBuilder sb, Request request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (HttpHeader header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(header.Name.ToLowerInvariant(), CollapseWhitespace(header.Value)));
            }
        }
        headers.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (KeyValuePair<string, string> header in headers)
        {
            sb.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        }
    }

    // Values are trimmed and runs of whitespace become one space (not inside quoted strings; we send none).
    private static string CollapseWhitespace(string value)
    {
        string trimmed = value.Trim();
        if (trimmed.IndexOfAny([' ', '\t', '\r', '\n']) < 0)
        {
            return trimmed;
        }
        var sb = new StringBuilder(trimmed.Length);
        bool previousSpace = false;
        foreach (char c in trimmed)
        {
            bool space = c is ' ' or '\t' or '\r' or '\n';
            if (!space || !previousSpace)
            {
                sb.Append(space ? ' ' : c);
            }
            previousSpace = space;
        }
        return sb.ToString();
    }

    private static void AppendCanonicalizedResource(StringBuilder sb, Uri uri, string accountName)
    {
        // "/" + account + the encoded URI path (for path-style endpoints such as Azurite the path already starts
        // with "/account", which then appears twice, as the service expects).
        sb.Append('/').Append(accountName).Append(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath);
        string query = uri.Query;
        if (query.Length <= 1)
        {
            return;
        }
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            string value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out List<string>? values))
            {
                values = new List<string>();
                parameters.Add(name, values);
            }
            values.Add(value);
        }
        foreach (KeyValuePair<string, List<string>> parameter in parameters)
        {
            parameter.Value.Sort(StringComparer.Ordinal);
            sb.Append('\n').Append(parameter.Key).Append(':').AppendJoin(',', parameter.Value);
        }
    }
}
