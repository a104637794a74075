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
/// Streams a newline-delimited JSON log file (commit, compaction, JSON V2 checkpoint) from the store through a pooled
/// buffer and decodes it line by line. Only one line is held at a time: memory is bounded by the longest line, not
/// the file size.
/// </summary>
internal static class JsonLogFileReader
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Maximum length of a single action line (a larger line is treated as corruption).</summary>
    private const int MaxLineLength = 1 << 30;

    /// <summary>Reads every action of <paramref name="path"/> into <paramref name="sink"/>, in file order.</summary>
    /// <exception cref="DeltaLogCorruptException">A line is not valid action JSON (names the file, version and line).</exception>
    public static async ValueTask ReadAsync(IObjectStore store, string path, long? version, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken)
    {
        Runtime.ProcessGuard.ThrowIfForked();
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
                        if (buffer.Length >= MaxLineLength)
                        {
                            throw new DeltaLogCorruptException($"A line of the log file is longer than {MaxLineLength} bytes (line {lineNumber + 1})", path, version);
                        }
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
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
