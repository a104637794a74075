using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using DeltaSharp.Runtime;

namespace DeltaSharp.Storage;

/// <summary>
/// A bounded producer/consumer bridge for callers that pull synchronously from an asynchronous source (a listing,
/// a scan): an <see cref="IAsyncEnumerable{T}"/> is pumped on the thread pool into a bounded channel and consumed
/// with a plain <see cref="IEnumerator{T}"/>.
/// </summary>
/// <remarks>
/// <para><b>Back-pressure</b>: the producer runs at most <c>capacity</c> items ahead of the consumer; it then waits.</para>
/// <para><b>Errors</b>: an exception from the source is thrown by <see cref="MoveNext"/> after every item produced
/// before it has been delivered, with its original stack trace.</para>
/// <para><b>Walking away</b>: <see cref="Dispose"/> cancels the producer, waits for it to stop, and releases every
/// item still buffered (or being written) with the release action — by default <see cref="IDisposable.Dispose"/>
/// for disposable items. Items already returned by <see cref="Current"/> belong to the consumer.</para>
/// <para>Nothing starts before the first <see cref="MoveNext"/>. Each step calls
/// <see cref="ProcessGuard.ThrowIfForked"/>. One consumer thread; not reusable (<see cref="Reset"/> throws).
/// <see cref="MoveNext"/> blocks the calling thread while the channel is empty; that is its purpose — do not call it
/// from async code (use the source directly there).</para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public sealed class BlockingBridge<T> : IEnumerator<T>, IEnumerable<T>
{
    private readonly IAsyncEnumerable<T> source;
    private readonly Action<T>? release;
    private readonly Channel<T> channel;
    private readonly CancellationTokenSource cancellation;
    private Task? producer;
    private T current = default!;
    private bool finished;
    private bool disposed;

    /// <summary>Creates a bridge over <paramref name="source"/>; pumping starts at the first <see cref="MoveNext"/>.</summary>
    /// <param name="source">The asynchronous source; enumerated once, on the thread pool.</param>
    /// <param name="capacity">How many items may wait in the channel (at least 1).</param>
    /// <param name="release">Releases an item the consumer never received; null disposes <see cref="IDisposable"/>
    /// items and ignores others.</param>
    /// <param name="cancellationToken">Cancels the pump; <see cref="MoveNext"/> then throws
    /// <see cref="OperationCanceledException"/>.</param>
    public BlockingBridge(IAsyncEnumerable<T> source, int capacity, Action<T>? release = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.source = source;
        this.release = release;
        channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <inheritdoc />
    public T Current => current;

    object? IEnumerator.Current => current;

    /// <summary>Waits for the next item. Returns false at the end of the source; throws the source's exception
    /// after the items before it; throws <see cref="OperationCanceledException"/> when the token was cancelled.</summary>
    public bool MoveNext()
    {
        ProcessGuard.ThrowIfForked();
        ObjectDisposedException.ThrowIf(disposed, this);
        if (finished)
        {
            return false;
        }
        producer ??= Task.Run(PumpAsync);
        ChannelReader<T> reader = channel.Reader;
        while (true)
        {
            if (reader.TryRead(out T? item))
            {
                current = item;
                return true;
            }
            bool more;
            try
            {
                // Blocking wait is the point of this type: the caller pulls synchronously.
                more = reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                finished = true;
                ExceptionDispatchInfo.Capture(ex).Throw();
                throw;
            }
            if (!more)
            {
                finished = true;
                Exception? failure = reader.Completion.Exception?.InnerException;
                if (failure is not null)
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }
                return false;
            }
        }
    }

    private async Task PumpAsync()
    {
        CancellationToken token = cancellation.Token;
        Exception? failure = null;
        try
        {
            await foreach (T item in source.WithCancellation(token).ConfigureAwait(false))
            {
                try
                {
                    await channel.Writer.WriteAsync(item, token).ConfigureAwait(false);
                }
                catch
                {
                    Release(item);
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

    /// <summary>Not supported: the source is enumerated once.</summary>
    public void Reset() => throw new NotSupportedException("A BlockingBridge enumerates its source once.");

    /// <summary>Cancels the producer, waits for it to stop, and releases every item the consumer never received.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        cancellation.Cancel();
        if (producer is not null)
        {
            try
            {
                producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Expected: the pump observed the cancellation.
            }
        }
        while (channel.Reader.TryRead(out T? left))
        {
            Release(left);
        }
        cancellation.Dispose();
    }

    private void Release(T item)
    {
        if (release is not null)
        {
            release(item);
        }
        else if (item is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    /// <summary>Returns this bridge (single use) so it can be consumed with <c>foreach</c>.</summary>
    public IEnumerator<T> GetEnumerator() => this;

    IEnumerator IEnumerable.GetEnumerator() => this;
}
