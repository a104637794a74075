using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>
/// Which path spellings are one logical file in reconciliation. PROTOCOL.md only says the path "is a URI … which
/// needs to be decoded"; Delta Spark (<c>Snapshot.stateReconstruction</c> → <c>DeltaLog.CanonicalPathFunction</c>, then
/// <c>InMemoryLogReplay</c> keyed by <c>(java.net.URI, dvId)</c>) qualifies only scheme-less absolute paths
/// (<c>/x</c> → <c>file:///x</c> with the default file system) and leaves relative and fully qualified paths as
/// written; keys then compare as <c>java.net.URI</c> (so <c>file:/x</c> = <c>file:///x</c>, escape hex case ignored,
/// scheme case ignored). Relative and absolute spellings of one file, and <c>s3://</c> vs <c>s3a://</c>, stay distinct.
/// </summary>
public sealed class PathReconciliationSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""));

    private static async Task<string[]> LiveAfterAsync(string addPath, string removePath)
    {
        await using var table = new SpecTable();
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema), SpecTable.Add(addPath, 1));
        await table.CommitAsync(1, SpecTable.Remove(removePath));
        await using DeltaTable opened = await table.OpenAsync();
        return opened.Snapshot.Files.Select(f => f.Path).ToArray();
    }

    [Theory]
    [InlineData("/some/absolute/path", "file:/some/absolute/path")]
    [InlineData("/some/absolute/path", "file:///some/absolute/path")]
    [InlineData("file:/some/absolute/path", "file:///some/absolute/path")]
    [InlineData("file:///some/absolute/path", "/some/absolute/path")]
    [InlineData("p=a%2Ab/x.parquet", "p=a%2ab/x.parquet")]
    [InlineData("/with%20space/p@%23h", "file:/with%20space/p@%23h")]
    public async Task SpellingsSparkTreatsAsOneFileAreOneFile(string add, string remove)
    {
        Assert.Empty(await LiveAfterAsync(add, remove));
    }

    [Theory]
    [InlineData("x.parquet", "memory://spec/x.parquet")]
    [InlineData("memory://spec/x.parquet", "x.parquet")]
    [InlineData("s3://bucket/t/x.parquet", "s3a://bucket/t/x.parquet")]
    [InlineData("file://host/x.parquet", "file:/x.parquet")]
    public async Task SpellingsSparkKeepsApartStayApart(string add, string remove)
    {
        // Spark does not relativise or qualify these (a remove by another spelling is a tombstone for a different
        // logical file), so the add stays live.
        Assert.Equal(new[] { add }, await LiveAfterAsync(add, remove));
    }

    [Theory]
    [InlineData("p=a%20b/x.parquet", "p=a b/x.parquet")]
    [InlineData("p=a%2Ab/x.parquet", "p=a*b/x.parquet")]
    public async Task PercentEncodedAndDecodedSpellingsAreOneFile(string add, string remove)
    {
        // Deliberate difference: Spark compares raw URI forms (and cannot parse a raw space at all); we compare the
        // decoded paths, which name the same object, so writers that do not encode (older delta-rs) reconcile.
        Assert.Empty(await LiveAfterAsync(add, remove));
    }
}
