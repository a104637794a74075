using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

// The bridge is given its own tokens deliberately; sources are created without the test token.
#pragma warning disable xUnit1051

namespace DeltaSharp.Storage.Tests;

public sealed class BlockingBridgeTests
{
    private sealed class Item(int value) : IDisposable
    {
        public int Value { get; } = value;

        public int Disposals;

        public void Dispose() => Interlocked.Increment(ref Disposals);
    }

    private sealed class Source
    {
        public int Produced;
        public bool SawCancellation;
        public List<Item> Items { get; } = new();

        public async IAsyncEnumerable<Item> Run(int count, Exception? failAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                for (int i = 0; i < count; i++)
                {
                    await Task.Yield();
                    var item = new Item(i);
                    lock (Items)
                    {
                        Items.Add(item);
                    }
                    Interlocked.Increment(ref Produced);
                    yield return item;
                }
                if (failAfter is not null)
                {
                    throw failAfter;
                }
            }
            finally
            {
                SawCancellation = cancellationToken.IsCancellationRequested;
            }
        }
    }

    [Fact]
    public void Delivers_all_items_in_order_with_back_pressure()
    {
        var source = new Source();
        const int capacity = 4;
        using var bridge = new BlockingBridge<Item>(source.Run(200, null), capacity);
        int consumed = 0;
        foreach (Item item in bridge)
        {
            Assert.Equal(consumed, item.Value);
            consumed++;
            // The producer can be at most `capacity` queued + 1 being written ahead of the consumer.
            Assert.InRange(Volatile.Read(ref source.Produced) - consumed, 0, capacity + 1);
        }
        Assert.Equal(200, consumed);
    }

    [Fact]
    public void Nothing_runs_before_the_first_MoveNext()
    {
        var source = new Source();
        using var bridge = new BlockingBridge<Item>(source.Run(3, null), 2);
        Thread.Yield();
        Assert.Equal(0, Volatile.Read(ref source.Produced));
        Assert.True(bridge.MoveNext());
    }

    [Fact]
    public void Producer_exception_arrives_after_the_items_before_it()
    {
        var source = new Source();
        var boom = new InvalidOperationException("source failed at item 5");
        using var bridge = new BlockingBridge<Item>(source.Run(5, boom), 2);
        var seen = new List<int>();
        var thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            while (bridge.MoveNext())
            {
                seen.Add(bridge.Current.Value);
            }
        });
        Assert.Same(boom, thrown);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, seen);
        Assert.False(bridge.MoveNext());
    }

    [Fact]
    public void Walking_away_cancels_the_producer_and_disposes_buffered_items()
    {
        var source = new Source();
        var bridge = new BlockingBridge<Item>(source.Run(1000, null), 8);
        var received = new List<Item>();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(bridge.MoveNext());
            received.Add(bridge.Current);
        }
        bridge.Dispose();
        Assert.True(source.SawCancellation);
        Assert.True(source.Produced < 1000);
        foreach (Item item in source.Items)
        {
            // The consumer's items are its own; every other produced item was released exactly once.
            Assert.Equal(received.Contains(item) ? 0 : 1, item.Disposals);
        }
        Assert.Throws<ObjectDisposedException>(() => bridge.MoveNext());
    }

    [Fact]
    public void Cancellation_token_stops_the_pump()
    {
        using var cts = new CancellationTokenSource();
        var source = new Source();
        using var bridge = new BlockingBridge<Item>(source.Run(1000, null), 2, null, cts.Token);
        Assert.True(bridge.MoveNext());
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            while (bridge.MoveNext())
            {
            }
        });
    }

    [Fact]
    public async Task Bridges_a_real_listing()
    {
        var store = new InMemoryObjectStore();
        for (int i = 0; i < 2500; i++)
        {
            await store.PutAsync($"k/{i:D5}", new byte[1], TestContext.Current.CancellationToken);
        }
        using var bridge = new BlockingBridge<ObjectMeta>(store.ListAsync("k/"), 16);
        int count = 0;
        string? previous = null;
        foreach (ObjectMeta meta in bridge)
        {
            Assert.True(previous is null || string.CompareOrdinal(previous, meta.Path) < 0);
            previous = meta.Path;
            count++;
        }
        Assert.Equal(2500, count);
    }
}
