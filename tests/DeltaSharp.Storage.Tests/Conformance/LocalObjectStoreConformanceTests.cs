using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;
using DeltaSharp.Storage;

namespace DeltaSharp.Storage.Tests.Conformance;

public sealed class LocalObjectStoreConformanceTests : ObjectStoreConformanceTests
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "deltasharp-storage-tests", Guid.NewGuid().ToString("N"));

    protected override ValueTask<IObjectStore> OpenEmptyStoreAsync() =>
        ValueTask.FromResult<IObjectStore>(new LocalObjectStore(Path.Combine(root, Guid.NewGuid().ToString("N"))));

    [Fact]
    public async Task Writing_below_a_file_is_a_clear_storage_error_not_not_found()
    {
        await using IObjectStore store = await OpenEmptyStoreAsync();
        await store.PutAsync("f", Bytes("file"), Token);
        var ex = await Assert.ThrowsAsync<DeltaStorageException>(async () => await store.PutAsync("f/g", Bytes("x"), Token));
        Assert.IsNotType<DeltaObjectNotFoundException>(ex);
        Assert.Contains("'f/g'", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<DeltaStorageException>(async () => await store.PutIfAbsentAsync("f/g/h", Bytes("x"), Token));
        Assert.IsNotType<DeltaObjectNotFoundException>(ex);
        await Assert.ThrowsAsync<DeltaObjectNotFoundException>(async () => await store.GetMetadataAsync("f/g", Token));
    }

    [Fact]
    public async Task Staging_files_are_invisible_and_cleaned_up()
    {
        var store = (LocalObjectStore)await OpenEmptyStoreAsync();
        await using (store)
        {
            await store.PutAsync("x/a", Bytes("1"), Token);
            Assert.False(await store.PutIfAbsentAsync("x/a", Bytes("2"), Token));
            File.WriteAllText(Path.Combine(store.RootDirectory, "x", ".deltasharp-staging-leftover"), "junk");
            Assert.Equal(new[] { "x/a" }, (await ListAllAsync(store, "")).ConvertAll(m => m.Path));
            Assert.Equal(2, Directory.GetFiles(Path.Combine(store.RootDirectory, "x")).Length);
        }
    }

    [Fact]
    public async Task Incremental_upload_stages_beside_the_target_and_leaves_no_staging_file()
    {
        var store = (LocalObjectStore)await OpenEmptyStoreAsync();
        await using (store)
        {
            await using (ObjectUpload upload = await store.StartPutAsync("p=1/part-0.parquet", Token))
            {
                await upload.Content.WriteAsync(Bytes("abc"), Token);
                // The staging file is in the target's directory (so completion is a rename, not a copy).
                string staged = Assert.Single(Directory.GetFiles(Path.Combine(store.RootDirectory, "p=1")));
                Assert.StartsWith(".deltasharp-staging-", Path.GetFileName(staged), StringComparison.Ordinal);
                Assert.Empty(await ListAllAsync(store, ""));
                await upload.CompleteAsync(Token);
            }
            await using (ObjectUpload abandoned = await store.StartPutAsync("p=1/part-1.parquet", Token))
            {
                await abandoned.Content.WriteAsync(Bytes("xyz"), Token);
            }
            Assert.Equal(new[] { "part-0.parquet" }, Array.ConvertAll(Directory.GetFiles(Path.Combine(store.RootDirectory, "p=1")), f => Path.GetFileName(f)));
            Assert.Equal(Bytes("abc"), await File.ReadAllBytesAsync(Path.Combine(store.RootDirectory, "p=1", "part-0.parquet"), Token));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
