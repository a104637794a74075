using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Storage.Tests;

public sealed class ObjectStoreOptionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Memory_stores_are_shared_by_name_within_one_options_object_only()
    {
        var options = new ObjectStoreOptions();
        await using (IObjectStore writer = options.Open("memory://test/tables/t"))
        {
            await writer.PutAsync("_delta_log/0.json", Encoding.UTF8.GetBytes("x"), Token);
        }
        await using IObjectStore reader = options.Open(new Uri("memory://test/tables/t"));
        Assert.Equal(1, (await reader.GetMetadataAsync("_delta_log/0.json", Token)).Size);
        Assert.Equal(1, options.GetOrAddInMemoryStore("test").Count);
        // The view is rooted: the underlying key carries the root.
        Assert.Equal(1, (await options.GetOrAddInMemoryStore("test").GetMetadataAsync("tables/t/_delta_log/0.json", Token)).Size);

        await using IObjectStore other = new ObjectStoreOptions().Open("memory://test/tables/t");
        await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () => await other.GetMetadataAsync("_delta_log/0.json", Token));
    }

    [Fact]
    public async Task Explicit_in_memory_store_is_reachable_by_name()
    {
        var shared = new InMemoryObjectStore();
        await shared.PutAsync("root/k", Encoding.UTF8.GetBytes("v"), Token);
        var options = new ObjectStoreOptions().AddInMemoryStore("mine", shared);
        await using IObjectStore view = options.Open("memory://mine/root");
        Assert.Equal(1, (await view.GetMetadataAsync("k", Token)).Size);
        Assert.Throws<ArgumentException>(() => options.AddInMemoryStore("mine", new InMemoryObjectStore()));
        await view.DisposeAsync();
        // Disposing a view leaves the named store usable.
        Assert.Equal(1, (await shared.GetMetadataAsync("root/k", Token)).Size);
    }

    [Fact]
    public async Task Local_paths_and_file_uris_open_local_stores()
    {
        string dir = Path.Combine(Path.GetTempPath(), "deltasharp-opts-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new ObjectStoreOptions();
            await using (IObjectStore store = options.Open(dir))
            {
                Assert.IsType<LocalObjectStore>(store);
                await store.PutAsync("a/b", Encoding.UTF8.GetBytes("x"), Token);
            }
            Assert.True(File.Exists(Path.Combine(dir, "a", "b")));
            await using IObjectStore viaUri = options.Open("file://" + dir.Replace(" ", "%20", StringComparison.Ordinal));
            Assert.Equal(1, (await viaUri.GetMetadataAsync("a/b", Token)).Size);
            await using IObjectStore viaSystemUri = options.Open(new Uri(dir));
            Assert.Equal(1, (await viaSystemUri.GetMetadataAsync("a/b", Token)).Size);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Unregistered_cloud_schemes_say_which_package_to_use()
    {
        var options = new ObjectStoreOptions();
        var s3 = Assert.Throws<NotSupportedException>(() => options.Open("s3://bucket/t"));
        Assert.Contains("UseS3", s3.Message, StringComparison.Ordinal);
        var az = Assert.Throws<NotSupportedException>(() => options.Open("abfss://c@a.dfs.core.windows.net/t?sig=SECRET"));
        Assert.Contains("UseAzure", az.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", az.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => options.Open("gopher://x/y"));
    }

    [Fact]
    public void Later_registrations_are_asked_first_and_CanOpen_routes()
    {
        var first = new FakeProvider(_ => true);
        var second = new FakeProvider(uri => uri.Authority == "special");
        var options = new ObjectStoreOptions().Register("test", first).Register("TEST", second);
        options.Open("test://special/x");
        options.Open("test://other/x");
        Assert.Equal(1, second.Opened);
        Assert.Equal(1, first.Opened);
        Assert.True(options.IsRegistered("Test"));
    }

    private sealed class FakeProvider(Func<ObjectStoreUri, bool> canOpen) : IObjectStoreProvider
    {
        public int Opened { get; private set; }

        public bool CanOpen(ObjectStoreUri location) => canOpen(location);

        public IObjectStore Open(ObjectStoreUri location)
        {
            Opened++;
            return new InMemoryObjectStore();
        }
    }
}
