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

    // delta-io/delta-kernel-rs kernel/tests/cdf.rs, test cdf_non_partitioned (the rows), after a fabricated version 5
    // that widens id integer -> long and smallint_field short -> integer (typeWidening, as Spark writes it): the
    // older data and change data files are read with the end version's wider types.
    [Fact]
    public async Task TypeWideningInTheRangeReadsOlderFilesWithTheWiderTypes()
    {
        string table = CopyOf("delta-kernel-rs__cdf-table-non-partitioned");
        string log = Path.Combine(table, "_delta_log");
        JsonNode metadata = File.ReadAllLines(Path.Combine(log, "00000000000000000000.json"))
            .Select(l => JsonNode.Parse(l)!)
            .Single(a => a["metaData"] is not null);
        string schema = metadata["metaData"]!["schemaString"]!.GetValue<string>()
            .Replace("{\"name\":\"id\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}",
                "{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{\"delta.typeChanges\":[{\"fromType\":\"integer\",\"toType\":\"long\"}]}}", StringComparison.Ordinal)
            .Replace("{\"name\":\"smallint_field\",\"type\":\"short\",\"nullable\":true,\"metadata\":{}}",
                "{\"name\":\"smallint_field\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{\"delta.typeChanges\":[{\"fromType\":\"short\",\"toType\":\"integer\"}]}}", StringComparison.Ordinal);
        Assert.Contains("delta.typeChanges", schema, StringComparison.Ordinal);
        metadata["metaData"]!["schemaString"] = schema;
        metadata["metaData"]!["configuration"]!["delta.enableTypeWidening"] = "true";
        await File.WriteAllTextAsync(Path.Combine(log, "00000000000000000005.json"),
            "{\"commitInfo\":{\"timestamp\":1713110400000,\"operation\":\"CHANGE COLUMN\"}}\n" +
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"typeWidening\"],\"writerFeatures\":[\"typeWidening\",\"changeDataFeed\"]}}\n" +
            metadata.ToJsonString() + "\n");

        await using DeltaTable opened = await DeltaTable.OpenAsync(table, new DeltaTableOptions { Allocator = Allocator });
        var options = new DeltaChangeFeedOptions { Columns = ["id", "smallint_field", DeltaChangeFeed.ChangeTypeColumn, DeltaChangeFeed.CommitVersionColumn] };
        var lines = new List<string>();
        await foreach (Arrow.RecordBatch batch in opened.ReadChangesAsync(0, null, options))
        {
            using (batch)
            {
                Assert.Equal(Arrow.Types.ArrowTypeId.Int64, batch.Schema.Fields[0].DataType.TypeId);
                Assert.Equal(Arrow.Types.ArrowTypeId.Int32, batch.Schema.Fields[1].DataType.TypeId);
                lines.AddRange(ChangeRows.Lines(batch));
            }
        }
        string[] expected =
        [
            "1|1|insert|0", "2|1|insert|0", "3|1|insert|0", "4|1|insert|0", "5|1|insert|0", "6|1|insert|0", "7|1|insert|0", "8|1|insert|0", "9|1|insert|0", "10|1|insert|0",
            "3|1|update_preimage|1", "3|1|update_postimage|1", "4|1|update_preimage|1", "4|1|update_postimage|1", "2|1|update_preimage|1", "2|1|update_postimage|1",
            "7|1|update_preimage|2", "7|1|update_postimage|2", "5|1|update_preimage|2", "5|1|update_postimage|2", "6|1|update_preimage|2", "6|1|update_postimage|2",
            "7|1|delete|3", "1|1|insert|4", "2|1|insert|4",
        ];
        ChangeRows.AssertSameRows(expected, lines);
    }
}
