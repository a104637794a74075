using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Xml;
using Azure;
using Azure.Core;

namespace DeltaSharp.Storage.Azure;

/// <summary>Maps Blob service responses and transport failures to DeltaSharp storage exceptions, scrubbing secrets.</summary>
internal static class AzureErrors
{
    public static bool ShouldMap(Exception ex, CancellationToken cancellationToken) =>
        ex is RequestFailedException or HttpRequestException or IOException or AggregateException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>An error status from the service.</summary>
    public static DeltaStorageException FromResponse(Response response, string operation, string key, string location, SecretScrubber scrubber)
    {
        int status = response.Status;
        string code = ErrorCode(response, out string? serviceMessage);
        string detail = $"{code} (HTTP {status})";
        if (!string.IsNullOrEmpty(serviceMessage))
        {
            string firstLine = serviceMessage.Split('\n', 2)[0].Trim();
            detail += ": " + scrubber.Scrub(firstLine);
        }
        if (status == 404 && code is "ContainerNotFound")
        {
            return new DeltaStorageException($"Azure: could not {operation} '{location}': the container does not exist ({detail}).", false);
        }
        if (status == 404)
        {
            return new DeltaObjectNotFoundException(key, $"Object not found: '{key}' ({location}).", null);
        }
        if (status is 401 or 403)
        {
            return new DeltaStorageAccessDeniedException($"Azure: access denied: could not {operation} '{location}': {detail}. Check the account key, SAS token or identity and its role assignments.");
        }
        if (status == 416)
        {
            return new DeltaStorageException($"Azure: could not {operation} '{location}': the requested range lies past the end of the blob ({detail}).", false);
        }
        bool transient = status is 408 or 429 or >= 500 || code is "ServerBusy" or "OperationTimedOut" or "InternalError";
        return new DeltaStorageException($"Azure: could not {operation} '{location}': {detail}.", transient);
    }

    /// <summary>A transport failure (connection refused, reset, timeout) after Azure.Core's retries.</summary>
    public static DeltaStorageException FromException(Exception ex, string operation, string location, SecretScrubber scrubber)
    {
        string message = scrubber.Scrub($"Azure: could not {operation} '{location}': {ex.GetType().Name}: {ex.Message}");
        // The cause is attached only when nothing in it (for example a request URI with a SAS) names a secret.
        return new DeltaStorageException(message, true, scrubber.Mentions(ex) ? null : ex);
    }

    private static string ErrorCode(Response response, out string? serviceMessage)
    {
        serviceMessage = null;
        string? code = response.Headers.TryGetValue("x-ms-error-code", out string? header) ? header : null;
        try
        {
            BinaryData? body = response.ContentStream is null ? null : response.Content;
            if (body is not null && body.ToMemory().Length > 0)
            {
                using var reader = XmlReader.Create(body.ToStream(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }
                    if (reader.Name == "Code")
                    {
                        code ??= reader.ReadElementContentAsString();
                    }
                    if (reader.NodeType == XmlNodeType.Element && reader.Name == "Message")
                    {
                        serviceMessage = reader.ReadElementContentAsString();
                    }
                }
            }
        }
        catch (XmlException)
        {
            // Not an XML error body: the status and header code suffice.
        }
        catch (InvalidOperationException)
        {
            // Unbuffered body: same.
        }
        return code ?? response.ReasonPhrase ?? "Error";
    }
}
