using System;
using System.IO;
using System.Threading;
using Azure.Core;

namespace DeltaSharp.Storage.Azure;

/// <summary>The streamed body of a Get Blob, owning the HTTP message; read failures become transient
/// <see cref="DeltaStorageException"/>s naming the blob.</summary>
internal sealed class AzureBlobReadStream : ObjectReadStream
{
    private readonly string location;
    private readonly SecretScrubber scrubber;

    public AzureBlobReadStream(HttpMessage message, Stream body, long length, string location, SecretScrubber scrubber)
        : base(body, message, length)
    {
        this.location = location;
        this.scrubber = scrubber;
    }

    protected override bool ShouldMap(Exception exception, CancellationToken cancellationToken) =>
        AzureErrors.ShouldMap(exception, cancellationToken);

    protected override DeltaStorageException MapReadFailure(Exception exception) =>
        AzureErrors.FromException(exception, "read", location, scrubber);
}
