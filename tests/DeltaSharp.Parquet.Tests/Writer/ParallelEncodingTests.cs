using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary><see cref="ParquetWriterOptions.ParallelWorkScheduler"/>: columns encoded on several threads give
/// byte-identical files to one thread (for every codec, with nested columns sharing a top-level array, row groups
/// cut mid-batch), DuckDB reads them, and a failing work item fails the write and leaves the writer unusable.</summary>
public sealed class ParallelEncodingTests
{
    private const int BatchRows = 7_000;
    private const int Batches = 6;

    private static RecordBatch MakeBatch(int start)
    {
        var ids = new long?[BatchRows];
        var ints = new int?[BatchRows];
        var doubles = new double?[BatchRows];
        var names = new string?[BatchRows];
        var flags = new bool?[BatchRows];
        var innerA = new int?[BatchRows];
        var innerB = new string?[BatchRows];
        for (int i = 0; i < BatchRows; i++)
        {
            int r = start + i;
            ids[i] = r;
            ints[i] = r % 17 == 0 ? null : (int)(r * 2654435761L % 1_000_000);
            doubles[i] = r % 29 == 0 ? null : r * 7919 % 1_000_003 / 100.0;
            names[i] = r % 23 == 0 ? null : "customer_" + (r * 31337 % 5_000).ToString("D11", CultureInfo.InvariantCulture);
            flags[i] = r % 3 == 0;
            innerA[i] = r % 5 == 0 ? null : r % 100;
            innerB[i] = "b" + (r % 40).ToString(CultureInfo.InvariantCulture);
        }
        Field[] structFields = [new Field("a", ArrowType.Int32, true), new Field("b", BinaryType.Utf8, true)];
        return TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(ArrowType.Int64, ids), false),
            ("int_col", TestArrays.Primitive<int>(ArrowType.Int32, ints), true),
            ("dbl_col", TestArrays.Primitive<double>(ArrowType.Float64, doubles), true),
            ("str_col", TestArrays.String(names), true),
            ("flag", TestArrays.Boolean(flags), true),
            ("nested", TestArrays.Struct(structFields, [TestArrays.Primitive<int>(ArrowType.Int32, innerA), TestArrays.String(innerB)], null), true));
    }

    private static async Task<byte[]> WriteAsync(ParquetWriterOptions options)
    {
        using var stream = new MemoryStream();
        await using (var writer = new ParquetFileWriter(stream, MakeBatch(0).Schema, options, leaveOpen: true))
        {
            for (int b = 0; b < Batches; b++)
            {
                using RecordBatch batch = MakeBatch(b * BatchRows);
                await writer.WriteBatchAsync(batch, TestContext.Current.CancellationToken);
            }
            await writer.CloseAsync(TestContext.Current.CancellationToken);
        }
        return stream.ToArray();
    }

    [Theory]
    [InlineData(ParquetCompressionCodec.Snappy)]
    [InlineData(ParquetCompressionCodec.Zstd)]
    [InlineData(ParquetCompressionCodec.Gzip)]
    [InlineData(ParquetCompressionCodec.Uncompressed)]
    public async Task ParallelOutputIsByteIdenticalToSequentialAndReadByDuckDb(ParquetCompressionCodec codec)
    {
        int scheduled = 0;
        var sequential = new ParquetWriterOptions { Compression = codec, RowGroupMaxRows = 10_000, DataPageRowCountLimit = 3_000 };
        var parallel = new ParquetWriterOptions
        {
            Compression = codec, RowGroupMaxRows = 10_000, DataPageRowCountLimit = 3_000, EncodingParallelism = 4,
            ParallelWorkScheduler = work =>
            {
                Interlocked.Increment(ref scheduled);
                return Task.Run(work);
            },
        };
        byte[] expected = await WriteAsync(sequential);
        byte[] actual = await WriteAsync(parallel);
        Assert.True(scheduled > 0, "the scheduler was never used");
        Assert.Equal(expected, actual);

        string path = Path.Combine(Path.GetTempPath(), "deltasharp-parallel-" + Guid.NewGuid().ToString("N") + ".parquet");
        await File.WriteAllBytesAsync(path, actual, TestContext.Current.CancellationToken);
        try
        {
            using DuckDbConnection db = DuckDbConnection.OpenInMemory();
            const int Rows = Batches * BatchRows;
            long nullInts = 0, nullStrings = 0, sumA = 0;
            for (int r = 0; r < Rows; r++)
            {
                nullInts += r % 17 == 0 ? 1 : 0;
                nullStrings += r % 23 == 0 ? 1 : 0;
                sumA += r % 5 == 0 ? 0 : r % 100;
            }
            Assert.Equal(
                $"{Rows}|{Rows}|{Rows - nullInts}|{Rows - nullStrings}|{(Rows + 2) / 3}|{sumA}",
                db.Scalar($"SELECT count(*) || '|' || count(DISTINCT id) || '|' || count(int_col) || '|' || count(str_col) || '|' || count(*) FILTER (WHERE flag) || '|' || sum(nested.a) FROM read_parquet('{path}')"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AFailingWorkItemFailsTheWriteAndTheWriterRefusesFurtherCalls()
    {
        var options = new ParquetWriterOptions
        {
            EncodingParallelism = 3,
            ParallelWorkScheduler = _ => Task.FromException(new IOException("worker lost")),
        };
        using var stream = new MemoryStream();
        using RecordBatch batch = MakeBatch(0);
        await using var writer = new ParquetFileWriter(stream, batch.Schema, options);
        IOException failure = await Assert.ThrowsAsync<IOException>(async () => await writer.WriteBatchAsync(batch, TestContext.Current.CancellationToken));
        Assert.Equal("worker lost", failure.Message);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await writer.WriteBatchAsync(batch, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void EncodingParallelismMustBePositive()
    {
        Assert.Throws<ArgumentException>(() => new ParquetWriterOptions { EncodingParallelism = 0 }.Validate());
    }
}
