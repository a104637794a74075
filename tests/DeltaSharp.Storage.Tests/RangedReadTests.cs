using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Storage.Tests;

/// <summary>The shared ranged-read loop of the HTTP stores: filling the buffer from bodies that arrive in pieces,
/// resuming bodies cut off mid-transfer, and the errors for ranges past the end.</summary>
public sealed class RangedReadTests
{
    /// <summary>A body over a slice of the object that may break (IOException) after some bytes.</summary>
    private sealed class FakeBody : ObjectReadStream
    {
        public FakeBody(Stream body, long length, OwnerFlag owner)
            : base(body, owner, length)
        {
        }

        protected override bool ShouldMap(Exception exception, CancellationToken cancellationToken) => exception is IOException;

        protected override DeltaStorageException MapReadFailure(Exception exception) => new("body cut off", true, exception);
    }

    private sealed class OwnerFlag : IDisposable
    {
        public int Disposals;

        public void Dispose() => Interlocked.Increment(ref Disposals);
    }

    /// <summary>Serves bytes [first, min(last, size-1)] of an object, 7 bytes per read, breaking the first
    /// <c>breaks</c> bodies after 10 bytes.</summary>
    private sealed class FakeService(byte[] data, int breaks)
    {
        public int Opens;
        private readonly System.Collections.Generic.List<OwnerFlag> owners = [];

        public ValueTask<ObjectReadStream> Open(long first, long last, CancellationToken cancellationToken)
        {
            Opens++;
            int start = (int)Math.Min(first, data.Length);
            int end = (int)Math.Min(last + 1, data.Length);
            var owner = new OwnerFlag();
            owners.Add(owner);
            Stream body = new Piecewise(data.AsMemory(start, end - start).ToArray(), Opens <= breaks ? 10 : -1);
            return ValueTask.FromResult<ObjectReadStream>(new FakeBody(body, end - start, owner) { ObjectSize = data.Length });
        }

        public bool AllOwnersDisposed => owners.TrueForAll(o => o.Disposals == 1);
    }

    private sealed class Piecewise(byte[] data, int breakAfter) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer)
        {
            if (breakAfter >= 0 && Position >= breakAfter)
            {
                throw new IOException("connection reset");
            }
            return base.Read(buffer[..Math.Min(buffer.Length, 7)]);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }

    private static byte[] Data(int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(i * 7);
        }
        return data;
    }

    private static async Task<InMemoryObjectStore> StoreWith(byte[] data)
    {
        var store = new InMemoryObjectStore();
        await store.PutAsync("o", data, TestContext.Current.CancellationToken);
        return store;
    }

    [Fact]
    public async Task Fills_the_buffer_from_a_body_that_arrives_in_pieces()
    {
        byte[] data = Data(200);
        await using InMemoryObjectStore store = await StoreWith(data);
        var service = new FakeService(data, breaks: 0);
        var destination = new byte[100];
        await RangedRead.ReadExactlyAsync(store, "o", "mem://o", "Test", 50, destination, 3, service.Open, TestContext.Current.CancellationToken);
        Assert.Equal(data.AsSpan(50, 100).ToArray(), destination);
        Assert.Equal(1, service.Opens);
        Assert.True(service.AllOwnersDisposed);
    }

    [Fact]
    public async Task Resumes_bodies_cut_off_mid_transfer_from_where_they_stopped()
    {
        byte[] data = Data(200);
        await using InMemoryObjectStore store = await StoreWith(data);
        var service = new FakeService(data, breaks: 2);
        var destination = new byte[100];
        await RangedRead.ReadExactlyAsync(store, "o", "mem://o", "Test", 50, destination, 2, service.Open, TestContext.Current.CancellationToken);
        Assert.Equal(data.AsSpan(50, 100).ToArray(), destination);
        Assert.Equal(3, service.Opens);
        Assert.True(service.AllOwnersDisposed);
    }

    [Fact]
    public async Task Gives_up_after_max_resumes_with_the_transient_error()
    {
        byte[] data = Data(200);
        await using InMemoryObjectStore store = await StoreWith(data);
        var service = new FakeService(data, breaks: 10);
        DeltaStorageException error = await Assert.ThrowsAsync<DeltaStorageException>(async () =>
            await RangedRead.ReadExactlyAsync(store, "o", "mem://o", "Test", 0, new byte[100], 1, service.Open, TestContext.Current.CancellationToken));
        Assert.True(error.IsTransient);
        Assert.Equal("body cut off", error.Message);
        Assert.Equal(2, service.Opens);
        Assert.True(service.AllOwnersDisposed);
    }

    [Fact]
    public async Task A_range_past_the_end_is_a_non_transient_error_naming_the_size()
    {
        byte[] data = Data(200);
        await using InMemoryObjectStore store = await StoreWith(data);
        var service = new FakeService(data, breaks: 0);
        DeltaStorageException error = await Assert.ThrowsAsync<DeltaStorageException>(async () =>
            await RangedRead.ReadExactlyAsync(store, "o", "mem://o", "Test", 150, new byte[100], 3, service.Open, TestContext.Current.CancellationToken));
        Assert.False(error.IsTransient);
        Assert.Equal("Test: range [150, 250) of 'mem://o' extends past the end of the object (200 bytes).", error.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public async Task An_empty_range_only_checks_the_offset(long offset, bool ok)
    {
        byte[] data = Data(200);
        await using InMemoryObjectStore store = await StoreWith(data);
        var service = new FakeService(data, breaks: 0);
        Task read = RangedRead.ReadExactlyAsync(store, "o", "mem://o", "Test", offset, Memory<byte>.Empty, 3, service.Open, TestContext.Current.CancellationToken).AsTask();
        if (ok)
        {
            await read;
        }
        else
        {
            DeltaStorageException error = await Assert.ThrowsAsync<DeltaStorageException>(() => read);
            Assert.Equal("Test: range [201, 201) of 'mem://o' extends past the end of the object (200 bytes).", error.Message);
        }
        Assert.Equal(0, service.Opens);
    }

    [Theory]
    [InlineData("bytes 0-99/1234", 1234L)]
    [InlineData("bytes 5-5/6", 6L)]
    [InlineData("bytes 0-99/*", null)]
    [InlineData(null, null)]
    [InlineData("", null)]
    public void Parses_the_object_size_of_a_content_range(string? header, long? expected) =>
        Assert.Equal(expected, RangedRead.ObjectSizeFromContentRange(header));

    [Fact]
    public async Task Stored_content_matches_only_the_same_bytes()
    {
        byte[] data = Data(5000);
        await using InMemoryObjectStore store = await StoreWith(data);
        CancellationToken token = TestContext.Current.CancellationToken;
        Assert.True(await StoredContent.MatchesAsync(store, "o", data, token));
        byte[] changed = (byte[])data.Clone();
        changed[4999] ^= 1;
        Assert.False(await StoredContent.MatchesAsync(store, "o", changed, token));
        Assert.False(await StoredContent.MatchesAsync(store, "o", data.AsMemory(0, 4999), token));
        Assert.False(await StoredContent.MatchesAsync(store, "o", Data(5001), token));
        Assert.False(await StoredContent.MatchesAsync(store, "absent", data, token));
    }
}
