using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet;
using DeltaSharp.Parquet.Encodings;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>
/// Decoded values are copied once: when a batch takes every decoded value of a large column (a whole row group),
/// the pooled decode buffer itself becomes the Arrow buffer. Checks every value against the formula that wrote the
/// file, for whole-row-group reads (buffers handed over) and small batches (copied), that handed-over buffers stay
/// valid after the reader is gone, and that nothing leaks on the checking allocator.
/// </summary>
public sealed class ValueHandOverTests : IDisposable
{
    private const int Rows = 80_000;
    private const int RowGroupRows = 40_000;

    private readonly string path = Path.Combine(Path.GetTempPath(), $"deltasharp-handover-{Guid.NewGuid():N}.parquet");

    public ValueHandOverTests()
    {
        using RecordBatch batch = MakeBatch(0, Rows);
        using FileStream stream = File.Create(path);
        using ParquetFileWriter writer = new(stream, batch.Schema, new ParquetWriterOptions { EnableDictionary = false, RowGroupMaxRows = RowGroupRows });
        writer.WriteBatch(batch);
        writer.Close();
    }

    public void Dispose() => File.Delete(path);

    private static string Text(int row) => $"value-{row:D8}-" + new string((char)('a' + (row % 26)), row % 40);

    private static RecordBatch MakeBatch(int start, int count)
    {
        var ids = new long?[count];
        var sparse = new long?[count];
        var texts = new string?[count];
        var maybe = new string?[count];
        var x = new int?[count];
        var valid = new bool[count];
        for (int i = 0; i < count; i++)
        {
            int row = start + i;
            ids[i] = row * 3L;
            sparse[i] = row % 13 == 0 ? null : -row;
            texts[i] = Text(row);
            maybe[i] = row % 5 == 0 ? null : Text(row);
            x[i] = row;
            valid[i] = row % 9 != 0;
        }
        return TestArrays.Batch(
            ("id", TestArrays.Primitive(ArrowType.Int64, ids), false),
            ("sparse", TestArrays.Primitive(ArrowType.Int64, sparse), true),
            ("text", TestArrays.String(texts), false),
            ("maybe", TestArrays.String(maybe), true),
            ("point", TestArrays.Struct([new Field("x", ArrowType.Int32, true)], [TestArrays.Primitive(ArrowType.Int32, x)], valid), true));
    }

    private static void AssertRows(RecordBatch batch, int start)
    {
        var id = (PrimitiveArray<long>)batch.Column(0);
        var sparse = (PrimitiveArray<long>)batch.Column(1);
        var text = (BinaryArray)batch.Column(2);
        var maybe = (BinaryArray)batch.Column(3);
        var point = (StructArray)batch.Column(4);
        var x = (PrimitiveArray<int>)point.GetField(0);
        for (int i = 0; i < batch.Length; i++)
        {
            int row = start + i;
            Assert.Equal(row * 3L, id.GetValue(i));
            Assert.Equal(row % 13 == 0 ? null : -row, sparse[i]);
            Assert.Equal(Text(row), text.GetString(i));
            Assert.Equal(row % 5 == 0 ? null : Text(row), maybe.GetString(i));
            Assert.Equal(row % 9 != 0, point.IsValid(i));
            if (row % 9 != 0)
            {
                Assert.Equal(row, x.GetValue(point.GetFieldSlot(i)));
            }
        }
    }

    [Fact]
    public async Task WholeRowGroupsHandOverBuffersThatOutliveTheReader()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using TestAllocator allocator = new();
        var batches = new List<RecordBatch>();
        try
        {
            await using (ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator }, ct))
            {
                Assert.Equal(Rows / RowGroupRows, reader.Metadata.RowGroups.Count);
                for (int g = 0; g < reader.Metadata.RowGroups.Count; g++)
                {
                    batches.Add(await reader.ReadRowGroupAsync(g, ct));
                }
            }
            // The reader is gone: the batches own their memory (handed-over arrays stay pinned until released).
            for (int g = 0; g < batches.Count; g++)
            {
                AssertRows(batches[g], g * RowGroupRows);
            }
        }
        finally
        {
            foreach (RecordBatch batch in batches)
            {
                batch.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(7_777)]
    [InlineData(40_000)]
    public async Task EveryBatchSizeGivesTheFormulaValues(int batchSize)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using TestAllocator allocator = new();
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(path, new ParquetReaderOptions { Allocator = allocator, BatchSize = batchSize }, ct);
        int start = 0;
        await foreach (RecordBatch batch in reader.ReadAsync(ct))
        {
            using (batch)
            {
                AssertRows(batch, start);
                start += batch.Length;
            }
        }
        Assert.Equal(Rows, start);
    }

    [Fact]
    public void PlainByteArraysWithATruncatedLengthPrefixAreRejected()
    {
        using ColumnValues strings = new(true, 0);
        byte[] plain = [3, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c', 5, 0];
        Assert.Throws<ParquetFormatException>(() => ValueDecoder.Decode(ParquetEncoding.Plain, plain, 2, ParquetPhysicalType.ByteArray, null, strings));
    }

    [Fact]
    public void PlainByteArraysDeclaringMoreValuesThanThePageCanHoldAreRejected()
    {
        using ColumnValues strings = new(true, 0);
        byte[] plain = [0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Throws<ParquetFormatException>(() => ValueDecoder.Decode(ParquetEncoding.Plain, plain, 3, ParquetPhysicalType.ByteArray, null, strings));
    }

    [Fact]
    public void PlainByteArraysAppendAfterEarlierPages()
    {
        using ColumnValues strings = new(true, 0);
        ValueDecoder.Decode(ParquetEncoding.Plain, [1, 0, 0, 0, (byte)'a'], 1, ParquetPhysicalType.ByteArray, null, strings);
        byte[] second = [2, 0, 0, 0, (byte)'b', (byte)'c', 17, 0, 0, 0, .. "0123456789abcdefg"u8.ToArray(), 0, 0, 0, 0];
        ValueDecoder.Decode(ParquetEncoding.Plain, second, 3, ParquetPhysicalType.ByteArray, null, strings);
        Assert.Equal(4, strings.Count);
        Assert.Equal("a", System.Text.Encoding.ASCII.GetString(strings.GetBinary(0)));
        Assert.Equal("bc", System.Text.Encoding.ASCII.GetString(strings.GetBinary(1)));
        Assert.Equal("0123456789abcdefg", System.Text.Encoding.ASCII.GetString(strings.GetBinary(2)));
        Assert.Equal(0, strings.GetBinary(3).Length);
        Assert.Equal(1 + 2 + 17, strings.Data.Length);
    }
}
