using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Storage;
using Xunit;

// Some calls deliberately pass no token: they test the token given to WithCancellation or default arguments.
#pragma warning disable xUnit1051

namespace DeltaSharp.Storage.Tests.Conformance;

/// <summary>
/// The one storage conformance suite. Every store (local, in-memory, S3 via moto, Azure via Azurite) runs exactly
/// these tests through a derived class that only says how to open an empty store.
/// </summary>
public abstract class ObjectStoreConformanceTests : IAsyncLifetime
{
    private readonly List<IObjectStore> opened = new();

    /// <summary>Opens a store over a fresh, empty location (skips when the backing service is unavailable).</summary>
    protected abstract ValueTask<IObjectStore> OpenEmptyStoreAsync();

    /// <summary>Objects at least this large go through the store's multipart/block upload path.</summary>
    protected virtual int LargeObjectSize => 12 * 1024 * 1024 + 12345;

    /// <summary>How many times the 16-writer create-if-absent race is repeated.</summary>
    protected virtual int RaceRepetitions => 20;

    /// <summary>Number of keys for the paging test (must exceed the service's 1,000-key page).</summary>
    protected virtual int PagingKeyCount => 1234;

    /// <summary>Non-null when the backing service cannot make create-if-absent atomic under concurrency (an
    /// emulator limitation); the race test then checks what it can and reports itself skipped with this reason.</summary>
    protected virtual string? ConcurrentCreateLimitation => null;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (IObjectStore store in opened)
        {
            await store.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private async Task<IObjectStore> NewStoreAsync()
    {
        IObjectStore store = await OpenEmptyStoreAsync();
        opened.Add(store);
        return store;
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static async Task<List<ObjectMeta>> ListAllAsync(IObjectStore store, string prefix, string? startAfter = null)
    {
        var result = new List<ObjectMeta>();
        await foreach (ObjectMeta meta in store.ListAsync(prefix, startAfter, Token))
        {
            result.Add(meta);
        }
        return result;
    }

    protected static async Task<byte[]> ReadAllAsync(IObjectStore store, string key)
    {
        await using Stream stream = await store.OpenReadAsync(key, Token);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    /// <summary>Independent truth for ordering: sort by the UTF-8 bytes themselves.</summary>
    protected static List<string> SortByUtf8Bytes(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        list.Sort((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
        return list;
    }

    [Fact]
    public async Task Put_then_read_round_trips_content_and_metadata()
    {
        IObjectStore store = await NewStoreAsync();
        byte[] content = Bytes("{\"commitInfo\":{}}\n");
        await store.PutAsync("_delta_log/00000000000000000000.json", content, Token);

        Assert.Equal(content, await ReadAllAsync(store, "_delta_log/00000000000000000000.json"));
        ObjectMeta meta = await store.GetMetadataAsync("_delta_log/00000000000000000000.json", Token);
        Assert.Equal("_delta_log/00000000000000000000.json", meta.Path);
        Assert.Equal(content.Length, meta.Size);
        Assert.False(string.IsNullOrEmpty(meta.ETag));
        Assert.InRange(meta.LastModified, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        IObjectStore store = await NewStoreAsync();
        await store.PutAsync("empty", ReadOnlyMemory<byte>.Empty, Token);
        Assert.Empty(await ReadAllAsync(store, "empty"));
        Assert.Equal(0, (await store.GetMetadataAsync("empty", Token)).Size);
        await store.ReadRangeAsync("empty", 0, Memory<byte>.Empty, Token);
        Assert.True(await store.PutIfAbsentAsync("empty2", ReadOnlyMemory<byte>.Empty, Token));
        Assert.Equal(0, (await store.GetMetadataAsync("empty2", Token)).Size);
    }

    [Fact]
    public async Task Missing_object_is_DeltaObjectNotFoundException_naming_the_key()
    {
        IObjectStore store = await NewStoreAsync();
        await store.PutAsync("present/x", Bytes("x"), Token);
        var meta = await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () => await store.GetMetadataAsync("present/missing", Token));
        Assert.Equal("present/missing", meta.Path);
        Assert.Contains("present/missing", meta.Message, StringComparison.Ordinal);
        Assert.False(meta.IsTransient);
        var range = await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () => await store.ReadRangeAsync("absent/dir/file", 0, new byte[1], Token));
        Assert.Equal("absent/dir/file", range.Path);
        await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () =>
        {
            await using Stream s = await store.OpenReadAsync("nothing", Token);
            _ = await s.ReadAsync(new byte[16], Token);
        });
        Assert.Empty(await ListAllAsync(store, "nothing"));
    }

    [Fact]
    public async Task Listing_is_in_UTF8_byte_order_including_non_ASCII_and_nesting()
    {
        IObjectStore store = await NewStoreAsync();
        // U+FFFD sorts before U+1F600 in UTF-8 (EF.. < F0..) but after it in UTF-16 (FFFD > D83D): the classic trap.
        string[] keys =
        {
            "a/\uFFFD.json", "a/\U0001F600.json", "a/\u00E9t\u00E9", "a/z", "a/Z", "a/b/c", "a/b-c", "a/b.c", "a/b0",
            "a/\u4E2D\u6587/x", "a/\uE000", "a-b", "a0", "b", "A", "a/b/x/d/e",
        };
        foreach (string key in keys)
        {
            await store.PutAsync(key, Bytes(key), Token);
        }
        List<ObjectMeta> listed = await ListAllAsync(store, "");
        Assert.Equal(SortByUtf8Bytes(keys), listed.Select(m => m.Path).ToList());
        foreach (ObjectMeta meta in listed)
        {
            Assert.Equal(Encoding.UTF8.GetByteCount(meta.Path), meta.Size);
            ObjectMeta direct = await store.GetMetadataAsync(meta.Path, Token);
            Assert.Equal(direct.ETag, meta.ETag);
            Assert.Equal(direct.LastModified, meta.LastModified);
        }

        Assert.Equal(SortByUtf8Bytes(keys.Where(k => k.StartsWith("a/", StringComparison.Ordinal))),
            (await ListAllAsync(store, "a/")).Select(m => m.Path).ToList());
        Assert.Equal(SortByUtf8Bytes(keys.Where(k => k.StartsWith("a/b", StringComparison.Ordinal))),
            (await ListAllAsync(store, "a/b")).Select(m => m.Path).ToList());
        Assert.Equal(new[] { "a/b/c", "a/b/x/d/e" }, (await ListAllAsync(store, "a/b/")).Select(m => m.Path).ToList());
    }

    [Fact]
    public async Task Listing_with_startAfter_returns_strictly_greater_keys()
    {
        IObjectStore store = await NewStoreAsync();
        var keys = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            keys.Add($"_delta_log/{i:D20}.json");
        }
        keys.Add("_delta_log/00000000000000000010.checkpoint.parquet");
        keys.Add("_delta_log/_last_checkpoint");
        keys.Add("part-00000.parquet");
        foreach (string key in keys)
        {
            await store.PutAsync(key, Bytes("x"), Token);
        }
        string after = "_delta_log/00000000000000000010.checkpoint.parquet";
        List<string> expected = SortByUtf8Bytes(keys.Where(k => k.StartsWith("_delta_log/", StringComparison.Ordinal)))
            .Where(k => Encoding.UTF8.GetBytes(k).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(after)) > 0).ToList();
        Assert.Equal(expected, (await ListAllAsync(store, "_delta_log/", after)).Select(m => m.Path).ToList());

        // startAfter that is not itself a key, and one before the prefix.
        Assert.Equal(expected, (await ListAllAsync(store, "_delta_log/", "_delta_log/00000000000000000010.d")).Select(m => m.Path).ToList());
        Assert.Equal(31, (await ListAllAsync(store, "_delta_log/0", "")).Count);
        Assert.Equal(32, (await ListAllAsync(store, "_delta_log/", "_")).Count);
        Assert.Empty(await ListAllAsync(store, "_delta_log/", "_delta_log/~"));
        // A partial last segment as prefix.
        Assert.Equal(10, (await ListAllAsync(store, "_delta_log/0000000000000000000")).Count);
    }

    [Fact]
    public async Task Listing_pages_past_1000_keys_in_order()
    {
        IObjectStore store = await NewStoreAsync();
        int count = PagingKeyCount;
        var keys = Enumerable.Range(0, count).Select(i => $"p/{i % 7}/{i:D6}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Token },
            async (key, ct) => await store.PutAsync(key, Bytes(key), ct));
        await store.PutAsync("q/outside", Bytes("x"), Token);

        List<ObjectMeta> listed = await ListAllAsync(store, "p/");
        Assert.Equal(SortByUtf8Bytes(keys), listed.Select(m => m.Path).ToList());

        // Resume in the middle of the second page.
        string resumeAfter = SortByUtf8Bytes(keys)[1100 % count];
        List<ObjectMeta> tail = await ListAllAsync(store, "p/", resumeAfter);
        Assert.Equal(SortByUtf8Bytes(keys).SkipWhile(k => k != resumeAfter).Skip(1).ToList(), tail.Select(m => m.Path).ToList());
    }

    [Fact]
    public async Task Ranged_reads_return_exact_bytes_and_reject_ranges_past_the_end()
    {
        IObjectStore store = await NewStoreAsync();
        byte[] content = RandomBytes(100_000, 7);
        await store.PutAsync("data/blob.bin", content, Token);

        foreach ((long offset, int length) in new[] { (0L, 1), (0L, 100_000), (99_999L, 1), (12_345L, 54_321), (50_000L, 0) })
        {
            var buffer = new byte[length];
            await store.ReadRangeAsync("data/blob.bin", offset, buffer, Token);
            Assert.Equal(content.AsSpan((int)offset, length).ToArray(), buffer);
        }
        var past = await Assert.ThrowsAsync<DeltaStorageException>(async () => await store.ReadRangeAsync("data/blob.bin", 99_990, new byte[11], Token));
        Assert.IsNotType<DeltaObjectNotFoundException>(past);
        Assert.Contains("data/blob.bin", past.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReadRangeAsync("data/blob.bin", -1, new byte[1], Token));
    }

    [Fact]
    public async Task Large_stream_upload_round_trips()
    {
        IObjectStore store = await NewStoreAsync();
        byte[] content = RandomBytes(LargeObjectSize, 11);
        // A non-seekable source: the store must not depend on Length/Position.
        await using (var source = new NonSeekableStream(content))
        {
            await store.PutAsync("big/object.parquet", source, Token);
        }
        Assert.Equal(content.Length, (await store.GetMetadataAsync("big/object.parquet", Token)).Size);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(store, "big/object.parquet")));
        var tail = new byte[4096];
        await store.ReadRangeAsync("big/object.parquet", content.Length - tail.Length, tail, Token);
        Assert.Equal(content.AsSpan(content.Length - tail.Length).ToArray(), tail);

        // Overwrite with a small stream: readers see the new object whole.
        await using (var small = new NonSeekableStream(Bytes("small")))
        {
            await store.PutAsync("big/object.parquet", small, Token);
        }
        Assert.Equal(Bytes("small"), await ReadAllAsync(store, "big/object.parquet"));
    }

    [Fact]
    public async Task Incremental_upload_is_invisible_until_completed_then_whole()
    {
        IObjectStore store = await NewStoreAsync();
        byte[] content = RandomBytes(LargeObjectSize, 17);
        await store.PutAsync("data/part-0.parquet", Bytes("old"), Token);
        await using (ObjectUpload upload = await store.StartPutAsync("data/part-0.parquet", Token))
        {
            // Written in uneven pieces, as a Parquet writer does (page headers, pages, footer).
            int written = 0;
            var random = new Random(5);
            while (written < content.Length)
            {
                int piece = Math.Min(content.Length - written, random.Next(1, 300_000));
                await upload.Content.WriteAsync(content.AsMemory(written, piece), Token);
                written += piece;
                if (random.Next(8) == 0)
                {
                    // Mid-upload, readers still see the old object, and listings show nothing else.
                    Assert.Equal(Bytes("old"), await ReadAllAsync(store, "data/part-0.parquet"));
                    Assert.Equal(new[] { "data/part-0.parquet" }, (await ListAllAsync(store, "")).ConvertAll(m => m.Path));
                }
            }
            Assert.Equal(content.Length, upload.Length);
            await upload.CompleteAsync(Token);
        }
        Assert.Equal(content.Length, (await store.GetMetadataAsync("data/part-0.parquet", Token)).Size);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(store, "data/part-0.parquet")));
        Assert.Equal(new[] { "data/part-0.parquet" }, (await ListAllAsync(store, "")).ConvertAll(m => m.Path));
    }

    [Fact]
    public async Task Incremental_upload_disposed_without_completing_leaves_nothing()
    {
        IObjectStore store = await NewStoreAsync();
        await using (ObjectUpload upload = await store.StartPutAsync("data/abandoned.parquet", Token))
        {
            await upload.Content.WriteAsync(RandomBytes(100_000, 3), Token);
        }
        await store.PutAsync("data/kept", Bytes("k"), Token);
        await using (ObjectUpload replaced = await store.StartPutAsync("data/kept", Token))
        {
            await replaced.Content.WriteAsync(Bytes("never visible"), Token);
        }
        await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () => await store.GetMetadataAsync("data/abandoned.parquet", Token));
        Assert.Equal(Bytes("k"), await ReadAllAsync(store, "data/kept"));
        Assert.Equal(new[] { "data/kept" }, (await ListAllAsync(store, "")).ConvertAll(m => m.Path));
    }

    [Fact]
    public async Task Streaming_read_delivers_large_object_in_chunks()
    {
        IObjectStore store = await NewStoreAsync();
        byte[] content = RandomBytes(3 * 1024 * 1024 + 17, 3);
        await store.PutAsync("s/blob", content, Token);
        await using Stream stream = await store.OpenReadAsync("s/blob", Token);
        var result = new MemoryStream();
        var buffer = new byte[65_536];
        int read;
        while ((read = await stream.ReadAsync(buffer, Token)) > 0)
        {
            result.Write(buffer, 0, read);
        }
        Assert.Equal(content, result.ToArray());
    }

    [Fact]
    public async Task PutIfAbsent_creates_once_and_leaves_existing_object_untouched()
    {
        IObjectStore store = await NewStoreAsync();
        Assert.True(await store.PutIfAbsentAsync("_delta_log/00000000000000000001.json", Bytes("first"), Token));
        Assert.False(await store.PutIfAbsentAsync("_delta_log/00000000000000000001.json", Bytes("second"), Token));
        Assert.Equal(Bytes("first"), await ReadAllAsync(store, "_delta_log/00000000000000000001.json"));
        Assert.Single(await ListAllAsync(store, "_delta_log/"));
    }

    [Fact]
    public async Task PutIfAbsent_raced_by_16_writers_has_exactly_one_winner_every_time()
    {
        IObjectStore store = await NewStoreAsync();
        for (int round = 0; round < RaceRepetitions; round++)
        {
            string key = $"_delta_log/{round:D20}.json";
            using var start = new ManualResetEventSlim(false);
            Task<bool>[] writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                start.Wait(Token);
                return await store.PutIfAbsentAsync(key, Bytes($"writer {w} round {round}"), Token);
            })).ToArray();
            start.Set();
            bool[] results = await Task.WhenAll(writers);
            byte[] stored = await ReadAllAsync(store, key);
            if (ConcurrentCreateLimitation is null)
            {
                Assert.Equal(1, results.Count(r => r));
                int winner = Array.IndexOf(results, true);
                Assert.Equal(Bytes($"writer {winner} round {round}"), stored);
            }
            else
            {
                // What an emulator without atomic conditional writes can still show: someone won, the stored
                // object is a winner's, and nobody who lost holds the object.
                Assert.Contains(true, results);
                Assert.Contains(Enumerable.Range(0, 16).Where(w => results[w]), w => Bytes($"writer {w} round {round}").AsSpan().SequenceEqual(stored));
            }
        }
        Assert.Equal(RaceRepetitions, (await ListAllAsync(store, "_delta_log/")).Count);
        if (ConcurrentCreateLimitation is not null)
        {
            Assert.Skip(ConcurrentCreateLimitation);
        }
    }

    [Fact]
    public async Task Put_overwrites_and_delete_is_idempotent()
    {
        IObjectStore store = await NewStoreAsync();
        await store.PutAsync("k/v", Bytes("one"), Token);
        await store.PutAsync("k/v", Bytes("two!"), Token);
        Assert.Equal(Bytes("two!"), await ReadAllAsync(store, "k/v"));
        Assert.Equal(4, (await store.GetMetadataAsync("k/v", Token)).Size);

        await store.DeleteAsync("k/v", Token);
        await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () => await store.GetMetadataAsync("k/v", Token));
        await store.DeleteAsync("k/v", Token);
        await store.DeleteAsync("never/existed/at/all", Token);
        Assert.Empty(await ListAllAsync(store, "k/"));
        Assert.True(await store.PutIfAbsentAsync("k/v", Bytes("three"), Token));
    }

    [Fact]
    public async Task Invalid_keys_are_rejected_with_ArgumentException()
    {
        IObjectStore store = await NewStoreAsync();
        foreach (string bad in new[] { "", "/abs", "trailing/", "a//b", "a/../b", "./a", "a/.", "nul\0" })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.PutAsync(bad, Bytes("x"), Token));
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.GetMetadataAsync(bad, Token));
        }
        Assert.ThrowsAny<ArgumentException>(() => store.ListAsync("/x"));
    }

    [Fact]
    public async Task Cancelled_calls_throw_OperationCanceledException()
    {
        IObjectStore store = await NewStoreAsync();
        await store.PutAsync("c/x", Bytes("x"), Token);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.GetMetadataAsync("c/x", cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.PutAsync("c/y", Bytes("y"), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.PutIfAbsentAsync("c/z", Bytes("z"), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ReadRangeAsync("c/x", 0, new byte[1], cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ObjectMeta unused in store.ListAsync("c/", null, cts.Token))
            {
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ObjectMeta unused in store.ListAsync("c/").WithCancellation(cts.Token))
            {
            }
        });
        await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () => await store.GetMetadataAsync("c/y", Token));
    }

    [Fact]
    public async Task Listing_honours_both_tokens_mid_listing()
    {
        IObjectStore store = await NewStoreAsync();
        for (int i = 0; i < 5; i++)
        {
            await store.PutAsync($"m/{i}", Bytes("x"), Token);
        }
        foreach (bool viaWithCancellation in new[] { false, true })
        {
            using var cts = new CancellationTokenSource();
            int seen = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                if (viaWithCancellation)
                {
                    await foreach (ObjectMeta unused in store.ListAsync("m/").WithCancellation(cts.Token))
                    {
                        seen++;
                        await cts.CancelAsync();
                    }
                }
                else
                {
                    await foreach (ObjectMeta unused in store.ListAsync("m/", null, cts.Token))
                    {
                        seen++;
                        await cts.CancelAsync();
                    }
                }
            });
            Assert.Equal(1, seen);
        }
    }

    [Fact]
    public async Task Listing_is_lazy_and_self_contained()
    {
        IObjectStore store = await NewStoreAsync();
        IAsyncEnumerable<ObjectMeta> listing = MakeListing(store);
        // Created before the objects exist: nothing ran yet, so it sees them.
        await store.PutAsync("lazy/a", Bytes("x"), Token);
        await store.PutAsync("lazy/b", Bytes("x"), Token);
        var seen = new List<string>();
        await foreach (ObjectMeta meta in listing)
        {
            seen.Add(meta.Path);
        }
        Assert.Equal(new[] { "lazy/a", "lazy/b" }, seen);
        // Enumerable twice: each enumeration is a new listing.
        Assert.Equal(2, await CountAsync(listing));

        static IAsyncEnumerable<ObjectMeta> MakeListing(IObjectStore s)
        {
            char[] prefix = "lazy/".ToCharArray();
            IAsyncEnumerable<ObjectMeta> result = s.ListAsync(new string(prefix), null, Token);
            Array.Fill(prefix, 'X');
            return result;
        }
    }

    private static async Task<int> CountAsync(IAsyncEnumerable<ObjectMeta> listing)
    {
        int count = 0;
        await foreach (ObjectMeta unused in listing.WithCancellation(Token))
        {
            count++;
        }
        return count;
    }

    [Fact]
    public async Task Disposing_the_store_mid_listing_throws_ObjectDisposedException_at_the_next_step()
    {
        IObjectStore store = await OpenEmptyStoreAsync();
        for (int i = 0; i < 3; i++)
        {
            await store.PutAsync($"d/{i}", Bytes("x"), Token);
        }
        IAsyncEnumerator<ObjectMeta> enumerator = store.ListAsync("d/", null, Token).GetAsyncEnumerator(Token);
        try
        {
            Assert.True(await enumerator.MoveNextAsync());
            await store.DisposeAsync();
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await enumerator.MoveNextAsync());
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.GetMetadataAsync("d/0", Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.PutAsync("d/9", Bytes("x"), Token));
        // A listing created after disposal fails at its first step, not at creation (no work before MoveNextAsync).
        IAsyncEnumerable<ObjectMeta> late = store.ListAsync("d/");
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await CountAsync(late));
    }

    /// <summary>A read-only stream that refuses seeking and Length, delivering odd-sized chunks.</summary>
    protected sealed class NonSeekableStream(byte[] content) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, 777_777), content.Length - position);
            content.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
