using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeltaSharp.Storage;

/// <summary>
/// Byte-for-byte comparison of a stored object with expected content: how the cloud stores disambiguate a
/// create-if-absent that reports "exists" after a retried request (if the stored bytes are ours, the earlier
/// attempt created the object and the call reports true).
/// </summary>
internal static class StoredContent
{
    /// <summary>
    /// True when <paramref name="path"/> in <paramref name="store"/> holds exactly <paramref name="content"/>; false
    /// when it differs or is absent (deleted in between). Reads at most <c>content.Length + 1</c> bytes past a
    /// known-length mismatch check; other storage failures propagate.
    /// </summary>
    public static async ValueTask<bool> MatchesAsync(IObjectStore store, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        Stream body;
        try
        {
            body = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (DeltaObjectNotFoundException)
        {
            // Deleted in between: it existed, and it was not ours to report.
            return false;
        }
        await using (body.ConfigureAwait(false))
        {
            if (body is ObjectReadStream { BodyLength: >= 0 } known && known.BodyLength != content.Length)
            {
                return false;
            }
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(content.Length, 1 << 16) + 1);
            try
            {
                int compared = 0;
                while (true)
                {
                    int read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return compared == content.Length;
                    }
                    if (compared + read > content.Length || !content.Span.Slice(compared, read).SequenceEqual(buffer.AsSpan(0, read)))
                    {
                        return false;
                    }
                    compared += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
