using System;
using System.Threading;
using Amazon.S3.Model;

namespace DeltaSharp.Storage.S3;

/// <summary>The body of a GET, owning the response: disposing the stream releases the connection. Read failures
/// become transient <see cref="DeltaStorageException"/>s naming the object.</summary>
internal sealed class S3ReadStream : ObjectReadStream
{
    private readonly string key;
    private readonly string location;

    public S3ReadStream(GetObjectResponse response, string key, string location)
        : base(response.ResponseStream, response, response.ContentLength)
    {
        this.key = key;
        this.location = location;
    }

    protected override bool ShouldMap(Exception exception, CancellationToken cancellationToken) =>
        S3Errors.ShouldMap(exception, cancellationToken);

    protected override DeltaStorageException MapReadFailure(Exception exception) =>
        S3Errors.Map(exception, "read", key, location);
}
