using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DeltaSharp.ChangeFeed;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.ChangeFeed;

/// <summary>
/// Corpus tables copied to a temporary directory and given one more commit (a column rename under column mapping,
/// a corrupt line, a removed commit file): the change data feed must refuse them as Spark does, with a DeltaSharp
/// exception naming the version, never hang or return partial rows.
/// </summary>
public sealed class ChangeFeedLogEditTests : LeakCheckedTest
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "deltasharp-cdf-edit-" + Guid.NewGuid().ToString("N"));

    protected override void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        base.Dispose(disposing);
    }

    private string CopyOf(string id)
    {
        string source = Path.Combine(TestEnvironment.RequireConformanceDir(), id);
        TestEnvironment.Require(Directory.Exists(source), $"{id} is not in the conformance corpus");
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return root;
    }

    private async Task<List<string>> ChangesAsync(string table, long start, long? end = null)
    {
        await using DeltaTable opened = await DeltaTable.OpenAsync(table, new DeltaTableOptions { Allocator = Allocator });
        return await ChangeRows.CollectAsync(opened.ReadChangesAsync(start, end, new DeltaChangeFeedOptions { Columns = ["id", DeltaChangeFeed.ChangeTypeColumn, DeltaChangeFeed.CommitVersionColumn] }));
    }

    [Fact]
    public async Task RenameUnderColumnMappingIsANonAdditiveSchemaChange()
    {
        string table = CopyOf("delta-kernel-rs__cdf-column-mapping-name-mode");
        string log = Path.Combine(table, "_delta_log");
        // Version 5: ALTER TABLE RENAME COLUMN name TO label (same physical name, new logical name), as Spark writes it.
        JsonNode metadata = File.ReadAllLines(Path.Combine(log, "00000000000000000001.json"))
            .Select(l => JsonNode.Parse(l)!)
            .Single(a => a["metaData"] is not null);
        string schema = metadata["metaData"]!["schemaString"]!.GetValue<string>().Replace("\"name\":\"name\"", "\"name\":\"label\"", StringComparison.Ordinal);
        metadata["metaData"]!["schemaString"] = schema;
        await File.WriteAllTextAsync(Path.Combine(log, "00000000000000000005.json"),
            "{\"commitInfo\":{\"timestamp\":1763675160000,\"operation\":\"RENAME COLUMN\"}}\n" + metadata.ToJsonString() + "\n");

        DeltaChangeDataFeedException e = await Assert.ThrowsAsync<DeltaChangeDataFeedException>(() => ChangesAsync(table, 1));
        Assert.Contains("incompatible schema change", e.Message, StringComparison.Ordinal);
        Assert.Contains("'name' was renamed to 'label'", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.StartVersion);
        Assert.Equal(5, e.EndVersion);
        // The range before the rename reads with its own end schema; the rename commit alone has no changes.
        Assert.Equal(4, (await ChangesAsync(table, 1, 4)).Count);
        Assert.Empty(await ChangesAsync(table, 5, 5));
    }

    [Fact]
    public async Task CorruptCommitLineNamesTheFileAndVersion()
    {
        string table = CopyOf("delta-kernel-rs__cdf-table-simple");
        string commit = Path.Combine(table, "_delta_log", "00000000000000000002.json");
        string text = await File.ReadAllTextAsync(commit);
        await File.WriteAllTextAsync(commit, text[..(text.Length / 2)] + "\n");
        DeltaLogCorruptException e = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => ChangesAsync(table, 0, 2));
        Assert.Contains("00000000000000000002.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingChangeDataFileIsADataFileError()
    {
        string table = CopyOf("delta-kernel-rs__cdf-table-delete-conditional-two-rows");
        foreach (string file in Directory.GetFiles(Path.Combine(table, "_change_data")))
        {
            File.Delete(file);
        }
        DeltaDataFileException e = await Assert.ThrowsAsync<DeltaDataFileException>(() => ChangesAsync(table, 1));
        Assert.Contains("_change_data", e.Message, StringComparison.Ordinal);
    }
}
