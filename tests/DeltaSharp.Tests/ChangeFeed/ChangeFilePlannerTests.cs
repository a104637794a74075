using System;
using System.Collections.Generic;
using System.Linq;
using DeltaSharp.Actions;
using DeltaSharp.ChangeFeed;
using DeltaSharp.Schema;
using Xunit;

namespace DeltaSharp.Tests.ChangeFeed;

/// <summary>The pure rules of the change data feed (PROTOCOL.md "Change Data Files", Spark's CDCReader, Delta
/// Kernel's table_changes) on fabricated commits, schemas and deletion vectors.</summary>
public sealed class ChangeFilePlannerTests
{
    private static readonly Dictionary<string, string?> NoPartitions = new();

    private static AddFile Add(string path, bool dataChange = true, DeletionVectorDescriptor? dv = null) =>
        new(path, NoPartitions, 10, 0, dataChange, null, null, dv, null, null);

    private static RemoveFile Remove(string path, bool dataChange = true, DeletionVectorDescriptor? dv = null, Dictionary<string, string?>? partitionValues = null) =>
        new(path, 1, dataChange, dv, 10) { PartitionValues = partitionValues ?? NoPartitions };

    private static DeletionVectorDescriptor Dv(string id) => new("u", id, 1, 30, 2);

    private static List<(ChangeFileKind Kind, string Path)> Plan(CommitChanges commit) =>
        ChangeFilePlanner.Plan(commit).Select(f => (f.Kind, f.Path)).ToList();

    [Fact]
    public void ChangeDataFilesReplaceTheFileActions()
    {
        var commit = new CommitChanges(3);
        commit.OnAdd(Add("new.parquet"));
        commit.OnRemove(Remove("old.parquet"));
        commit.OnChangeDataFile(new AddCdcFile("_change_data/b.parquet", NoPartitions, 5, false, null));
        commit.OnChangeDataFile(new AddCdcFile("_change_data/a.parquet", new Dictionary<string, string?> { ["p"] = "1" }, 5, false, null));
        List<ChangeFile> files = ChangeFilePlanner.Plan(commit);
        Assert.Equal([(ChangeFileKind.ChangeData, "_change_data/a.parquet"), (ChangeFileKind.ChangeData, "_change_data/b.parquet")], files.Select(f => (f.Kind, f.Path)));
        Assert.Equal("1", files[0].PartitionValues["p"]);
    }

    [Fact]
    public void AddsAreInsertsRemovesAreDeletesAndDataChangeFalseIsNothing()
    {
        var commit = new CommitChanges(1);
        commit.OnAdd(Add("b.parquet"));
        commit.OnAdd(Add("compacted.parquet", dataChange: false));
        commit.OnRemove(Remove("a.parquet", partitionValues: new() { ["day"] = "d1" }));
        commit.OnRemove(Remove("small.parquet", dataChange: false));
        List<ChangeFile> files = ChangeFilePlanner.Plan(commit);
        Assert.Equal([(ChangeFileKind.Delete, "a.parquet"), (ChangeFileKind.Insert, "b.parquet")], files.Select(f => (f.Kind, f.Path)));
        Assert.Equal("d1", files[0].PartitionValues["day"]);
    }

    [Fact]
    public void OptimizeCommitHasNoChanges()
    {
        var commit = new CommitChanges(7);
        commit.OnRemove(Remove("a.parquet", dataChange: false));
        commit.OnRemove(Remove("b.parquet", dataChange: false));
        commit.OnAdd(Add("ab.parquet", dataChange: false));
        Assert.Empty(Plan(commit));
    }

    [Fact]
    public void SamePathWithAnotherDeletionVectorIsADeletionVectorUpdate()
    {
        var commit = new CommitChanges(2);
        commit.OnRemove(Remove("f.parquet", dv: Dv("old")));
        commit.OnAdd(Add("f.parquet", dv: Dv("new")));
        commit.OnRemove(Remove("g.parquet", dv: Dv("same")));
        commit.OnAdd(Add("g.parquet", dv: Dv("same")));
        commit.OnRemove(Remove("h.parquet"));
        commit.OnAdd(Add("h.parquet", dv: Dv("first")));
        List<ChangeFile> files = ChangeFilePlanner.Plan(commit);
        Assert.Equal([(ChangeFileKind.DeletionVectorUpdate, "f.parquet"), (ChangeFileKind.DeletionVectorUpdate, "h.parquet")], files.Select(f => (f.Kind, f.Path)));
        Assert.Equal("old", files[0].PreviousDeletionVector!.PathOrInlineDv);
        Assert.Equal("new", files[0].DeletionVector!.PathOrInlineDv);
        Assert.Null(files[1].PreviousDeletionVector);
    }

    // The examples of delta-io/delta-kernel-rs kernel/src/table_changes/resolve_dvs.rs (tests restore_subset,
    // delete_subset, adds_and_removes, add_with_dv, rm_with_dv).
    [Theory]
    [InlineData(new long[] { 0, 1, 4, 5 }, new long[] { 0, 5 }, new long[] { 1, 4 }, new long[0])]
    [InlineData(new long[] { 0, 5 }, new long[] { 0, 1, 4, 5 }, new long[0], new long[] { 1, 4 })]
    [InlineData(new long[] { 0, 2 }, new long[] { 0, 1 }, new long[] { 2 }, new long[] { 1 })]
    [InlineData(new long[0], new long[] { 0, 9 }, new long[0], new long[] { 0, 9 })]
    [InlineData(new long[] { 0, 9 }, new long[0], new long[] { 0, 9 }, new long[0])]
    public void DeletionVectorUpdateResolution(long[] before, long[] after, long[] inserted, long[] deleted)
    {
        var ins = new List<long>();
        var del = new List<long>();
        ChangeFilePlanner.ResolveDeletionVectorUpdate(before, after, ins, del);
        Assert.Equal(inserted, ins);
        Assert.Equal(deleted, del);
    }

    private static DeltaMetadata Metadata(string schemaJson, Dictionary<string, string?> configuration) =>
        new("id", null, null, "parquet", new Dictionary<string, string>(), schemaJson, [], configuration, null);

    [Fact]
    public void FeedNotRecordedNamesTheVersion()
    {
        DeltaMetadata off = Metadata("{\"type\":\"struct\",\"fields\":[]}", new() { [DeltaChangeFeed.EnableProperty] = "false" });
        DeltaChangeDataFeedException e = Assert.Throws<DeltaChangeDataFeedException>(() => ChangeFeedValidator.EnsureRecorded(off, 5, 2, 9));
        Assert.Equal(5, e.Version);
        Assert.Contains("range [2 , 9]", e.Message, StringComparison.Ordinal);
        Assert.Contains("version [5]", e.Message, StringComparison.Ordinal);
        ChangeFeedValidator.EnsureRecorded(Metadata("{\"type\":\"struct\",\"fields\":[]}", new() { [DeltaChangeFeed.EnableProperty] = "TRUE" }), 5, 2, 9);
        Assert.Throws<DeltaChangeDataFeedException>(() => ChangeFeedValidator.EnsureRecorded(Metadata("{\"type\":\"struct\",\"fields\":[]}", new()), 0, 0, 0));
    }

    private static DeltaSchema Mapped(params (string Name, string Type, string Physical)[] fields) => DeltaSchema.Parse(
        "{\"type\":\"struct\",\"fields\":[" + string.Join(",", fields.Select((f, i) =>
            $"{{\"name\":\"{f.Name}\",\"type\":\"{f.Type}\",\"nullable\":true,\"metadata\":{{\"delta.columnMapping.id\":{i + 1},\"delta.columnMapping.physicalName\":\"{f.Physical}\"}}}}")) + "]}");

    [Fact]
    public void ColumnMappingRenameOrDropInTheRangeIsRejectedAdditionsAreNot()
    {
        DeltaSchema read = Mapped(("id", "long", "col-1"), ("name", "string", "col-2"), ("added", "integer", "col-3"));
        // Additive (a column added later): fine.
        ChangeFeedValidator.EnsureReadable(Mapped(("id", "long", "col-1"), ("name", "string", "col-2")), ColumnMappingMode.Name, read, ColumnMappingMode.Name, 1, 0, 4);
        // Renamed: the physical name is the same, the logical name is not.
        DeltaChangeDataFeedException renamed = Assert.Throws<DeltaChangeDataFeedException>(() =>
            ChangeFeedValidator.EnsureReadable(Mapped(("id", "long", "col-1"), ("label", "string", "col-2")), ColumnMappingMode.Name, read, ColumnMappingMode.Name, 2, 0, 4));
        Assert.Equal(2, renamed.Version);
        Assert.Contains("'label' was renamed to 'name'", renamed.Message, StringComparison.Ordinal);
        // Dropped (and maybe re-added under a new physical name).
        DeltaChangeDataFeedException dropped = Assert.Throws<DeltaChangeDataFeedException>(() =>
            ChangeFeedValidator.EnsureReadable(Mapped(("id", "long", "col-1"), ("name", "string", "col-9")), ColumnMappingMode.Name, read, ColumnMappingMode.Name, 3, 0, 4));
        Assert.Contains("dropped or renamed", dropped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypeChangesMustBeWidenings()
    {
        DeltaSchema Plain(string type) => DeltaSchema.Parse($"{{\"type\":\"struct\",\"fields\":[{{\"name\":\"v\",\"type\":\"{type}\",\"nullable\":true,\"metadata\":{{}}}}]}}");
        ChangeFeedValidator.EnsureReadable(Plain("integer"), ColumnMappingMode.None, Plain("long"), ColumnMappingMode.None, 1, 0, 2);
        ChangeFeedValidator.EnsureReadable(Plain("float"), ColumnMappingMode.None, Plain("double"), ColumnMappingMode.None, 1, 0, 2);
        ChangeFeedValidator.EnsureReadable(Plain("decimal(5,2)"), ColumnMappingMode.None, Plain("decimal(10,4)"), ColumnMappingMode.None, 1, 0, 2);
        ChangeFeedValidator.EnsureReadable(Plain("date"), ColumnMappingMode.None, Plain("timestamp_ntz"), ColumnMappingMode.None, 1, 0, 2);
        DeltaChangeDataFeedException narrowed = Assert.Throws<DeltaChangeDataFeedException>(() =>
            ChangeFeedValidator.EnsureReadable(Plain("long"), ColumnMappingMode.None, Plain("integer"), ColumnMappingMode.None, 1, 0, 2));
        Assert.Contains("changed type from long to integer", narrowed.Message, StringComparison.Ordinal);
        Assert.Throws<DeltaChangeDataFeedException>(() =>
            ChangeFeedValidator.EnsureReadable(Plain("string"), ColumnMappingMode.None, Plain("integer"), ColumnMappingMode.None, 1, 0, 2));
    }
}
