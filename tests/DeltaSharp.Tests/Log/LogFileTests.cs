using System;
using DeltaSharp.Log;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Tests.Log;

public sealed class LogFileTests
{
    private static bool Parse(string path, out LogFile file) =>
        LogFile.TryParse(new ObjectMeta(path, 10, DateTimeOffset.UnixEpoch, null), out file);

    [Fact]
    public void CommitNamesUseTwentyDigits()
    {
        Assert.True(Parse("_delta_log/00000000000000000042.json", out LogFile file));
        Assert.Equal(LogFileKind.Commit, file.Kind);
        Assert.Equal(42, file.Version);
        Assert.True(file.IsJson);
        Assert.False(Parse("_delta_log/0000000000000000042.json", out _));
        Assert.False(Parse("_delta_log/000000000000000000042.json", out _));
        Assert.False(Parse("_delta_log/0000000000000000004x.json", out _));
    }

    [Fact]
    public void ClassicMultiPartAndUuidCheckpoints()
    {
        Assert.True(Parse("_delta_log/00000000000000000010.checkpoint.parquet", out LogFile classic));
        Assert.Equal(LogFileKind.ClassicCheckpoint, classic.Kind);
        Assert.Equal(10, classic.Version);

        Assert.True(Parse("_delta_log/00000000000000000010.checkpoint.0000000002.0000000003.parquet", out LogFile part));
        Assert.Equal(LogFileKind.MultiPartCheckpoint, part.Kind);
        Assert.Equal((2, 3), (part.Part, part.Parts));

        Assert.True(Parse("_delta_log/00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json", out LogFile v2Json));
        Assert.Equal(LogFileKind.UuidCheckpoint, v2Json.Kind);
        Assert.True(v2Json.IsJson);
        Assert.True(Parse("_delta_log/00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.parquet", out LogFile v2Parquet));
        Assert.False(v2Parquet.IsJson);

        Assert.False(Parse("_delta_log/00000000000000000010.checkpoint.0000000004.0000000003.parquet", out _));
        Assert.False(Parse("_delta_log/00000000000000000010.checkpoint.0000000000.0000000003.parquet", out _));
        Assert.False(Parse("_delta_log/00000000000000000010.checkpoint.not-a-uuid.json", out _));
    }

    [Fact]
    public void CompactionAndChecksumFiles()
    {
        Assert.True(Parse("_delta_log/00000000000000000004.00000000000000000006.compacted.json", out LogFile compaction));
        Assert.Equal(LogFileKind.Compaction, compaction.Kind);
        Assert.Equal((4, 6), (compaction.Version, compaction.EndVersion));
        Assert.False(Parse("_delta_log/00000000000000000006.00000000000000000004.compacted.json", out _));

        Assert.True(Parse("_delta_log/00000000000000000007.crc", out LogFile crc));
        Assert.Equal(LogFileKind.Checksum, crc.Kind);
    }

    [Theory]
    [InlineData("_delta_log/_last_checkpoint")]
    [InlineData("_delta_log/_staged_commits/00000000000000000001.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json")]
    [InlineData("_delta_log/_sidecars/3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet")]
    [InlineData("_delta_log/.00000000000000000003.checkpoint.parquet.crc")]
    [InlineData("_delta_log/..00000000000000000000.json.c6b312ca-665d-46ab-93a9-9f87ad2baa92.tmp.crc")]
    [InlineData("_delta_log/00000000000000000000.json.tmp")]
    [InlineData("00000000000000000000.json")]
    [InlineData("x_delta_log/00000000000000000000.json")]
    public void IgnoresEverythingElse(string path)
    {
        Assert.False(Parse(path, out _));
    }

    [Fact]
    public void AcceptsLogUnderAPrefix()
    {
        Assert.True(Parse("tables/t1/_delta_log/00000000000000000001.json", out LogFile file));
        Assert.Equal(1, file.Version);
    }

    [Fact]
    public void LastCheckpointHintToleratesGarbage()
    {
        Assert.Equal(new LastCheckpointHint(10, 3, 42), LastCheckpointHint.TryParse("{\"version\":10,\"size\":7,\"parts\":3,\"numOfAddFiles\":42,\"checkpointSchema\":{\"type\":\"struct\",\"fields\":[]}}"u8));
        Assert.Equal(new LastCheckpointHint(5, null, null), LastCheckpointHint.TryParse("{\"version\":5,\"size\":1}"u8));
        Assert.Null(LastCheckpointHint.TryParse("\"malformed\""u8));
        Assert.Null(LastCheckpointHint.TryParse("{\"version\":"u8));
        Assert.Null(LastCheckpointHint.TryParse("{\"size\":3}"u8));
        Assert.Null(LastCheckpointHint.TryParse(""u8));
        Assert.Null(LastCheckpointHint.TryParse("{\"version\":-1}"u8));
    }
}
