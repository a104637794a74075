using System;
using System.IO;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Storage.Tests;

public sealed class ObjectStoreUriTests
{
    [Theory]
    [InlineData("s3://bucket/tables/events/", "s3", "bucket", "tables/events")]
    [InlineData("S3A://bucket", "s3a", "bucket", "")]
    [InlineData("az://container/a/b", "az", "container", "a/b")]
    [InlineData("abfss://fs@acct.dfs.core.windows.net/dir/my%20table", "abfss", "fs@acct.dfs.core.windows.net", "dir/my table")]
    [InlineData("https://acct.blob.core.windows.net/c/p", "https", "acct.blob.core.windows.net", "c/p")]
    [InlineData("memory://test/t1", "memory", "test", "t1")]
    public void Parses_uri_forms(string location, string scheme, string authority, string path)
    {
        ObjectStoreUri uri = ObjectStoreUri.Parse(location);
        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(authority, uri.Authority);
        Assert.Equal(path, uri.Path);
        Assert.False(uri.IsPlainPath);
        Assert.Null(uri.Query);
    }

    [Fact]
    public void Plain_and_file_paths_are_local_and_absolute()
    {
        Assert.Equal("/data/my%20t", ObjectStoreUri.Parse("/data/my%20t").Path);
        Assert.True(ObjectStoreUri.Parse("/data/t").IsPlainPath);
        Assert.Equal(Path.GetFullPath("rel/t"), ObjectStoreUri.Parse("rel/t").Path);
        Assert.Equal("/data/my t", ObjectStoreUri.Parse("file:///data/my%20t").Path);
        Assert.Equal("/data/t", ObjectStoreUri.Parse("file:/data/t").Path);
        Assert.Equal("file", ObjectStoreUri.Parse("file:///data/t/").Scheme);
        Assert.Throws<ArgumentException>(() => ObjectStoreUri.Parse("file://remotehost/x"));
    }

    [Fact]
    public void Query_is_kept_but_never_printed()
    {
        ObjectStoreUri uri = ObjectStoreUri.Parse("https://acct.blob.core.windows.net/c/p?sv=2020&sig=SECRETSIG");
        Assert.Equal("sv=2020&sig=SECRETSIG", uri.Query);
        Assert.Equal("c/p", uri.Path);
        Assert.DoesNotContain("SECRETSIG", uri.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETSIG", ObjectStoreUri.Redact("https://x/y?sig=SECRETSIG"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("://x")]
    [InlineData("s 3://x")]
    public void Rejects_malformed_locations(string location)
    {
        Assert.ThrowsAny<ArgumentException>(() => ObjectStoreUri.Parse(location));
    }
}
