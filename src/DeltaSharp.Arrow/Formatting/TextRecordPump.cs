using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// The I/O edge shared by the text readers: fills a pooled buffer from a stream asynchronously, hands the unparsed
/// bytes to a synchronous record parser, and yields a batch whenever the parser has filled one. A record larger than
/// <see cref="MaxRecordBytes"/> is an error rather than an unbounded allocation.
/// </summary>
internal static class TextRecordPump
{
    public const int MaxRecordBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Parses complete records from <c>data</c> into the assembler until it holds <c>batchSize</c> rows or no complete
    /// record is left; returns the bytes consumed. <c>final</c>: no more input follows (a last record needs no line end).
    /// </summary>
    public delegate int RecordParser(ReadOnlySpan<byte> data, bool final, TextBatchAssembler assembler, int batchSize);

    public static async IAsyncEnumerable<RecordBatch> RunAsync(Stream stream, TextBatchAssembler assembler, int batchSize, RecordParser parse, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int start = 0;
            int end = 0;
            bool final = false;
            while (true)
            {
                int consumed = parse(buffer.AsSpan(start, end - start), final, assembler, batchSize);
                start += consumed;
                if (assembler.Rows >= batchSize || (final && start == end && assembler.Rows > 0))
                {
                    yield return assembler.Flush();
                    continue;
                }
                if (final)
                {
                    if (start != end)
                    {
                        throw new InvalidOperationException("The record parser left input unconsumed at the end.");
                    }
                    yield break;
                }
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                {
                    if (buffer.Length >= MaxRecordBytes)
                    {
                        throw new FormatException($"a record is longer than {MaxRecordBytes / (1024 * 1024)} MiB (or a quote is never closed)");
                    }
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    final = true;
                }
                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
