using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;
using DeltaSharp.Arrow.Ipc;

namespace DeltaSharp.Cli;

/// <summary>
/// Writes a stream of record batches to standard output in one of the CLI's formats (<c>jsonl</c>, <c>csv</c>,
/// <c>table</c>, <c>arrow</c>), stopping after <c>limit</c> rows. Used by <c>cat</c> and <c>changes</c>.
/// </summary>
internal static class BatchOutput
{
    /// <summary>
    /// Consumes <paramref name="batches"/> (disposing each) and writes them. <paramref name="emptySchema"/> is the
    /// schema of the Arrow stream when no batch arrives (a valid, empty stream). <c>arrow</c> goes to the process's
    /// binary standard output after flushing <paramref name="stdout"/>.
    /// </summary>
    public static async Task WriteAsync(IAsyncEnumerable<RecordBatch> batches, Arrow.Schema emptySchema, string format, long? limit, TextWriter stdout, CancellationToken cancellationToken)
    {
        long remaining = limit ?? long.MaxValue;
        JsonLinesWriter? jsonl = format == "jsonl" ? new JsonLinesWriter(stdout) : null;
        CsvWriter? csv = format == "csv" ? new CsvWriter(stdout) : null;
        using TableOutput? table = format == "table" ? new TableOutput(limit) : null;
        Stream? binary = null;
        ArrowStreamWriter? ipc = null;
        try
        {
            await foreach (RecordBatch batch in batches.ConfigureAwait(false))
            {
                using (batch)
                {
                    if (remaining <= 0 || table is { IsFull: true })
                    {
                        break;
                    }
                    int count = (int)Math.Min(batch.Length, remaining);
                    remaining -= count;
                    using RecordBatch slice = batch.Slice(0, count);
                    switch (format)
                    {
                        case "jsonl":
                            jsonl!.Write(slice);
                            break;
                        case "csv":
                            csv!.Write(slice);
                            break;
                        case "arrow":
                            if (ipc is null)
                            {
                                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                                binary = Console.OpenStandardOutput();
                                ipc = new ArrowStreamWriter(binary, slice.Schema, leaveOpen: true);
                                await ipc.WriteStartAsync(cancellationToken).ConfigureAwait(false);
                            }
                            await ipc.WriteRecordBatchAsync(slice, cancellationToken).ConfigureAwait(false);
                            break;
                        default:
                            table!.Add(slice);
                            break;
                    }
                }
            }
            if (format == "arrow" && ipc is null)
            {
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                binary = Console.OpenStandardOutput();
                ipc = new ArrowStreamWriter(binary, emptySchema, leaveOpen: true);
                await ipc.WriteStartAsync(cancellationToken).ConfigureAwait(false);
            }
            if (ipc is not null)
            {
                await ipc.FinishAsync(cancellationToken).ConfigureAwait(false);
            }
            table?.WriteTo(stdout);
        }
        finally
        {
            jsonl?.Dispose();
            csv?.Dispose();
            ipc?.Dispose();
            if (binary is not null)
            {
                await binary.FlushAsync(cancellationToken).ConfigureAwait(false);
                await binary.DisposeAsync().ConfigureAwait(false);
            }
        }
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
