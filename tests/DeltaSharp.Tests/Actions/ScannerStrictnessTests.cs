using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Log;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Tests.Actions;

/// <summary>RFC 8259 / PROTOCOL.md edge cases of the action scanner: what must be accepted and what is corruption
/// (a <see cref="DeltaLogCorruptException"/> naming the file and line).</summary>
public sealed class ScannerStrictnessTests
{
    private sealed class Adds : ActionSink
    {
        public List<AddFile> Files { get; } = new();

        public override bool WantsStatistics => true;

        public override void OnAdd(AddFile add) => Files.Add(add);
    }

    private static AddFile DecodeOne(byte[] line)
    {
        var sink = new Adds();
        JsonActionDecoder.DecodeLine(line, new PartitionValueInterner(), sink);
        return Assert.Single(sink.Files);
    }

    [Fact]
    public void WhitespaceWhereverJsonAllowsIt()
    {
        AddFile add = DecodeOne(Encoding.UTF8.GetBytes(" \t{ \"add\" :\r{\t\"path\" : \"a\" , \"size\":1 ,\"partitionValues\" : { \"p\" : \"x\" } , \"stats\" : \"{}\" } } \r"));
        Assert.Equal("a", add.Path);
        Assert.Equal("x", add.PartitionValues["p"]);
        Assert.Equal("{}", add.StatsJson);
    }

    [Fact]
    public void EveryEscapeIncludingSurrogatePairsInPathsKeysAndValues()
    {
        const string Line = """{"add":{"p\u0061th":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00","size":1,"partitionValues":{"k\uD834\uDD1E":"v\u65e5"},"stats":"{\"s\":\"\\u0041\"}"}}""";
        AddFile add = DecodeOne(Encoding.UTF8.GetBytes(Line));
        Assert.Equal("a\"b\\c/d\b\f\n\r\té😀", add.Path);
        Assert.Equal("v日", add.PartitionValues["k𝄞"]);
        Assert.Equal("{\"s\":\"\\u0041\"}", add.StatsJson);
        Assert.Equal(Encoding.UTF8.GetBytes("{\"s\":\"\\u0041\"}"), add.StatsUtf8.ToArray());
    }

    [Fact]
    public void RawUtf8IsKeptAsIs()
    {
        AddFile add = DecodeOne(Encoding.UTF8.GetBytes("""{"add":{"path":"日本/😀 é","size":1}}"""));
        Assert.Equal("日本/😀 é", add.Path);
    }

    [Theory]
    [InlineData("""{"add":{"path":"a\x","size":1}}""", "invalid escape")]
    [InlineData("""{"add":{"path":"a\u12","size":1}}""", "escape")]
    [InlineData("""{"add":{"path":"\ud800","size":1}}""", "surrogate")]
    [InlineData("""{"add":{"path":"\udc00x","size":1}}""", "surrogate")]
    [InlineData("""{"add":{"path":"a","size":1,"stats":"\ud83d\u0041"}}""", "surrogate")]
    [InlineData("""{"add":{"path":"a","size":1.5}}""", "64-bit integer")]
    [InlineData("""{"add":{"path":"a","size":1e3}}""", "64-bit integer")]
    [InlineData("""{"add":{"path":"a","size":9223372036854775808}}""", "64-bit integer")]
    [InlineData("""{"add":{"path":"a","size":-9223372036854775809}}""", "64-bit integer")]
    [InlineData("""{"add":{"path":"a","size":01}}""", "expected")]
    [InlineData("""{"add":{"path":"a","size":-}}""", "number")]
    [InlineData("""{"add":{"path":"a","size":1}} x""", "end of the line")]
    [InlineData("""{"add":{"path":"a","size":1},}""", "property name")]
    [InlineData("""{"add":{"path":"a","size":1}""", "truncated")]
    [InlineData("""{"add":{"path":"a","size":1,"tags":{"k":[1]}}}""", "string value")]
    [InlineData("""{"add":{"path":"a","size":1,"dataChange":"true"}}""", "boolean")]
    [InlineData("""{"add":{"path":"a","size":1,"future":tru}}""", "literal")]
    [InlineData("""{"add":{"path":"a","size":1,"future":[1 2]}}""", "array")]
    [InlineData("""{"add":{"path":"a","size":1,"future":{"x" 1}}}""", "':'")]
    [InlineData("""{'add':{}}""", "property name")]
    [InlineData("""{"add":{"path":"a","size":1}}{}""", "end of the line")]
    public async Task CorruptLinesNameFileLineAndProblem(string line, string problem)
    {
        await using var store = new InMemoryObjectStore();
        string path = "_delta_log/00000000000000000003.json";
        string content = "{\"commitInfo\":{}}\n\n" + line + "\n";
        await store.PutAsync(path, Encoding.UTF8.GetBytes(content), TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAsync<DeltaLogCorruptException>(async () =>
            await JsonLogFileReader.ReadAsync(store, path, 3, new PartitionValueInterner(), new Adds(), TestContext.Current.CancellationToken));
        Assert.Equal(path, ex.Path);
        Assert.Contains("Line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0xc3 })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]
    [InlineData(new byte[] { 0xc0, 0xaf })]
    [InlineData(new byte[] { 0x01 })]
    public void InvalidUtf8AndRawControlCharactersAreCorrupt(byte[] bad)
    {
        byte[] line = [.. "{\"add\":{\"path\":\"a"u8, .. bad, .. "\",\"size\":1}}"u8];
        FormatException ex = Assert.Throws<FormatException>(() => DecodeOne(line));
        Assert.Contains(bad[0] == 0x01 ? "control character" : "UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InAnUnknownMemberIsCorruptToo()
    {
        byte[] line = [.. "{\"future\":\""u8, 0xfe, .. "\"}"u8];
        Assert.Throws<FormatException>(() => JsonActionDecoder.DecodeLine(line, new PartitionValueInterner(), new Adds()));
    }

    [Fact]
    public void LoneSurrogatesInSkippedMembersAreTolerated()
    {
        AddFile add = DecodeOne(Encoding.UTF8.GetBytes("""{"add":{"path":"a","size":1,"future":"\ud800"}}"""));
        Assert.Equal("a", add.Path);
    }

    [Fact]
    public void QuotedIntegersAreAccepted()
    {
        AddFile add = DecodeOne(Encoding.UTF8.GetBytes("""{"add":{"path":"a","size":"42","modificationTime":"-7"}}"""));
        Assert.Equal(42, add.Size);
        Assert.Equal(-7, add.ModificationTime);
    }

    [Fact]
    public void Int64LimitsAreExact()
    {
        AddFile add = DecodeOne(Encoding.UTF8.GetBytes("""{"add":{"path":"a","size":9223372036854775807,"modificationTime":-9223372036854775808}}"""));
        Assert.Equal(long.MaxValue, add.Size);
        Assert.Equal(long.MinValue, add.ModificationTime);
    }
}
