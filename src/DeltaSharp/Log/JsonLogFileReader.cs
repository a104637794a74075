using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Storage;

namespace DeltaSharp.Log;

/// <summary>
/// Reads a newline-delimited JSON log file (commit, compaction, JSON V2 checkpoint) from the store into a pooled
/// buffer and decodes it line by line. Memory is bounded by <see cref="ChunkSize"/> (or the longest line, when longer),
/// never by the file size: a file whose listed size fits in one chunk is read whole with one ranged read (one
/// <c>pread</c> or one GET); a larger file is read in chunks of ranged reads from a local disk and streamed from other
/// stores (one request, no chunk-sized round trips). Buffers come from <see cref="ArrayPool{T}.Shared"/> and go back
/// exactly once, also on errors and cancellation.
/// </summary>
internal static class JsonLogFileReader
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>The largest buffer read at once (a file up to this size is read whole).</summary>
    internal const int ChunkSize = 8 << 20;

    /// <summary>Maximum length of a single action line (a larger line is treated as corruption).</summary>
    private const int MaxLineLength = 1 << 30;

    /// <summary>Reads every action of <paramref name="path"/> into <paramref name="sink"/>, in file order (streamed:
    /// the size is not known).</summary>
    /// <exception cref="DeltaLogCorruptException">A line is not valid action JSON (names the file, version and line).</exception>
    public static ValueTask ReadAsync(IObjectStore store, string path, long? version, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken) =>
        ReadAsync(store, path, version, -1, interner, sink, false, cancellationToken);

    /// <summary>Reads every action of <paramref name="path"/> into <paramref name="sink"/>, in file order.</summary>
    /// <param name="store">The store holding the file.</param>
    /// <param name="path">The file's key.</param>
    /// <param name="version">The file's version (named in errors).</param>
    /// <param name="listedSize">The file's size as listed, or a negative number when unknown (then the file is
    /// streamed). Log files are immutable, so the listed size is the size.</param>
    /// <param name="interner">Interns partition values.</param>
    /// <param name="sink">Receives the actions.</param>
    /// <param name="onOwnThread">The caller runs on a thread of its own, off the caller's synchronization context (a
    /// decoding task on the thread pool): a local file is then read synchronously on this thread (a page-cache read
    /// costs one <c>pread</c>, no hop through another pool thread). Otherwise every read is asynchronous.</param>
    /// <param name="cancellationToken">Checked before every read.</param>
    /// <exception cref="DeltaLogCorruptException">A line is not valid action JSON (names the file, version and line).</exception>
    public static ValueTask ReadAsync(IObjectStore store, string path, long? version, long listedSize, PartitionValueInterner interner, ActionSink sink, bool onOwnThread, CancellationToken cancellationToken) =>
        ReadAsync(store, path, version, listedSize, interner, sink, onOwnThread, ChunkSize, cancellationToken);

    /// <summary><see cref="ReadAsync(IObjectStore, string, long?, long, PartitionValueInterner, ActionSink, bool, CancellationToken)"/>
    /// with a chunk size other than <see cref="ChunkSize"/> (tests of the chunk boundaries; the buffer is the pool's
    /// array for that size, so the chunks are at least that large).</summary>
    internal static async ValueTask ReadAsync(IObjectStore store, string path, long? version, long listedSize, PartitionValueInterner interner, ActionSink sink, bool onOwnThread, int chunkSize, CancellationToken cancellationToken)
    {
        Runtime.ProcessGuard.ThrowIfForked();
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        if (listedSize > 0 && (listedSize <= chunkSize || store is LocalObjectStore))
        {
            await ReadRangesAsync(store, path, version, listedSize, interner, sink, onOwnThread, chunkSize, cancellationToken).ConfigureAwait(false);
            return;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        int filled = 0;
        long lineNumber = 0;
        try
        {
            Stream stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (filled == buffer.Length)
                    {
                        buffer = Grow(buffer, filled, path, version, lineNumber);
                    }
                    int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    filled += read;
                    int consumed = DecodeCompleteLines(buffer.AsSpan(0, filled), read == 0, path, version, ref lineNumber, interner, sink);
                    if (read == 0)
                    {
                        break;
                    }
                    if (consumed > 0)
                    {
                        buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                        filled -= consumed;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads a file of known size with ranged reads into one pooled buffer of at most <see cref="ChunkSize"/> bytes
    /// (larger only while a single line is longer): the whole file at once when it fits, else chunk by chunk, the
    /// unfinished last line of a chunk moved to the front of the buffer.
    /// </summary>
    private static async ValueTask ReadRangesAsync(IObjectStore store, string path, long? version, long size, PartitionValueInterner interner, ActionSink sink, bool onOwnThread, int chunkSize, CancellationToken cancellationToken)
    {
        LocalObjectStore? local = onOwnThread ? store as LocalObjectStore : null;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, chunkSize));
        int filled = 0;
        long offset = 0;
        long lineNumber = 0;
        try
        {
            while (offset < size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (filled == buffer.Length)
                {
                    buffer = Grow(buffer, filled, path, version, lineNumber);
                }
                int length = (int)Math.Min(buffer.Length - filled, size - offset);
                if (local is not null)
                {
                    local.ReadRange(path, offset, buffer.AsSpan(filled, length));
                }
                else
                {
                    await store.ReadRangeAsync(path, offset, buffer.AsMemory(filled, length), cancellationToken).ConfigureAwait(false);
                }
                offset += length;
                filled += length;
                int consumed = DecodeCompleteLines(buffer.AsSpan(0, filled), offset == size, path, version, ref lineNumber, interner, sink);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A buffer twice as large holding the first <paramref name="filled"/> bytes of <paramref name="buffer"/>
    /// (which goes back to the pool): a line longer than the buffer.</summary>
    private static byte[] Grow(byte[] buffer, int filled, string path, long? version, long lineNumber)
    {
        if (buffer.Length >= MaxLineLength)
        {
            throw new DeltaLogCorruptException($"A line of the log file is longer than {MaxLineLength} bytes (line {lineNumber + 1})", path, version);
        }
        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Decodes every complete line of <paramref name="data"/> (and the unterminated tail at end of file);
    /// returns how many bytes were consumed.</summary>
    internal static int DecodeCompleteLines(ReadOnlySpan<byte> data, bool endOfFile, string path, long? version, ref long lineNumber, PartitionValueInterner interner, ActionSink sink)
    {
        int start = 0;
        while (start < data.Length)
        {
            int newline = data.Slice(start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (!endOfFile)
                {
                    break;
                }
                newline = data.Length - start;
            }
            lineNumber++;
            DecodeLine(data.Slice(start, newline), path, version, lineNumber, interner, sink);
            start += Math.Min(newline + 1, data.Length - start);
        }
        return start;
    }

    private static void DecodeLine(ReadOnlySpan<byte> line, string path, long? version, long lineNumber, PartitionValueInterner interner, ActionSink sink)
    {
        try
        {
            JsonActionDecoder.DecodeLine(line, interner, sink);
        }
        catch (JsonException ex)
        {
            throw new DeltaLogCorruptException($"Line {lineNumber} of the log file is not valid JSON: {ex.Message}", path, version, ex);
        }
        catch (FormatException ex)
        {
            throw new DeltaLogCorruptException($"Line {lineNumber} of the log file is not a valid action: {ex.Message}", path, version, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new DeltaLogCorruptException($"Line {lineNumber} of the log file is not a valid action: {ex.Message}", path, version, ex);
        }
    }
}
