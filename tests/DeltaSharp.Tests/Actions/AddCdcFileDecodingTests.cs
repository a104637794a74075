using System;
using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;
using Xunit;

namespace DeltaSharp.Tests.Actions;

/// <summary>The <c>cdc</c> action (PROTOCOL.md "Add CDC File") reaches a sink that asks for it, and only then.</summary>
public sealed class AddCdcFileDecodingTests
{
    private sealed class CdcRecorder : ActionSink
    {
        public bool Wants { get; init; } = true;

        public List<object> Actions { get; } = new();

        public override bool WantsChangeDataFiles => Wants;

        public override void OnChangeDataFile(AddCdcFile changeDataFile) => Actions.Add(changeDataFile);

        public override void OnAdd(AddFile add) => Actions.Add(add);

        public override bool WantsRemovePartitionValues => Wants;

        public override void OnRemove(RemoveFile remove) => Actions.Add(remove);
    }

    private static CdcRecorder Decode(string line, bool wants = true)
    {
        var recorder = new CdcRecorder { Wants = wants };
        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), new PartitionValueInterner(), recorder);
        return recorder;
    }

    [Fact]
    public void DecodesEveryProtocolField()
    {
        CdcRecorder r = Decode("""{"cdc":{"path":"_change_data/date%3D2024/cdc-00000.c000.snappy.parquet","partitionValues":{"date":"2024","x":null},"size":1213,"dataChange":false,"tags":{"k":"v"},"future":{"a":[1]}}}""");
        AddCdcFile cdc = Assert.IsType<AddCdcFile>(Assert.Single(r.Actions));
        Assert.Equal("_change_data/date%3D2024/cdc-00000.c000.snappy.parquet", cdc.Path);
        Assert.Equal("_change_data/date=2024/cdc-00000.c000.snappy.parquet", cdc.RelativePath);
        Assert.Equal("2024", cdc.PartitionValues["date"]);
        Assert.Null(cdc.PartitionValues["x"]);
        Assert.Equal(1213, cdc.Size);
        Assert.False(cdc.DataChange);
        Assert.Equal("v", cdc.Tags!["k"]);
    }

    [Fact]
    public void OptionalTagsAbsentOrEmptyAreNull()
    {
        AddCdcFile cdc = Assert.IsType<AddCdcFile>(Assert.Single(Decode("""{"cdc":{"path":"c","partitionValues":{},"size":1,"dataChange":false,"tags":{}}}""").Actions));
        Assert.Null(cdc.Tags);
        Assert.Empty(cdc.PartitionValues);
        cdc = Assert.IsType<AddCdcFile>(Assert.Single(Decode("""{"cdc":{"size":2,"dataChange":false,"path":"d","partitionValues":{}}}""").Actions));
        Assert.Null(cdc.Tags);
        Assert.Equal("d", cdc.Path);
    }

    [Fact]
    public void IgnoredUnlessTheSinkWantsThem()
    {
        Assert.Empty(Decode("""{"cdc":{"path":"c","partitionValues":{},"size":1,"dataChange":false}}""", wants: false).Actions);
        Assert.Empty(Decode("""{"cdc":{"path":"c","size":"not a number"}}""", wants: false).Actions);
    }

    [Fact]
    public void RemovePartitionValuesAreDecodedOnlyWhenWanted()
    {
        const string Line = """{"remove":{"path":"p=1/a","deletionTimestamp":5,"dataChange":true,"partitionValues":{"p":"1","q":null},"size":3}}""";
        RemoveFile remove = Assert.IsType<RemoveFile>(Assert.Single(Decode(Line).Actions));
        Assert.Equal("1", remove.PartitionValues["p"]);
        Assert.Null(remove.PartitionValues["q"]);
        Assert.Equal(2, remove.PartitionValues.Count);
        remove = Assert.IsType<RemoveFile>(Assert.Single(Decode(Line, wants: false).Actions));
        Assert.Empty(remove.PartitionValues);
        remove = Assert.IsType<RemoveFile>(Assert.Single(Decode("""{"remove":{"path":"x","dataChange":true}}""").Actions));
        Assert.Empty(remove.PartitionValues);
    }

    [Fact]
    public void NullCdcIsIgnored() => Assert.Empty(Decode("""{"cdc":null}""").Actions);

    [Theory]
    [InlineData("""{"cdc":{"partitionValues":{},"size":1,"dataChange":false}}""")]
    [InlineData("""{"cdc":{"path":"c","partitionValues":{},"dataChange":false}}""")]
    [InlineData("""{"cdc":{"path":"c","partitionValues":{},"size":"x","dataChange":false}}""")]
    [InlineData("""{"cdc":{"path":"c","partitionValues":{},"size":1,"dataChange":"no"}}""")]
    [InlineData("""{"cdc":{"path":3,"partitionValues":{},"size":1,"dataChange":false}}""")]
    [InlineData("""{"cdc":[1]}""")]
    public void MalformedCdcIsRejected(string line)
    {
        Exception? ex = Record.Exception(() => Decode(line));
        Assert.True(ex is FormatException or System.Text.Json.JsonException, ex?.GetType().FullName ?? "no exception");
    }
}
