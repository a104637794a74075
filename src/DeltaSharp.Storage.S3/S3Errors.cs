using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using Amazon.Runtime;
using Amazon.S3;

namespace DeltaSharp.Storage.S3;

/// <summary>Maps SDK failures to DeltaSharp storage exceptions. Messages name the operation and the s3:// location
/// and never include credentials (the SDK's messages do not echo them; we add none).</summary>
internal static class S3Errors
{
    /// <summary>True for exceptions this mapper translates (everything but caller cancellation and misuse).</summary>
    public static bool ShouldMap(Exception ex, CancellationToken cancellationToken) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static DeltaStorageException Map(Exception ex, string operation, string key, string location)
    {
        if (ex is AmazonServiceException service)
        {
            HttpStatusCode status = service.StatusCode;
            string code = string.IsNullOrEmpty(service.ErrorCode) ? status.ToString() : service.ErrorCode;
            string detail = $"{code} (HTTP {(int)status})";
            if (status == HttpStatusCode.NotFound && code is not "NoSuchBucket")
            {
                return new DeltaObjectNotFoundException(key, $"Object not found: '{key}' ({location}).", ex);
            }
            if (code is "NoSuchBucket")
            {
                return new DeltaStorageException($"S3: could not {operation} '{location}': the bucket does not exist ({detail}).", false, ex);
            }
            if (status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized || code is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken")
            {
                return new DeltaStorageAccessDeniedException($"S3: access denied: could not {operation} '{location}': {detail}. Check the credentials and the bucket policy.", ex);
            }
            if (status == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return new DeltaStorageException($"S3: could not {operation} '{location}': the requested range lies past the end of the object ({detail}).", false, ex);
            }
            bool transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                || code is "SlowDown" or "RequestTimeout" or "Throttling" or "ThrottlingException" or "InternalError"
                || service.Retryable is not null;
            return new DeltaStorageException($"S3: could not {operation} '{location}': {detail}: {service.Message}", transient, ex);
        }
        // Connection failures, timeouts, truncated bodies: retrying can help.
        return new DeltaStorageException($"S3: could not {operation} '{location}': {ex.GetType().Name}: {ex.Message}", true, ex);
    }

    public static bool IsStatus(Exception ex, HttpStatusCode status) => ex is AmazonS3Exception s3 && s3.StatusCode == status;
}
