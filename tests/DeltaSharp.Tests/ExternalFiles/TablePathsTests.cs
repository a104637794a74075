using System;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Storage;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;
using Xunit;

namespace DeltaSharp.Tests.ExternalFiles;

/// <summary>
/// How <see cref="TablePaths"/> maps log paths to stores and keys, per URI form (no I/O: opening a store performs
/// none). Expectations come from PROTOCOL.md (paths are percent-encoded URIs, relative to the table root or absolute)
/// and the store URI forms of docs/storage.md.
/// </summary>
public sealed class TablePathsTests
{
    private static ObjectStoreOptions Cloud() => new ObjectStoreOptions()
        .UseS3(new S3ObjectStoreOptions { ServiceUrl = new Uri("http://127.0.0.1:1"), Region = "us-east-1", Credentials = new Amazon.Runtime.BasicAWSCredentials("k", "s") })
        .UseAzure(new AzureBlobObjectStoreOptions { AccountName = "acct", AccountKey = AzureBlobObjectStoreOptions.DevelopmentAccountKey });

    private static async Task<(ResolvedFile File, int Stores)> ResolveAsync(string tableLocation, string path, ObjectStoreOptions? storage = null)
    {
        storage ??= Cloud();
        IObjectStore table = storage.Open(tableLocation);
        await using (table)
        {
            await using var paths = new TablePaths(table, tableLocation, storage);
            ResolvedFile file = paths.Resolve(path);
            Assert.Equal(file.IsExternal, !ReferenceEquals(file.Store, table));
            return (file, paths.ExternalStoreCount);
        }
    }

    [Theory]
    [InlineData("/data/t", "part%200.parquet", "part 0.parquet")]
    [InlineData("/data/t", "/data/t/part%200.parquet", "part 0.parquet")]
    [InlineData("/data/t/", "/data/t/part%200.parquet", "part 0.parquet")]
    [InlineData("file:///data/t/", "file:/data/t/a.parquet", "a.parquet")]
    [InlineData("s3://bucket/t/", "s3://bucket/t/a.parquet", "a.parquet")]
    [InlineData("memory://m/t/", "memory://m/t/a.parquet", "a.parquet")]
    [InlineData("/data/t", "file:/data/t/a/b.parquet", "a/b.parquet")]
    [InlineData("/data/t", "file:///data/t/a/b.parquet", "a/b.parquet")]
    [InlineData("file:///data/my%20t", "/data/my%20t/b.parquet", "b.parquet")]
    [InlineData("s3://bucket/t", "s3://bucket/t/x%3Dy/b.parquet", "x=y/b.parquet")]
    [InlineData("s3://bucket/t", "s3://bucket/t/q%3Fmark.parquet", "q?mark.parquet")]
    [InlineData("abfss://c@acct.dfs.core.windows.net/t", "abfss://c@acct.dfs.core.windows.net/t/b.parquet", "b.parquet")]
    [InlineData("https://acct.blob.core.windows.net/c/t", "https://acct.blob.core.windows.net/c/t/b.parquet", "b.parquet")]
    public async Task UnderTheTableRootIsAKeyOfTheTablesStore(string table, string path, string key)
    {
        (ResolvedFile file, int stores) = await ResolveAsync(table, path);
        Assert.False(file.IsExternal);
        Assert.Equal(key, file.Key);
        Assert.Equal(0, stores);
    }

    [Theory]
    [InlineData("/data/t", "/data/src/part%200.parquet", "data/src/part 0.parquet", "/data/src/part 0.parquet")]
    [InlineData("/data/t", "file:/data/t2/b.parquet", "data/t2/b.parquet", "file:///data/t2/b.parquet")]
    [InlineData("/data/t", "file:///data/src/%C3%BC/%CF%80.parquet", "data/src/ü/π.parquet", "file:///data/src/ü/π.parquet")]
    [InlineData("/data/t", "/data/src/ü raw/x%25y.parquet", "data/src/ü raw/x%y.parquet", "/data/src/ü raw/x%y.parquet")]
    [InlineData("/data/t", "/data/src/a%2541.parquet", "data/src/a%41.parquet", "/data/src/a%41.parquet")]
    public async Task LocalFilesOutsideTheRootAreKeysOfTheFileSystemRoot(string table, string path, string key, string display)
    {
        (ResolvedFile file, int stores) = await ResolveAsync(table, path);
        Assert.True(file.IsExternal);
        Assert.Equal(key, file.Key);
        Assert.Equal(display, file.DisplayPath);
        Assert.Equal("/", Assert.IsType<LocalObjectStore>(file.Store).RootDirectory);
        Assert.Equal(1, stores);
    }

    [Theory]
    [InlineData("s3://clone/t", "s3://source/src/b.parquet", "source", "src/b.parquet")]
    [InlineData("s3://clone/t", "s3a://source/src/b%20c.parquet", "source", "src/b c.parquet")]
    [InlineData("s3://clone/t", "s3://clone/other/b.parquet", "clone", "other/b.parquet")]
    [InlineData("s3://clone/t", "s3://clone/t2/b.parquet", "clone", "t2/b.parquet")]
    public async Task S3FilesOutsideTheRootAreKeysOfTheirBucket(string table, string path, string bucket, string key)
    {
        (ResolvedFile file, _) = await ResolveAsync(table, path);
        Assert.True(file.IsExternal);
        S3ObjectStore store = Assert.IsType<S3ObjectStore>(file.Store);
        Assert.Equal(bucket, store.Bucket);
        Assert.Equal(string.Empty, store.RootPrefix);
        Assert.Equal(key, file.Key);
    }

    [Theory]
    [InlineData("abfss://clone@acct.dfs.core.windows.net/t", "abfss://source@acct.dfs.core.windows.net/src/b.parquet", "source", "src/b.parquet")]
    [InlineData("abfss://clone@acct.dfs.core.windows.net/t", "wasbs://source@acct.blob.core.windows.net/src/b.parquet", "source", "src/b.parquet")]
    [InlineData("abfss://clone@acct.dfs.core.windows.net/t", "https://acct.blob.core.windows.net/source/src/b%20c.parquet", "source", "src/b c.parquet")]
    [InlineData("abfss://clone@acct.dfs.core.windows.net/t", "az://source/src/b.parquet", "source", "src/b.parquet")]
    [InlineData("az://clone/t", "abfss://clone@acct.dfs.core.windows.net/other/b.parquet", "clone", "other/b.parquet")]
    public async Task AzureFilesOutsideTheRootAreKeysOfTheirContainer(string table, string path, string container, string key)
    {
        (ResolvedFile file, _) = await ResolveAsync(table, path);
        Assert.True(file.IsExternal);
        AzureBlobObjectStore store = Assert.IsType<AzureBlobObjectStore>(file.Store);
        Assert.Equal(container, store.Container);
        Assert.Equal(string.Empty, store.RootPrefix);
        Assert.Equal(key, file.Key);
    }

    [Fact]
    public async Task AzuritePathStyleUrlsSplitAfterTheEndpointsAccount()
    {
        var storage = new ObjectStoreOptions().UseAzure(AzureBlobObjectStoreOptions.ForAzurite(new Uri("http://127.0.0.1:10000/devstoreaccount1")));
        (ResolvedFile file, _) = await ResolveAsync("az://clone/t", "http://127.0.0.1:10000/devstoreaccount1/source/src/b.parquet", storage);
        AzureBlobObjectStore store = Assert.IsType<AzureBlobObjectStore>(file.Store);
        Assert.Equal("source", store.Container);
        Assert.Equal("src/b.parquet", file.Key);
    }

    [Fact]
    public async Task OneStorePerRootSharedByConcurrentResolutions()
    {
        ObjectStoreOptions storage = Cloud();
        await using IObjectStore table = storage.Open("s3://clone/t");
        await using var paths = new TablePaths(table, "s3://clone/t", storage);
        string[] logPaths = Enumerable.Range(0, 64)
            .Select(i => (i % 4) switch
            {
                0 => $"s3://a/f{i}.parquet",
                1 => $"s3://b/x/f{i}.parquet",
                2 => $"/local/f{i}.parquet",
                _ => $"abfss://c@acct.dfs.core.windows.net/f{i}.parquet",
            })
            .ToArray();
        ResolvedFile[] files = await Task.WhenAll(logPaths.Select(p => Task.Run(() => paths.Resolve(p), TestContext.Current.CancellationToken)));
        Assert.Equal(4, paths.ExternalStoreCount);
        Assert.Equal(4, files.Select(f => f.Store).Distinct().Count());
        await paths.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => paths.Resolve("s3://a/new.parquet"));
        // Files under the table root need no outside store, even after disposal (the table's store is the caller's).
        Assert.Same(table, paths.Resolve("s3://clone/t/in.parquet").Store);
    }

    [Fact]
    public async Task LabelLocationOverTheCallersStoreStillRecognisesItsRootByText()
    {
        // A table opened over a caller's store under a location whose scheme the options do not know.
        await using var store = new InMemoryObjectStore();
        await using var paths = new TablePaths(store, "gs://bucket/t", new ObjectStoreOptions());
        ResolvedFile file = paths.Resolve("gs://bucket/t/a%20b.parquet");
        Assert.Same(store, file.Store);
        Assert.Equal("a b.parquet", file.Key);
        Assert.Throws<DeltaDataFileException>(() => paths.Resolve("gs://bucket/other.parquet"));
    }

    [Theory]
    [InlineData("/data/t", true)]
    [InlineData("file:/data/t", true)]
    [InlineData("s3://b/t", true)]
    [InlineData("part-0.parquet", false)]
    [InlineData("year=2024/a:b.parquet", false)]
    public void AbsoluteMeansRootedOrASchemeBeforeAnySlash(string path, bool absolute) =>
        Assert.Equal(absolute, FilePaths.IsAbsolute(path));
}
