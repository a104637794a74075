using System;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// <see cref="IObjectStore.ReadRangeAsync"/> for stores that serve byte ranges over HTTP (S3, Azure Blob): the
/// shared "fill the caller's buffer, resume a body cut off mid-transfer" loop over a store-specific
/// "open this range" request.
/// </summary>
internal static class RangedRead
{
    /// <summary>
    /// Delegate opening the body of bytes [<paramref name="first"/>, <paramref name="last"/>] (inclusive) of the
    /// object. Failures of the request itself (after the SDK's own retries) are mapped by the store and propagate
    /// unchanged; read failures of the returned body must surface as transient <see cref="DeltaStorageException"/>s
    /// (which <see cref="ObjectReadStream"/> does).
    /// </summary>
    public delegate ValueTask<ObjectReadStream> OpenRange(long first, long last, CancellationToken cancellationToken);

    /// <summary>
    /// Reads exactly <c>destination.Length</c> bytes of <paramref name="path"/> at <paramref name="offset"/>, with the
    /// contract of <see cref="IObjectStore.ReadRangeAsync"/>. An empty range only checks (with
    /// <see cref="IObjectStore.GetMetadataAsync"/>) that <paramref name="offset"/> is within the object. When a body
    /// fails mid-transfer, the missing tail is requested again, at most <paramref name="maxResumes"/> times, with
    /// exponential back-off (100 ms, 200 ms, … capped at 6.4 s); the last failure propagates. A range that extends
    /// past the end of the object is a non-transient <see cref="DeltaStorageException"/> naming
    /// <paramref name="location"/> and, when known, the object's size.
    /// </summary>
    /// <param name="store">The store (for the metadata of an empty range).</param>
    /// <param name="path">The key relative to the store root.</param>
    /// <param name="location">The object's location for messages (e.g. <c>s3://bucket/key</c>), without secrets.</param>
    /// <param name="service">Prefix of messages ("S3", "Azure").</param>
    /// <param name="offset">First byte to read.</param>
    /// <param name="destination">Filled completely on success.</param>
    /// <param name="maxResumes">Most resumed requests after bodies cut off mid-transfer.</param>
    /// <param name="openRange">Opens one range.</param>
    /// <param name="cancellationToken">Cancels the read (and the back-off).</param>
    public static async ValueTask ReadExactlyAsync(IObjectStore store, string path, string location, string service, long offset, Memory<byte> destination,
        int maxResumes, OpenRange openRange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(openRange);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.Length == 0)
        {
            ObjectMeta meta = await store.GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
            if (offset > meta.Size)
            {
                throw PastEnd(service, location, offset, 0, meta.Size);
            }
            return;
        }
        int filled = 0;
        int resumes = 0;
        long last = offset + destination.Length - 1;
        while (filled < destination.Length)
        {
            bool cutOff = false;
            ObjectReadStream body = await openRange(offset + filled, last, cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    while (filled < destination.Length)
                    {
                        int read = await body.ReadAsync(destination[filled..], cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            throw PastEnd(service, location, offset, destination.Length, body.ObjectSize);
                        }
                        filled += read;
                    }
                }
                catch (DeltaStorageException ex) when (ex.IsTransient && resumes < maxResumes)
                {
                    cutOff = true;
                }
            }
            if (cutOff)
            {
                // The body was cut off mid-transfer: ask again for what is missing.
                resumes++;
                await Task.Delay(TimeSpan.FromMilliseconds(100 << Math.Min(resumes - 1, 6)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static DeltaStorageException PastEnd(string service, string location, long offset, int length, long? size) =>
        new($"{service}: range [{offset}, {offset + length}) of '{location}' extends past the end of the object" +
            (size is null ? "." : $" ({size} bytes)."), false, null);

    /// <summary>The object size of a <c>Content-Range</c> header value (<c>bytes 0-99/1234</c> → 1234), or null.</summary>
    public static long? ObjectSizeFromContentRange(string? contentRange)
    {
        int slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out long size)
            ? size
            : null;
    }
}
