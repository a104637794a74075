using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Storage;
using DeltaSharp.Tests.SpecAudit;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.ExternalFiles;

/// <summary>
/// Files outside the table root that cannot be read fail the scan with a <see cref="DeltaDataFileException"/> naming
/// the file, the table and (for an unregistered scheme) the call that makes it readable: never a crash, never a
/// silently skipped file.
/// </summary>
public sealed class ExternalFileErrorTests : LeakCheckedTest
{
    private const string TableLocation = "memory://errors/table";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A one-file table whose add is <paramref name="addPath"/>, next to a readable relative file.</summary>
    private async Task<DeltaDataFileException> ScanFailsAsync(string addPath, string? dvPath = null, bool namesTable = true)
    {
        var storage = new ObjectStoreOptions();
        var place = new Place(storage, TableLocation, (key, _) => TableLocation + "/" + key);
        byte[] data;
        using (RecordBatch batch = ShallowCloneTable.Batch([1, 2]))
        {
            data = SpecTable.ParquetBytes(batch);
        }
        await place.PutAsync("local.parquet", data);
        string add = dvPath is null
            ? SpecTable.Add(addPath, data.Length)
            : SpecTable.Add("local.parquet", data.Length, deletionVector: SpecTable.Dv("p", dvPath, 1, 30, 1));
        string protocol = dvPath is null ? SpecTable.Protocol(1, 2) : SpecTable.Protocol(3, 7, ["deletionVectors"], ["deletionVectors"]);
        await place.PutTextAsync("_delta_log/00000000000000000000.json", string.Join("\n",
            protocol, SpecTable.Metadata(ShallowCloneTable.SchemaJson), SpecTable.Add("local.parquet", data.Length), add) + "\n");
        await using DeltaTable table = await DeltaTable.OpenAsync(TableLocation, new DeltaTableOptions { Allocator = Allocator, Storage = storage }, Ct);
        DeltaDataFileException error = await Assert.ThrowsAsync<DeltaDataFileException>(() => ShallowCloneTable.RowsAsync(table.Snapshot));
        if (namesTable)
        {
            Assert.Contains(TableLocation, error.Message, StringComparison.Ordinal);
        }
        return error;
    }

    [Theory]
    [InlineData("s3a://source-bucket/tables/src/part-0.parquet", "s3a", "UseS3()")]
    [InlineData("s3://source-bucket/tables/src/part%200.parquet", "s3", "UseS3()")]
    [InlineData("abfss://source@account.dfs.core.windows.net/src/part-0.parquet", "abfss", "UseAzure()")]
    [InlineData("wasbs://source@account.blob.core.windows.net/src/part-0.parquet", "wasbs", "UseAzure()")]
    [InlineData("https://account.blob.core.windows.net/source/src/part-0.parquet", "https", "UseAzure()")]
    [InlineData("gs://source-bucket/src/part-0.parquet", "gs", "ObjectStoreOptions.Register")]
    public async Task UnregisteredSchemeNamesTheFileTheTableAndTheCallThatAddsIt(string path, string scheme, string call)
    {
        DeltaDataFileException error = await ScanFailsAsync(path);
        Assert.Contains(FileName(path), error.Message, StringComparison.Ordinal);
        Assert.Contains($"is in {scheme}:// storage outside the table root", error.Message, StringComparison.Ordinal);
        Assert.Contains(call, error.Message, StringComparison.Ordinal);
        Assert.IsType<NotSupportedException>(error.InnerException);
    }

    [Fact]
    public async Task UnregisteredSchemeOfAnAbsoluteDeletionVector()
    {
        DeltaDataFileException error = await ScanFailsAsync("local.parquet", dvPath: "s3a://source-bucket/src/deletion_vector_x.bin");
        Assert.Contains("s3a://source-bucket/src/deletion_vector_x.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseS3()", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3:source-bucket/part-0.parquet")]
    [InlineData("s3://source-bucket/a//part-0.parquet")]
    [InlineData("s3://source-bucket/")]
    [InlineData("file://remote-host/data/part-0.parquet")]
    public async Task MalformedAbsolutePathIsAnErrorNamingIt(string path)
    {
        var storage = new ObjectStoreOptions().UseS3Stub();
        DeltaDataFileException error = await ScanFailsWithAsync(storage, path);
        Assert.Contains("is not a readable location", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFileOutsideTheRootIsAnErrorNamingItsAbsoluteLocation()
    {
        DeltaDataFileException error = await ScanFailsAsync("memory://elsewhere/src/gone%20file.parquet", namesTable: false);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.Equal("memory://elsewhere/src/gone file.parquet", error.Path);
    }

    private async Task<DeltaDataFileException> ScanFailsWithAsync(ObjectStoreOptions storage, string addPath)
    {
        var place = new Place(storage, TableLocation, (key, _) => TableLocation + "/" + key);
        await place.PutTextAsync("_delta_log/00000000000000000000.json", string.Join("\n",
            SpecTable.Protocol(1, 2), SpecTable.Metadata(ShallowCloneTable.SchemaJson), SpecTable.Add(addPath, 100)) + "\n");
        await using DeltaTable table = await DeltaTable.OpenAsync(TableLocation, new DeltaTableOptions { Allocator = Allocator, Storage = storage }, Ct);
        DeltaDataFileException error = await Assert.ThrowsAsync<DeltaDataFileException>(() => ShallowCloneTable.RowsAsync(table.Snapshot));
        Assert.Contains(TableLocation, error.Message, StringComparison.Ordinal);
        return error;
    }

    private static string FileName(string path)
    {
        string name = path[(path.LastIndexOf('/') + 1)..];
        return Uri.UnescapeDataString(name);
    }
}

/// <summary>Registers a provider for <c>s3</c> that opens in-memory stores (no network), so parsing is exercised
/// without an S3 client.</summary>
internal static class StubProviderExtensions
{
    public static ObjectStoreOptions UseS3Stub(this ObjectStoreOptions options) => options.Register("s3", new StubProvider(options));

    private sealed class StubProvider(ObjectStoreOptions options) : IObjectStoreProvider
    {
        public bool CanOpen(ObjectStoreUri location) => true;

        public IObjectStore Open(ObjectStoreUri location) =>
            options.Open(ObjectStoreUri.Parse("memory://" + location.Authority + (location.Path.Length == 0 ? string.Empty : "/" + location.Path)));
    }
}
