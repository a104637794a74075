using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Runtime;

namespace DeltaSharp.Storage;

/// <summary>
/// The body of one object GET (whole object or a byte range) as a forward-only, read-only stream: the shared part
/// of the cloud stores' read streams. It owns the response: disposing the stream disposes the body and then the
/// response (releasing the connection). Every read first calls <see cref="ProcessGuard.ThrowIfForked"/>; a
/// transport failure while reading (a body cut off mid-transfer, a reset connection) becomes the
/// <see cref="DeltaStorageException"/> the subclass maps it to (transient, naming the object).
/// </summary>
/// <remarks>Not thread-safe (one reader at a time, like any stream). Subclasses supply only the error mapping.
/// <see cref="RangedRead"/> relies on body failures surfacing as <see cref="DeltaStorageException"/>s with
/// <see cref="DeltaException.IsTransient"/> set, so that it can resume a range.</remarks>
internal abstract class ObjectReadStream : Stream
{
    private readonly Stream body;
    private readonly IDisposable owner;
    private readonly long length;

    /// <summary>Wraps <paramref name="body"/>, owned by <paramref name="owner"/> (both disposed with this stream).</summary>
    /// <param name="body">The response body.</param>
    /// <param name="owner">The response or message the body belongs to.</param>
    /// <param name="length">Bytes in the body (Content-Length), -1 when unknown.</param>
    protected ObjectReadStream(Stream body, IDisposable owner, long length)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(owner);
        this.body = body;
        this.owner = owner;
        this.length = length;
    }

    /// <summary>Bytes in this body (Content-Length), -1 when unknown.</summary>
    public long BodyLength => length;

    /// <summary>Size of the whole object when this body is a range of it (from <c>Content-Range</c>), else null.
    /// Used only to word errors.</summary>
    public long? ObjectSize { get; init; }

    /// <summary>True for exceptions <see cref="MapReadFailure"/> translates (transport failures, timeouts), false for
    /// caller cancellation and misuse, which propagate unchanged.</summary>
    protected abstract bool ShouldMap(Exception exception, CancellationToken cancellationToken);

    /// <summary>The storage exception for a read failure <see cref="ShouldMap"/> accepted (transient, naming the
    /// object, secrets scrubbed).</summary>
    protected abstract DeltaStorageException MapReadFailure(Exception exception);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length >= 0 ? length : throw new NotSupportedException("The body length is unknown.");

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ProcessGuard.ThrowIfForked();
        try
        {
            return body.Read(buffer);
        }
        catch (Exception ex) when (ShouldMap(ex, CancellationToken.None))
        {
            throw MapReadFailure(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ProcessGuard.ThrowIfForked();
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldMap(ex, cancellationToken))
        {
            throw MapReadFailure(ex);
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
            owner.Dispose();
        }
        base.Dispose(disposing);
    }
}
