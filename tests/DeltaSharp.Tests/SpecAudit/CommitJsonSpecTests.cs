using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// PROTOCOL.md "Delta Log Entries" (newline-delimited JSON, one action per line) and "Protocol Evolution" (unknown
/// fields ignored): commit files as other writers produce them — CRLF, blank lines, no final newline, JSON escapes,
/// explicit nulls for optional fields, unknown nested fields, actions in any member order.
/// </summary>
public sealed class CommitJsonSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""), SpecTable.Field("p", "\"string\""));

    private static string[] Paths(DeltaSnapshot snapshot) => snapshot.Files.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("\r\n", true)]
    [InlineData("\n\n", true)]
    [InlineData("\n", false)]
    [InlineData("\r\n", false)]
    public async Task LineEndingsBlankLinesAndAMissingFinalNewline(string separator, bool finalNewline)
    {
        await using var table = new SpecTable();
        string[] lines =
        [
            SpecTable.Protocol(1, 2),
            SpecTable.Metadata(Schema, ["p"]),
            SpecTable.Add("p=a/f1.parquet", 1, new Dictionary<string, string?> { ["p"] = "a" }),
            SpecTable.Add("p=b/f2.parquet", 1, new Dictionary<string, string?> { ["p"] = "b" }),
        ];
        await table.PutTextAsync("_delta_log/00000000000000000000.json", string.Join(separator, lines) + (finalNewline ? separator : string.Empty));
        await table.PutTextAsync("_delta_log/00000000000000000001.json", SpecTable.Remove("p=a/f1.parquet") + separator + SpecTable.CommitInfo() + (finalNewline ? separator : string.Empty));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "p=b/f2.parquet" }, Paths(opened.Snapshot));
        Assert.Equal("b", opened.Snapshot.Files[0].PartitionValues["p"]);
    }

    [Fact]
    public async Task ExplicitNullsForOptionalFieldsUnknownNestedFieldsAndAnyMemberOrder()
    {
        await using var table = new SpecTable();
        string add1 = "{\"add\":{\"futureField\":{\"nested\":[1,{\"x\":[null,true]}],\"s\":\"}\\\"{\"},\"dataChange\":true,\"size\":10,\"stats\":null,\"tags\":null," +
            "\"deletionVector\":null,\"baseRowId\":null,\"defaultRowCommitVersion\":null,\"clusteringProvider\":null,\"modificationTime\":7," +
            "\"partitionValues\":{\"p\":\"a\"},\"path\":\"p=a/f1.parquet\"}}";
        string add2 = "{\"add\":{\"path\":\"p=\\u00fc/f\\u0032.parquet\",\"partitionValues\":{\"p\":\"\\u00fc\\n\"},\"size\":1,\"modificationTime\":1,\"dataChange\":false," +
            "\"stats\":\"{\\\"numRecords\\\":1}\",\"tags\":{\"INSERTION_TIME\":\"1\",\"empty\":null}}}";
        await table.CommitAsync(0,
            "{\"protocol\":{\"writerFeatures\":null,\"minWriterVersion\":2,\"readerFeatures\":null,\"minReaderVersion\":1,\"future\":[]}}",
            SpecTable.Metadata(Schema, ["p"]),
            add1,
            add2,
            "{\"futureAction\":{\"path\":\"p=a/f1.parquet\"}}",
            "{\"txn\":{\"appId\":\"app\",\"version\":3,\"lastUpdated\":null}}",
            "{\"commitInfo\":{\"operation\":\"WRITE\",\"operationParameters\":{\"a\":[1,2]},\"engineInfo\":null}}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "p=a/f1.parquet", "p=ü/f2.parquet" }, Paths(opened.Snapshot));
        AddFile first = opened.Snapshot.Files.Single(f => f.Path == "p=a/f1.parquet");
        Assert.Equal(10, first.Size);
        Assert.Equal(7, first.ModificationTime);
        Assert.Null(first.DeletionVector);
        Assert.Null(first.StatsJson);
        AddFile second = opened.Snapshot.Files.Single(f => f.Path != "p=a/f1.parquet");
        Assert.Equal("ü\n", second.PartitionValues["p"]);
        Assert.Equal("{\"numRecords\":1}", second.StatsJson);
        Assert.Equal(3, opened.Snapshot.GetTransactionVersion("app"));
    }

    [Fact]
    public async Task NullPartitionValuesMapOnAnUnpartitionedTable()
    {
        // Some writers emit "partitionValues": null (or leave it out) when the table has no partition columns.
        await using var table = new SpecTable();
        await table.CommitAsync(0,
            SpecTable.Protocol(1, 2),
            SpecTable.Metadata(SpecTable.Schema(SpecTable.Field("id", "\"long\""))),
            "{\"add\":{\"path\":\"f1.parquet\",\"partitionValues\":null,\"size\":1,\"modificationTime\":1,\"dataChange\":true}}",
            "{\"add\":{\"path\":\"f2.parquet\",\"size\":1,\"modificationTime\":1,\"dataChange\":true}}");
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(new[] { "f1.parquet", "f2.parquet" }, Paths(opened.Snapshot));
    }

    [Fact]
    public async Task AByteOrderMarkIsAClearErrorNamingTheFile()
    {
        // RFC 8259: writers "MUST NOT add a byte order mark"; parsers MAY ignore it. We do not (no Delta writer emits
        // one): the load fails naming the file and the byte, never silently.
        await using var table = new SpecTable();
        byte[] body = Encoding.UTF8.GetBytes(SpecTable.Protocol(1, 2) + "\n" + SpecTable.Metadata(SpecTable.Schema(SpecTable.Field("id", "\"long\""))) + "\n");
        await table.PutAsync("_delta_log/00000000000000000000.json", [0xEF, 0xBB, 0xBF, .. body]);
        DeltaLogCorruptException error = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => table.OpenAsync());
        Assert.Contains("00000000000000000000.json", error.Message, StringComparison.Ordinal);
    }
}
