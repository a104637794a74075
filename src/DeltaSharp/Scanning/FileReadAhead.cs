using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using DeltaSharp.Arrow;

namespace DeltaSharp.Scanning;

/// <summary>
/// Reads one file's batches ahead of the consumer: the file's async enumeration is pumped on the thread pool into a
/// bounded channel of <see cref="Capacity"/> batches (back-pressure bounds memory). <see cref="NextAsync"/> returns
/// the batches in order and then null; a failure of the file is rethrown there. <see cref="DisposeAsync"/> cancels
/// the pump, waits for it and disposes every batch never handed out.
/// </summary>
internal sealed class FileReadAhead : IAsyncDisposable
{
    /// <summary>Batches buffered per file beyond the one being produced.</summary>
    public const int Capacity = 2;

    private readonly Channel<RecordBatch> channel = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource cancellation;
    private Task? pump;

    private FileReadAhead(CancellationToken cancellationToken)
    {
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public static FileReadAhead Start(IAsyncEnumerable<RecordBatch> source, CancellationToken cancellationToken)
    {
        var readAhead = new FileReadAhead(cancellationToken);
        readAhead.pump = Task.Run(() => readAhead.PumpAsync(source), CancellationToken.None);
        return readAhead;
    }

    private async Task PumpAsync(IAsyncEnumerable<RecordBatch> source)
    {
        CancellationToken token = cancellation.Token;
        Exception? failure = null;
        try
        {
            await foreach (RecordBatch batch in source.WithCancellation(token).ConfigureAwait(false))
            {
                try
                {
                    await channel.Writer.WriteAsync(batch, token).ConfigureAwait(false);
                }
                catch
                {
                    batch.Dispose();
                    throw;
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        channel.Writer.TryComplete(failure);
    }

    /// <summary>The next batch (owned by the caller), or null at the end of the file.</summary>
    public async ValueTask<RecordBatch?> NextAsync()
    {
        ChannelReader<RecordBatch> reader = channel.Reader;
        while (true)
        {
            if (reader.TryRead(out RecordBatch? batch))
            {
                return batch;
            }
            if (!await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                // WaitToReadAsync rethrows the pump's failure; reaching here means a clean end.
                return null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await cancellation.CancelAsync().ConfigureAwait(false);
        if (pump is not null)
        {
            await pump.ConfigureAwait(false);
        }
        while (channel.Reader.TryRead(out RecordBatch? left))
        {
            left.Dispose();
        }
        cancellation.Dispose();
    }
}
