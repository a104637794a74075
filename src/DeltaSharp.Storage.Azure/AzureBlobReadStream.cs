using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace DeltaSharp.Storage.Azure;

/// <summary>The streamed body of a Get Blob, owning the HTTP message; read failures become transient
/// <see cref="DeltaStorageException"/>s naming the blob.</summary>
internal sealed class AzureBlobReadStream : Stream
{
    private readonly HttpMessage message;
    private readonly Stream body;
    private readonly long length;
    private readonly string location;
    private readonly SecretScrubber scrubber;

    public AzureBlobReadStream(HttpMessage message, Stream body, long length, string location, SecretScrubber scrubber)
    {
        this.message = message;
        this.body = body;
        this.length = length;
        this.location = location;
        this.scrubber = scrubber;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        DeltaSharp.Runtime.ProcessGuard.ThrowIfForked();
        try
        {
            return body.Read(buffer);
        }
        catch (Exception ex) when (AzureErrors.ShouldMap(ex, CancellationToken.None))
        {
            throw AzureErrors.FromException(ex, "read", location, scrubber);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        DeltaSharp.Runtime.ProcessGuard.ThrowIfForked();
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AzureErrors.ShouldMap(ex, cancellationToken))
        {
            throw AzureErrors.FromException(ex, "read", location, scrubber);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            message.Dispose();
        }
        base.Dispose(disposing);
    }
}
