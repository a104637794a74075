using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.DeletionVectors;
using DeltaSharp.Expressions;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.SpecAudit;

/// <summary>PROTOCOL.md "Deletion Vectors", "Deletion Vector Format", "Deletion Vector File Storage Format".</summary>
public sealed class DeletionVectorSpecTests
{
    private static readonly string Schema = SpecTable.Schema(SpecTable.Field("id", "\"long\""));

    private static RecordBatch Ids(int count) =>
        TestArrays.Batch(("id", TestArrays.Primitive<long>(IntegerType.Int64, Enumerable.Range(0, count).Select(i => (long?)i).ToArray()), true));

    private static async Task<long> SetUpAsync(SpecTable table, int rows, int rowGroupRows = 1 << 20)
    {
        long size = await table.PutParquetAsync("f.parquet", Ids(rows), new ParquetWriterOptions { RowGroupMaxRows = rowGroupRows, EncodingParallelism = 1 });
        await table.CommitAsync(0,
            SpecTable.Protocol(3, 7, ["deletionVectors"], ["deletionVectors"]),
            SpecTable.Metadata(Schema, configuration: new() { ["delta.enableDeletionVectors"] = "true" }),
            SpecTable.Add("f.parquet", size, stats: "{\"numRecords\":" + rows + ",\"minValues\":{\"id\":0},\"maxValues\":{\"id\":" + (rows - 1) + "},\"nullCount\":{\"id\":0}}"));
        return size;
    }

    private static string AddWithDv(long size, object dv, int rows) =>
        SpecTable.Add("f.parquet", size, stats: "{\"numRecords\":" + rows + ",\"tightBounds\":false}", deletionVector: dv);

    private static List<string> Expected(int rows, params long[] deleted) =>
        Enumerable.Range(0, rows).Where(i => !deleted.Contains(i)).Select(i => "{\"id\":" + i + "}").ToList();

    [Fact]
    public async Task TheSpecsInlineExampleDeletesRows3_4_7_11_18_29()
    {
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 32);
        // JSON Example 3 of the spec, verbatim: "The row indexes encoded in this DV are: 3, 4, 7, 11, 18, 29."
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, SpecTable.Dv("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", null, 40, 6), 32));
        Assert.Equal(Expected(32, 3, 4, 7, 11, 18, 29), await table.RowsAsync());
    }

    [Fact]
    public async Task RelativeDvWithRandomPrefixAndAnOffsetIntoAFileOfSeveralDvs()
    {
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 20);
        byte[] first = RoaringWriter.Serialize([0, 1]);
        byte[] second = RoaringWriter.Serialize([2, 5, 19]);
        (byte[] file, int[] offsets) = RoaringWriter.DvFile(first, second);
        var uuid = Guid.Parse("d2c639aa-8816-431a-aaf6-d3fe2512ff61");
        // "<parent path>/<random prefix>/deletion_vector_<uuid in canonical textual representation>.bin"
        await table.PutAsync("ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", file);
        string encoded = "ab" + RoaringWriter.Z85Uuid(uuid);
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, SpecTable.Dv("u", encoded, offsets[1], second.Length, 3), 20));
        Assert.Equal(Expected(20, 2, 5, 19), await table.RowsAsync());
    }

    [Fact]
    public async Task TheSpecsRelativePathExampleResolvesToItsFileName()
    {
        // JSON Example 1: "ab^-aqEH.-t@S}K{vb[*k^" under s3://mytable/ is s3://mytable/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin
        var dv = new DeltaSharp.Actions.DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6);
        Assert.Equal("ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", DeletionVectorLoader.ResolvePath(dv, "s3://mytable/"));
        Assert.Equal("uab^-aqEH.-t@S}K{vb[*k^@4", dv.UniqueId);
        Assert.Equal("i" + "abc", new DeltaSharp.Actions.DeletionVectorDescriptor("i", "abc", null, 4, 1).UniqueId);
    }

    [Fact]
    public async Task AbsolutePathDv()
    {
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 10);
        byte[] bitmap = RoaringWriter.Serialize([9]);
        (byte[] file, int[] offsets) = RoaringWriter.DvFile(bitmap);
        await table.PutAsync("elsewhere/dv file.bin", file);
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, SpecTable.Dv("p", SpecTable.Location + "/elsewhere/dv%20file.bin", offsets[0], bitmap.Length, 1), 10));
        Assert.Equal(Expected(10, 9), await table.RowsAsync());
    }

    [Theory]
    [InlineData("checksum")]
    [InlineData("size")]
    [InlineData("cardinality")]
    [InlineData("magic")]
    [InlineData("version")]
    public async Task CorruptDvIsAnErrorNamingTheDv(string corruption)
    {
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 10);
        byte[] bitmap = RoaringWriter.Serialize([1, 2]);
        if (corruption == "magic")
        {
            bitmap[0] ^= 0xFF;
        }
        (byte[] file, int[] offsets) = RoaringWriter.DvFile(bitmap);
        if (corruption == "checksum")
        {
            file[^1] ^= 0x01;
        }
        if (corruption == "version")
        {
            file[0] = 2;
        }
        await table.PutAsync("dv.bin", file);
        int declaredSize = corruption == "size" ? bitmap.Length - 1 : bitmap.Length;
        long cardinality = corruption == "cardinality" ? 3 : 2;
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, SpecTable.Dv("p", SpecTable.Location + "/dv.bin", offsets[0], declaredSize, cardinality), 10));
        var error = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => table.RowsAsync());
        Assert.Contains("deletion vector", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MissingDvFileIsAnError()
    {
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 10);
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, SpecTable.Dv("p", SpecTable.Location + "/gone.bin", 1, 30, 1), 10));
        await Assert.ThrowsAsync<DeltaLogCorruptException>(() => table.RowsAsync());
    }

    [Fact]
    public void PortableFormatWithSeveralHighKeyBucketsAndEveryContainerKind()
    {
        // Buckets (high 32 bits) 0, 1 and 7; in bucket 0 an array, a bitmap (> 4096 values) and a run container; bucket 1
        // has runs with 4+ containers (so offsets are present); bucket 7 has runs with fewer than 4 (no offsets).
        var rows = new List<long> { 3, 70, 65535 };
        rows.AddRange(Enumerable.Range(0, 5000).Select(i => 65536L + (i * 13 % 65536)));
        rows.AddRange(Enumerable.Range(0, 300).Select(i => (2L << 16) + 100 + i));
        for (int c = 0; c < 5; c++)
        {
            rows.AddRange(Enumerable.Range(0, 40).Select(i => (1L << 32) + ((long)c << 16) + 7 + i));
        }
        rows.AddRange(new long[] { (7L << 32) + 1, (7L << 32) + 2, (7L << 32) + 3, (7L << 32) + 70000 });
        byte[] bytes = RoaringWriter.Serialize(rows, (high, key) => (high, key) switch
        {
            (0, 1) => RoaringWriter.Kind.Bitmap,
            (0, 2) => RoaringWriter.Kind.Run,
            (1, _) => key % 2 == 0 ? RoaringWriter.Kind.Run : RoaringWriter.Kind.Array,
            (7, 0) => RoaringWriter.Kind.Run,
            _ => RoaringWriter.Kind.Array,
        });
        DeletionVectorBitmap parsed = DeletionVectorBitmap.Parse(bytes, long.MaxValue);
        Assert.Equal(rows.Distinct().OrderBy(r => r).ToArray(), parsed.Rows.ToArray());
    }

    [Fact]
    public async Task DvWithRowsBeyondTheFileDeletesOnlyRowsThatExist()
    {
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 10);
        byte[] bitmap = RoaringWriter.Serialize([4, 100]);
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, SpecTable.Dv("i", RoaringWriter.Z85(RoaringWriter.Pad4(bitmap)), null, bitmap.Length, 2), 10));
        Assert.Equal(Expected(10, 4), await table.RowsAsync());
    }

    [Fact]
    public async Task DvReplacedInALaterCommitAppliesOnlyTheNewOne()
    {
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 10);
        byte[] one = RoaringWriter.Serialize([1]);
        byte[] two = RoaringWriter.Serialize([1, 8]);
        object dv1 = SpecTable.Dv("i", RoaringWriter.Z85(RoaringWriter.Pad4(one)), null, one.Length, 1);
        object dv2 = SpecTable.Dv("i", RoaringWriter.Z85(RoaringWriter.Pad4(two)), null, two.Length, 2);
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, dv1, 10));
        await table.CommitAsync(2, SpecTable.Remove("f.parquet", dv1), AddWithDv(size, dv2, 10));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Single(opened.Snapshot.Files);
        Assert.Equal(Expected(10, 1, 8), await SpecTable.RowsAsync(opened.Snapshot));
        await using DeltaTable v1 = await table.OpenAsync();
        DeltaSnapshot at1 = await v1.GetSnapshotAsync(1);
        Assert.Equal(Expected(10, 1), await SpecTable.RowsAsync(at1));
    }

    [Fact]
    public async Task DvRowIndexesStayFileRelativeWhenRowGroupsAreSkipped()
    {
        // Row indexes are "the position (index) of a row in a parquet file starting from zero": skipping a row group
        // by its statistics must not shift the indexes of the rows after it.
        await using var table = new SpecTable();
        long size = await SetUpAsync(table, 12, rowGroupRows: 4);
        byte[] bitmap = RoaringWriter.Serialize([9]);
        await table.CommitAsync(1, SpecTable.Remove("f.parquet"), AddWithDv(size, SpecTable.Dv("i", RoaringWriter.Z85(RoaringWriter.Pad4(bitmap)), null, bitmap.Length, 1), 12));
        var scan = new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("id >= 8") };
        Assert.Equal(new[] { "{\"id\":8}", "{\"id\":10}", "{\"id\":11}" }, await table.RowsAsync(scan));
        var noSkipping = new DeltaScanOptions { Filter = DeltaExpressionParser.Parse("id >= 8"), DataSkipping = false };
        Assert.Equal(new[] { "{\"id\":8}", "{\"id\":10}", "{\"id\":11}" }, await table.RowsAsync(noSkipping));
    }

    [Fact]
    public void InlineDvWithRustZ85TailPaddingDecodes()
    {
        // delta-kernel-rs__cdf-table-with-dv: 34 raw bytes, Z85 with the z85 crate's '#' tail padding; deletes row 3.
        byte[] bytes = Z85.DecodeBytes("^Bg9^0rr910000000000iXQKl0rr91000005c8Xg##093");
        Assert.Equal(34, bytes.Length);
        Assert.Equal(new long[] { 3 }, DeletionVectorBitmap.Parse(bytes, 100).Rows.ToArray());
        // Plain Z85 (RFC 32 test vector) is unchanged.
        Assert.Equal(new byte[] { 0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B }, Z85.DecodeBytes("HelloWorld"));
        Assert.Throws<FormatException>(() => Z85.DecodeBytes("####0"));
    }
    [Fact]
    public async Task DvsInCheckpointStructColumnsReconcileWithLaterCommits()
    {
        // A checkpoint (DuckDB) carries add.deletionVector as a struct: f1 with an on-disk 'u' DV at an offset, f2
        // with an inline one, and a remove tombstone with a DV. Commit 2 replaces f1's DV (remove (f1, dv@offset) +
        // add (f1, dv2)), so its key must match the checkpoint's uniqueId including "@offset".
        await using var table = new SpecTable();
        long size1 = await table.PutParquetAsync("f1.parquet", Ids(10));
        long size2 = await table.PutParquetAsync("f2.parquet", Ids(10));
        byte[] first = RoaringWriter.Serialize([0]);
        byte[] second = RoaringWriter.Serialize([1, 2]);
        (byte[] file, int[] offsets) = RoaringWriter.DvFile(first, second);
        var uuid = Guid.Parse("0c6cbaaf-5e04-4c9d-8959-1088814f58ef");
        await table.PutAsync("deletion_vector_0c6cbaaf-5e04-4c9d-8959-1088814f58ef.bin", file);
        string onDisk = RoaringWriter.Z85Uuid(uuid);
        byte[] inline = RoaringWriter.Serialize([9]);
        string inlineText = RoaringWriter.Z85(RoaringWriter.Pad4(inline));
        string add = "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, deletionVector " + DuckParquet.Dv + ")";
        string remove = "STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, deletionVector " + DuckParquet.Dv + ")";
        byte[] checkpoint = new DuckParquet.Checkpoint()
            .Column("protocol", DuckParquet.Protocol).Column("metaData", DuckParquet.Metadata).Column("add", add).Column("remove", remove)
            .Row("protocol", DuckParquet.ProtocolRow(3, 7, ["deletionVectors"], ["deletionVectors"]))
            .Row("metaData", DuckParquet.MetadataRow(Schema))
            .Row("add", $"{{'path': 'f1.parquet', 'partitionValues': MAP {{}}, 'size': {size1}, 'modificationTime': 1, 'dataChange': true, 'stats': '{{\"numRecords\":10}}', " +
                $"'deletionVector': {{'storageType': 'u', 'pathOrInlineDv': {DuckParquet.Str(onDisk)}, 'offset': {offsets[0]}, 'sizeInBytes': {first.Length}, 'cardinality': 1}}}}")
            .Row("add", $"{{'path': 'f2.parquet', 'partitionValues': MAP {{}}, 'size': {size2}, 'modificationTime': 1, 'dataChange': true, 'stats': '{{\"numRecords\":10}}', " +
                $"'deletionVector': {{'storageType': 'i', 'pathOrInlineDv': {DuckParquet.Str(inlineText)}, 'offset': NULL, 'sizeInBytes': {inline.Length}, 'cardinality': 1}}}}")
            .Row("remove", $"{{'path': 'f2.parquet', 'deletionTimestamp': 1, 'dataChange': true, 'deletionVector': {{'storageType': 'u', 'pathOrInlineDv': {DuckParquet.Str(onDisk)}, 'offset': {offsets[1]}, 'sizeInBytes': {second.Length}, 'cardinality': 2}}}}")
            .ToParquet();
        await table.PutAsync("_delta_log/00000000000000000001.checkpoint.parquet", checkpoint);
        await table.CommitAsync(1, SpecTable.CommitInfo());
        List<string> atCheckpoint = (await table.RowsAsync()).OrderBy(r => r, StringComparer.Ordinal).ToList();
        Assert.Equal(Expected(10, 0).Concat(Expected(10, 9)).OrderBy(r => r, StringComparer.Ordinal).ToList(), atCheckpoint);

        await table.CommitAsync(2,
            SpecTable.Remove("f1.parquet", SpecTable.Dv("u", onDisk, offsets[0], first.Length, 1)),
            SpecTable.Add("f1.parquet", size1, stats: "{\"numRecords\":10}", deletionVector: SpecTable.Dv("u", onDisk, offsets[1], second.Length, 2)));
        await using DeltaTable opened = await table.OpenAsync();
        Assert.Equal(2, opened.Snapshot.Files.Count);
        List<string> rows = (await SpecTable.RowsAsync(opened.Snapshot)).OrderBy(r => r, StringComparer.Ordinal).ToList();
        Assert.Equal(Expected(10, 1, 2).Concat(Expected(10, 9)).OrderBy(r => r, StringComparer.Ordinal).ToList(), rows);
    }

    [Fact]
    public async Task DvsAreAppliedEvenWhenTheProtocolDoesNotListTheFeature()
    {
        // "Readers must read the table considering the existence of DVs": a DV on an add is honoured whatever the
        // protocol says (here a legacy reader version 1 table), never silently dropped.
        await using var table = new SpecTable();
        long size = await table.PutParquetAsync("f.parquet", Ids(5));
        byte[] bitmap = RoaringWriter.Serialize([1, 3]);
        await table.CommitAsync(0, SpecTable.Protocol(1, 2), SpecTable.Metadata(Schema),
            SpecTable.Add("f.parquet", size, stats: "{\"numRecords\":5}", deletionVector: SpecTable.Dv("i", RoaringWriter.Z85(RoaringWriter.Pad4(bitmap)), null, bitmap.Length, 2)));
        Assert.Equal(Expected(5, 1, 3), await table.RowsAsync());
    }
}
