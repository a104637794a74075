using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Storage;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using DeltaSharp.Writing;
using Xunit;

namespace DeltaSharp.Tests.ExternalFiles;

/// <summary>
/// A shallow clone on local disk whose log names the source table's files (in another folder) by <c>file:/</c>,
/// <c>file:///</c> and bare absolute paths, percent-encoded (spaces, '%', '#', '?', non-ASCII, raw or escaped), with
/// its deletion vectors next to the source. Truth: the rows written (<see cref="ShallowCloneTable"/>) and DuckDB
/// reading the same Parquet files. Everything runs on the checking allocator.
/// </summary>
public sealed class LocalShallowCloneTests : LeakCheckedTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string root = Path.Combine(Path.GetTempPath(), "deltasharp-ext-" + Guid.NewGuid().ToString("N"));

    private string SourceDir => Path.Combine(root, "source dir ü");

    private string CloneDir => Path.Combine(root, "clone");

    private string ElsewhereDir => Path.Combine(root, "else where");

    private static Place LocalPlace(string dir) => new(new ObjectStoreOptions(), dir, (key, form) =>
    {
        string path = dir + "/" + key;
        return form switch
        {
            0 => "file:" + Place.Escape(path, keepNonAscii: false),
            1 => Place.Escape(path, keepNonAscii: true),
            _ => "file://" + Place.Escape(path, keepNonAscii: false),
        };
    });

    private async Task BuildAsync() => await ShallowCloneTable.BuildAsync(LocalPlace(SourceDir), LocalPlace(CloneDir), LocalPlace(ElsewhereDir));

    private DeltaTableOptions Options => new() { Allocator = Allocator };

    protected override void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        base.Dispose(disposing);
    }

    [Fact]
    public async Task EveryVersionHoldsTheRowsWritten()
    {
        await BuildAsync();
        await using DeltaTable table = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        Assert.Equal(4, table.Snapshot.Version);
        for (long version = 0; version <= 4; version++)
        {
            DeltaSnapshot snapshot = await table.GetSnapshotAsync(version, Ct);
            Assert.Equal(ShallowCloneTable.ExpectedRows(version), await ShallowCloneTable.RowsAsync(snapshot));
        }
        // Every outside file is on the local file system: one store for its root, shared by all versions.
        Assert.Equal(1, table.Snapshot.Context.Paths.ExternalStoreCount);
    }

    [Fact]
    public async Task FirstVersionMatchesDuckDbReadingTheSourceFiles()
    {
        string library = TestEnvironment.RequireDuckDbLibrary();
        Assert.NotEmpty(library);
        await BuildAsync();
        var expected = new List<(long Id, string Row)>();
        using (DuckDbConnection db = DuckDbConnection.OpenInMemory())
        {
            for (int i = 0; i < ShallowCloneTable.SourceFiles.Length; i++)
            {
                string path = Path.Combine(SourceDir, ShallowCloneTable.SourceFiles[i]).Replace("'", "''", StringComparison.Ordinal);
                string deleted = i == 2 ? string.Join(",", ShallowCloneTable.SourceDvRows) : "-1";
                foreach (string?[] row in db.Query($"SELECT id, name FROM read_parquet('{path}', file_row_number = true) WHERE file_row_number NOT IN ({deleted})"))
                {
                    expected.Add((long.Parse(row[0]!, System.Globalization.CultureInfo.InvariantCulture), row[0] + "|" + row[1]));
                }
            }
        }
        await using DeltaTable table = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        DeltaSnapshot first = await table.GetSnapshotAsync(0, Ct);
        Assert.Equal(expected.OrderBy(r => r.Id).Select(r => r.Row).ToList(), await ShallowCloneTable.RowsAsync(first));
        Assert.Equal(ShallowCloneTable.ExpectedRows(0), await ShallowCloneTable.RowsAsync(first));
    }

    [Fact]
    public async Task SourceTableAndCloneAgree()
    {
        await BuildAsync();
        await using DeltaTable source = await DeltaTable.OpenAsync(SourceDir, Options, Ct);
        await using DeltaTable clone = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        Assert.Equal(await ShallowCloneTable.RowsAsync(source.Snapshot), await ShallowCloneTable.RowsAsync(await clone.GetSnapshotAsync(0, Ct)));
        Assert.Equal(0, source.Snapshot.Context.Paths.ExternalStoreCount);
    }

    [Fact]
    public async Task ChangeDataFeedReadsRemovedFilesDeletionVectorsAndChangeFilesOutsideTheRoot()
    {
        await BuildAsync();
        await using DeltaTable table = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        Assert.Equal(ShallowCloneTable.ExpectedChanges(), await ShallowCloneTable.ChangesAsync(table, 1));
    }

    [Fact]
    public async Task SynchronousReadOfTheClone()
    {
        await BuildAsync();
        await using DeltaTable table = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        var ids = new List<long>();
        foreach (Arrow.RecordBatch batch in table.Snapshot.Read())
        {
            using (batch)
            {
                var column = (Arrow.PrimitiveArray<long>)batch.Column(0);
                for (int i = 0; i < batch.Length; i++)
                {
                    ids.Add(column.GetValue(i));
                }
            }
        }
        ids.Sort();
        Assert.Equal(ShallowCloneTable.ExpectedIds(4), ids);
    }

    [Fact]
    public async Task ReplaceWhereRewritesAnOutsideFileUnderTheCloneRootAndLeavesTheSourceAlone()
    {
        await BuildAsync();
        // Version 5 turns the change data feed off (DeltaSharp does not write change data files for partial rewrites).
        await LocalPlace(CloneDir).PutTextAsync($"_delta_log/{5:D20}.json", SpecAudit.SpecTable.Metadata(
            ShallowCloneTable.SchemaJson, configuration: new Dictionary<string, string> { ["delta.enableDeletionVectors"] = "true" }) + "\n");
        string sourceFile = Path.Combine(SourceDir, ShallowCloneTable.SourceFiles[1]);
        byte[] sourceBefore = await File.ReadAllBytesAsync(sourceFile, Ct);
        await using DeltaTable table = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        string externalPath = table.Snapshot.Files.Single(f => f.RelativePath.EndsWith("100%#?.parquet", StringComparison.Ordinal)).Path;
        using (Arrow.RecordBatch replacement = ShallowCloneTable.Batch([7]))
        {
            await DeltaTableWriter.WriteAsync(table, [replacement], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = "id = 7" }, Ct);
        }
        DeltaSnapshot after = await table.RefreshAsync(Ct);
        // The rows: unchanged (id 7 was rewritten with the same name); the outside file is no longer referenced.
        Assert.Equal(ShallowCloneTable.ExpectedRows(4), await ShallowCloneTable.RowsAsync(after));
        Assert.DoesNotContain(after.Files, f => f.Path == externalPath);
        // New files go under the clone root; the source's file is untouched.
        foreach (AddFile file in after.Files.Where(f => f.ModificationTime > 1))
        {
            Assert.False(FilePaths.IsAbsolute(file.RelativePath), file.Path);
            Assert.True(File.Exists(Path.Combine(CloneDir, file.RelativePath)), file.RelativePath);
        }
        Assert.Equal(sourceBefore, await File.ReadAllBytesAsync(sourceFile, Ct));
        // The remove names the file exactly as the log did (absolute), so other readers reconcile it.
        string commit = await File.ReadAllTextAsync(Path.Combine(CloneDir, "_delta_log", $"{after.Version:D20}.json"), Ct);
        Assert.Contains("\"remove\":{\"path\":" + System.Text.Json.JsonSerializer.Serialize(externalPath), commit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelativeDeletionVectorOfAnOutsideFileIsUnderTheTableRoot()
    {
        // PROTOCOL.md: a 'u' DV is "relative to the data directory of this Delta table" — the clone's root, not the
        // folder of the (outside) data file. The DV file exists only under the clone root.
        await BuildAsync();
        byte[] bitmap = SpecAudit.RoaringWriter.Serialize([0, 4]);
        (byte[] dvFile, int[] offsets) = SpecAudit.RoaringWriter.DvFile(bitmap);
        var uuid = new Guid("11111111-2222-4333-8444-555555555555");
        Place clone = LocalPlace(CloneDir);
        await clone.PutAsync("dv/" + ShallowCloneTable.DvKey(uuid), dvFile);
        string path = LocalPlace(SourceDir).UriOf(ShallowCloneTable.SourceFiles[2], 2);
        long size = new FileInfo(Path.Combine(SourceDir, ShallowCloneTable.SourceFiles[2])).Length;
        object dv = SpecAudit.SpecTable.Dv("u", "dv" + SpecAudit.RoaringWriter.Z85Uuid(uuid), offsets[0], bitmap.Length, 2);
        // The remove names the file with its current (absolute, source) DV, as reconciliation keys on path + DV.
        byte[] sourceBitmap = SpecAudit.RoaringWriter.Serialize(ShallowCloneTable.SourceDvRows);
        object sourceDv = SpecAudit.SpecTable.Dv("p", LocalPlace(SourceDir).UriOf(ShallowCloneTable.DvKey(ShallowCloneTable.SourceDv), 0), 1, sourceBitmap.Length, ShallowCloneTable.SourceDvRows.Length);
        await clone.PutTextAsync($"_delta_log/{5:D20}.json", string.Join("\n",
            SpecAudit.SpecTable.CommitInfo(), SpecAudit.SpecTable.Remove(path, sourceDv), SpecAudit.SpecTable.Add(path, size, deletionVector: dv)) + "\n");
        await using DeltaTable table = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        // part-2 holds ids 10..14; rows 0 and 4 (ids 10 and 14) are now deleted, 11 and 13 are back.
        long[] expected = ShallowCloneTable.ExpectedIds(4).Where(id => id is < 10 or > 14).Concat([11L, 12L, 13L]).Order().ToArray();
        Assert.Equal(expected.Select(id => id + "|" + ShallowCloneTable.NameOf(id)).ToList(), await ShallowCloneTable.RowsAsync(table.Snapshot));
    }

    [Fact]
    public async Task CheckpointKeepsAbsolutePathsAndDeletionVectors()
    {
        await BuildAsync();
        await using (DeltaTable table = await DeltaTable.OpenAsync(CloneDir, Options, Ct))
        {
            Assert.Equal(4, await DeltaTableWriter.CheckpointAsync(table, Ct));
        }
        Assert.True(File.Exists(Path.Combine(CloneDir, "_delta_log", $"{4:D20}.checkpoint.parquet")));
        // Only the checkpoint is needed now: the commits before it are gone.
        for (int version = 0; version < 4; version++)
        {
            File.Delete(Path.Combine(CloneDir, "_delta_log", $"{version:D20}.json"));
        }
        File.Delete(Path.Combine(CloneDir, "_delta_log", $"{4:D20}.json"));
        await using DeltaTable reopened = await DeltaTable.OpenAsync(CloneDir, Options, Ct);
        Assert.Equal(4, reopened.Snapshot.Version);
        Assert.Equal(ShallowCloneTable.ExpectedRows(4), await ShallowCloneTable.RowsAsync(reopened.Snapshot));
    }

    [Fact]
    public async Task TableOverTheCallersStoreReadsOutsideFilesAndReleasesThemOnDispose()
    {
        await BuildAsync();
        await using var store = new LocalObjectStore(CloneDir);
        DeltaTable table = await DeltaTable.OpenAsync(store, CloneDir, Options, Ct);
        DeltaSnapshot snapshot = table.Snapshot;
        Assert.Equal(ShallowCloneTable.ExpectedRows(4), await ShallowCloneTable.RowsAsync(snapshot));
        Assert.Equal(1, snapshot.Context.Paths.ExternalStoreCount);
        await table.DisposeAsync();
        // The caller's store lives on; the stores the table opened for outside files are gone with it.
        ObjectMeta meta = await store.GetMetadataAsync(ShallowCloneTable.CloneFile, Ct);
        Assert.Equal(ShallowCloneTable.CloneFile, meta.Path);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ShallowCloneTable.RowsAsync(snapshot));
        await table.DisposeAsync();
    }

    [Fact]
    public async Task InMemoryClone()
    {
        var storage = new ObjectStoreOptions();
        Place InMemory(string name) => new(storage, $"memory://{name}/t", (key, form) => $"memory://{name}/t/" + Place.Escape(key, keepNonAscii: form == 1));
        await ShallowCloneTable.BuildAsync(InMemory("source"), InMemory("clone"), InMemory("elsewhere"));
        await using DeltaTable table = await DeltaTable.OpenAsync("memory://clone/t", new DeltaTableOptions { Allocator = Allocator, Storage = storage }, Ct);
        Assert.Equal(ShallowCloneTable.ExpectedRows(4), await ShallowCloneTable.RowsAsync(table.Snapshot));
        Assert.Equal(ShallowCloneTable.ExpectedRows(0), await ShallowCloneTable.RowsAsync(await table.GetSnapshotAsync(0, Ct)));
        Assert.Equal(ShallowCloneTable.ExpectedChanges(), await ShallowCloneTable.ChangesAsync(table, 1));
        Assert.Equal(2, table.Snapshot.Context.Paths.ExternalStoreCount);
    }

    [Fact]
    public async Task AbsolutePathsUnderTheTableRootUseTheTablesOwnStore()
    {
        // A table whose log names its own files absolutely (CONVERT TO DELTA, some writers): the "source" is the
        // clone's own folder, so version 0 needs no other store.
        Place clone = LocalPlace(CloneDir);
        await ShallowCloneTable.BuildAsync(clone, clone, LocalPlace(ElsewhereDir));
        await using DeltaTable table = await DeltaTable.OpenAsync("file://" + Place.Escape(CloneDir, keepNonAscii: false), Options, Ct);
        Assert.Equal(ShallowCloneTable.ExpectedRows(0), await ShallowCloneTable.RowsAsync(await table.GetSnapshotAsync(0, Ct)));
        Assert.Equal(0, table.Snapshot.Context.Paths.ExternalStoreCount);
        // Version 1 adds a file in another folder: one store for the local file system.
        Assert.Equal(ShallowCloneTable.ExpectedRows(1), await ShallowCloneTable.RowsAsync(await table.GetSnapshotAsync(1, Ct)));
        Assert.Equal(1, table.Snapshot.Context.Paths.ExternalStoreCount);
    }
}
