using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3.Model;

namespace DeltaSharp.Storage.S3;

/// <summary>The body of a GET, owning the response: disposing the stream releases the connection. Read failures
/// become transient <see cref="DeltaStorageException"/>s naming the object.</summary>
internal sealed class S3ReadStream : Stream
{
    private readonly GetObjectResponse response;
    private readonly Stream body;
    private readonly string key;
    private readonly string location;

    public S3ReadStream(GetObjectResponse response, string key, string location)
    {
        this.response = response;
        body = response.ResponseStream;
        this.key = key;
        this.location = location;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => response.ContentLength;

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        DeltaSharp.Runtime.ProcessGuard.ThrowIfForked();
        try
        {
            return body.Read(buffer);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw S3Errors.Map(ex, "read", key, location);
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
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw S3Errors.Map(ex, "read", key, location);
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
            response.Dispose();
        }
        base.Dispose(disposing);
    }
}
