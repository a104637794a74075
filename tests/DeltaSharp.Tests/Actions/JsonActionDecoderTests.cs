using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;
using Xunit;

namespace DeltaSharp.Tests.Actions;

public sealed class JsonActionDecoderTests
{
    private sealed class Recorder : ActionSink
    {
        public bool Stats { get; init; } = true;

        public List<object> Actions { get; } = new();

        public override bool WantsStatistics => Stats;

        public override bool WantsCommitInfo => true;

        public override void OnAdd(AddFile add) => Actions.Add(add);

        public override void OnRemove(RemoveFile remove) => Actions.Add(remove);

        public override void OnMetadata(DeltaMetadata metadata) => Actions.Add(metadata);

        public override void OnProtocol(DeltaProtocol protocol) => Actions.Add(protocol);

        public override void OnTransaction(SetTransaction transaction) => Actions.Add(transaction);

        public override void OnDomainMetadata(DomainMetadata domainMetadata) => Actions.Add(domainMetadata);

        public override void OnCommitInfo(CommitInfo commitInfo) => Actions.Add(commitInfo);

        public override void OnCheckpointMetadata(long version) => Actions.Add(version);

        public override void OnSidecar(SidecarFile sidecar) => Actions.Add(sidecar);
    }

    private static Recorder Decode(string line, bool stats = true)
    {
        var recorder = new Recorder { Stats = stats };
        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), recorder);
        return recorder;
    }

    [Fact]
    public void DecodesAddWithEverything()
    {
        string line = """{"add":{"path":"year=2024/part%20one.parquet","partitionValues":{"year":"2024","city":null},"size":1234,"modificationTime":1700000000000,"dataChange":false,"stats":"{\"numRecords\":3,\"minValues\":{\"s\":\"a\\\"b\"}}","tags":{"INSERTION_TIME":"1"},"deletionVector":{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":4,"sizeInBytes":40,"cardinality":6},"baseRowId":10,"defaultRowCommitVersion":2,"clusteringProvider":"liquid","futureField":{"x":[1,2]}}}""";
        AddFile add = Assert.IsType<AddFile>(Assert.Single(Decode(line).Actions));
        Assert.Equal("year=2024/part%20one.parquet", add.Path);
        Assert.Equal("year=2024/part one.parquet", add.RelativePath);
        Assert.Equal("2024", add.PartitionValues["year"]);
        Assert.True(add.PartitionValues.ContainsKey("city"));
        Assert.Null(add.PartitionValues["city"]);
        Assert.Equal(1234, add.Size);
        Assert.Equal(1700000000000, add.ModificationTime);
        Assert.False(add.DataChange);
        Assert.Equal("{\"numRecords\":3,\"minValues\":{\"s\":\"a\\\"b\"}}", add.StatsJson);
        Assert.Equal("1", add.Tags!["INSERTION_TIME"]);
        Assert.Equal("u", add.DeletionVector!.StorageType);
        Assert.Equal(4, add.DeletionVector.Offset);
        Assert.Equal(6, add.DeletionVector.Cardinality);
        Assert.Equal("uab^-aqEH.-t@S}K{vb[*k^@4", add.DeletionVector.UniqueId);
        Assert.Equal(10, add.BaseRowId);
        Assert.Equal(2, add.DefaultRowCommitVersion);
    }

    [Fact]
    public void StatisticsAreSkippedWhenNotWanted()
    {
        AddFile add = Assert.IsType<AddFile>(Assert.Single(Decode("""{"add":{"path":"a","partitionValues":{},"size":1,"modificationTime":1,"dataChange":true,"stats":"{\"numRecords\":3}"}}""", stats: false).Actions));
        Assert.Null(add.StatsJson);
    }

    [Fact]
    public void DecodesMetadataProtocolTxnDomainAndCommitInfo()
    {
        Recorder r = Decode("""{"metaData":{"id":"abc","name":null,"format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[]}","partitionColumns":["p"],"configuration":{"delta.appendOnly":"true"},"createdTime":5}}""");
        DeltaMetadata metadata = Assert.IsType<DeltaMetadata>(Assert.Single(r.Actions));
        Assert.Equal("abc", metadata.Id);
        Assert.Equal(new[] { "p" }, metadata.PartitionColumns);
        Assert.Equal("true", metadata.Configuration["delta.appendOnly"]);
        Assert.Equal(5, metadata.CreatedTime);

        DeltaProtocol protocol = Assert.IsType<DeltaProtocol>(Assert.Single(Decode("""{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors","appendOnly"]}}""").Actions));
        Assert.Equal(3, protocol.MinReaderVersion);
        Assert.True(protocol.HasReaderFeature("deletionVectors"));
        Assert.True(protocol.HasWriterFeature("appendOnly"));

        Assert.Equal(new SetTransaction("app", 7, 99), Assert.Single(Decode("""{"txn":{"appId":"app","version":7,"lastUpdated":99}}""").Actions));
        Assert.Equal(new DomainMetadata("d", "{}", true), Assert.Single(Decode("""{"domainMetadata":{"domain":"d","configuration":"{}","removed":true}}""").Actions));

        CommitInfo info = Assert.IsType<CommitInfo>(Assert.Single(Decode("""{"commitInfo":{"timestamp":12,"inCommitTimestamp":34,"operation":"WRITE","operationParameters":{"mode":"Append"}}}""").Actions));
        Assert.Equal(12, info.Timestamp);
        Assert.Equal(34, info.InCommitTimestamp);
        Assert.Equal("WRITE", info.Operation);
        Assert.Equal("""{"timestamp":12,"inCommitTimestamp":34,"operation":"WRITE","operationParameters":{"mode":"Append"}}""", info.RawJson);
    }

    [Fact]
    public void DecodesV2CheckpointActions()
    {
        Assert.Equal(10L, Assert.Single(Decode("""{"checkpointMetadata":{"version":10,"tags":{}}}""").Actions));
        SidecarFile sidecar = Assert.IsType<SidecarFile>(Assert.Single(Decode("""{"sidecar":{"path":"abc.parquet","sizeInBytes":5,"modificationTime":6}}""").Actions));
        Assert.Equal("abc.parquet", sidecar.Path);
    }

    [Fact]
    public void IgnoresUnknownActionsCdcAndBlankLines()
    {
        Assert.Empty(Decode("""{"cdc":{"path":"_change_data/x.parquet","partitionValues":{},"size":1,"dataChange":false}}""").Actions);
        Assert.Empty(Decode("""{"someFutureAction":{"a":[{"b":null}]}}""").Actions);
        Assert.Empty(Decode("   ").Actions);
        Assert.Empty(Decode("").Actions);
    }

    [Theory]
    [InlineData("""{"add":{"path":"a","partitionValues":{},"size":1""")]
    [InlineData("""{"add":{"partitionValues":{},"size":1,"modificationTime":1,"dataChange":true}}""")]
    [InlineData("""{"add":{"path":"a","partitionValues":{},"modificationTime":1,"dataChange":true}}""")]
    [InlineData("""{"protocol":{"minReaderVersion":"x","minWriterVersion":2}}""")]
    [InlineData("""{"add":{"path":"a","partitionValues":{},"size":1,"deletionVector":{"storageType":"z","pathOrInlineDv":"x","sizeInBytes":1,"cardinality":1}}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"add":{"path":"a","size":1.5}}""")]
    public void MalformedLinesAreRejected(string line)
    {
        Exception? ex = Record.Exception(() => Decode(line));
        Assert.True(ex is FormatException or System.Text.Json.JsonException, ex?.GetType().FullName ?? "no exception");
    }

    [Fact]
    public void PartitionValueMapsAreShared()
    {
        var interner = new PartitionValueInterner();
        var recorder = new Recorder();
        JsonActionDecoder.DecodeLine("""{"add":{"path":"a","partitionValues":{"p":"1"},"size":1,"modificationTime":1,"dataChange":true}}"""u8, interner, recorder);
        JsonActionDecoder.DecodeLine("""{"add":{"path":"b","partitionValues":{"p":"1"},"size":1,"modificationTime":1,"dataChange":true}}"""u8, interner, recorder);
        Assert.Same(((AddFile)recorder.Actions[0]).PartitionValues, ((AddFile)recorder.Actions[1]).PartitionValues);
    }
}
