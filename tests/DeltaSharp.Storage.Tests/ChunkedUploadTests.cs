using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Storage.Tests;

/// <summary>The shared multipart/block upload driver (used by the S3 and Azure stores), against a recording fake
/// service: which requests it makes, in what order, with what bytes, how many at once, and what happens on failure.</summary>
public sealed class ChunkedUploadTests
{
    private const int Chunk = 1000;

    private sealed class FakeUpload : ChunkedUpload<int>
    {
        private int inFlight;

        public FakeUpload(int concurrency, StoreLifetime? lifetime = null)
            : base("p", "root/p", Chunk, concurrency, lifetime ?? new StoreLifetime(typeof(FakeUpload)))
        {
        }

        public byte[]? Whole;
        public bool Begun;
        public bool Aborted;
        public List<int>? Completed;
        public int MaxInFlight;
        public int? FailPart;
        public bool FailBegin;
        public (int Part, CancellationTokenSource Source)? CancelAt;
        public ConcurrentDictionary<int, byte[]> Parts { get; } = new();

        protected override ValueTask PutWholeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Whole = content.ToArray();
            return ValueTask.CompletedTask;
        }

        protected override ValueTask BeginAsync(CancellationToken cancellationToken)
        {
            if (FailBegin)
            {
                throw new DeltaStorageException("begin failed", true);
            }
            Begun = true;
            return ValueTask.CompletedTask;
        }

        protected override async Task<int> UploadPartAsync(int index, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref inFlight);
            lock (Parts)
            {
                MaxInFlight = Math.Max(MaxInFlight, now);
            }
            try
            {
                byte[] copy = chunk.ToArray();
                if (CancelAt is { } cancelAt && cancelAt.Part == index)
                {
                    await cancelAt.Source.CancelAsync();
                }
                await Task.Delay(5, cancellationToken);
                if (index == FailPart)
                {
                    throw new DeltaStorageException($"part {index} failed", true);
                }
                // The memory must still hold this part's bytes when the request ends (no buffer reuse in flight).
                Assert.True(chunk.Span.SequenceEqual(copy));
                Parts[index] = copy;
                return index * 10;
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        protected override ValueTask CompleteAsync(IReadOnlyList<int> parts, CancellationToken cancellationToken)
        {
            Completed = new List<int>(parts);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask AbortAsync()
        {
            Aborted = true;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A stream that returns its bytes a few at a time (as network streams do) and can fail after a point.</summary>
    private sealed class TrickleStream(byte[] data, int failAt = -1) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (failAt >= 0 && position >= failAt)
            {
                throw new IOException("source failed");
            }
            int n = Math.Min(Math.Min(count, 333), data.Length - position);
            Array.Copy(data, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Data(int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 31) + (i / 251));
        }
        return data;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    public async Task A_stream_shorter_than_one_chunk_is_one_whole_put(int length)
    {
        byte[] data = Data(length);
        var upload = new FakeUpload(2);
        await upload.UploadAsync(new TrickleStream(data), TestContext.Current.CancellationToken);
        Assert.Equal(data, upload.Whole);
        Assert.False(upload.Begun);
        Assert.Empty(upload.Parts);
        Assert.Null(upload.Completed);
    }

    [Theory]
    [InlineData(Chunk, 1)]
    [InlineData(3 * Chunk, 3)]
    [InlineData((7 * Chunk) + 1, 8)]
    public async Task Longer_streams_are_split_into_chunks_committed_in_order(int length, int expectedParts)
    {
        byte[] data = Data(length);
        var upload = new FakeUpload(3);
        await upload.UploadAsync(new TrickleStream(data), TestContext.Current.CancellationToken);
        Assert.Null(upload.Whole);
        Assert.True(upload.Begun);
        Assert.False(upload.Aborted);
        Assert.Equal(expectedParts, upload.Parts.Count);
        var expectedIds = new List<int>();
        var joined = new MemoryStream();
        for (int i = 0; i < expectedParts; i++)
        {
            expectedIds.Add(i * 10);
            byte[] part = upload.Parts[i];
            Assert.Equal(i < expectedParts - 1 ? Chunk : length - (i * Chunk), part.Length);
            joined.Write(part);
        }
        Assert.Equal(expectedIds, upload.Completed);
        Assert.Equal(data, joined.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task At_most_concurrency_parts_are_in_flight(int concurrency)
    {
        var upload = new FakeUpload(concurrency);
        await upload.UploadAsync(new TrickleStream(Data(20 * Chunk)), TestContext.Current.CancellationToken);
        Assert.InRange(upload.MaxInFlight, 1, concurrency);
        Assert.Equal(20, upload.Completed!.Count);
    }

    [Fact]
    public async Task A_failed_part_aborts_the_upload_and_propagates_without_committing()
    {
        var upload = new FakeUpload(2) { FailPart = 3 };
        DeltaStorageException error = await Assert.ThrowsAsync<DeltaStorageException>(
            async () => await upload.UploadAsync(new TrickleStream(Data(10 * Chunk)), TestContext.Current.CancellationToken));
        Assert.Equal("part 3 failed", error.Message);
        Assert.True(upload.Aborted);
        Assert.Null(upload.Completed);
    }

    [Fact]
    public async Task A_failing_source_stream_aborts_the_upload()
    {
        var upload = new FakeUpload(2);
        await Assert.ThrowsAsync<IOException>(
            async () => await upload.UploadAsync(new TrickleStream(Data(10 * Chunk), failAt: (4 * Chunk) + 10), TestContext.Current.CancellationToken));
        Assert.True(upload.Begun);
        Assert.True(upload.Aborted);
        Assert.Null(upload.Completed);
    }

    [Fact]
    public async Task A_failed_begin_neither_uploads_nor_aborts()
    {
        var upload = new FakeUpload(2) { FailBegin = true };
        await Assert.ThrowsAsync<DeltaStorageException>(
            async () => await upload.UploadAsync(new TrickleStream(Data(3 * Chunk)), TestContext.Current.CancellationToken));
        Assert.Empty(upload.Parts);
        Assert.False(upload.Aborted);
    }

    [Fact]
    public async Task Cancellation_aborts_the_upload()
    {
        using var cancellation = new CancellationTokenSource();
        var upload = new FakeUpload(2) { CancelAt = (2, cancellation) };
        var source = new TrickleStream(Data(50 * Chunk));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await upload.UploadAsync(source, cancellation.Token));
        Assert.True(upload.Aborted);
        Assert.Null(upload.Completed);
    }

    [Fact]
    public async Task A_disposed_store_stops_the_upload()
    {
        var lifetime = new StoreLifetime(typeof(FakeUpload));
        lifetime.MarkDisposed();
        var upload = new FakeUpload(2, lifetime);
        await Assert.ThrowsAsync<ObjectDisposedException>(
            async () => await upload.UploadAsync(new TrickleStream(Data(3 * Chunk)), TestContext.Current.CancellationToken));
        Assert.True(upload.Aborted);
    }
}
