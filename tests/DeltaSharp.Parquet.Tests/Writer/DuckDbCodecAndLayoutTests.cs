using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using Xunit;
using DeltaSharp.TestSupport.DuckDb;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary>Codecs, page versions, row group and page limits, dictionary fallback and statistics, checked with
/// DuckDB's reader and its <c>parquet_metadata()</c>.</summary>
public sealed class DuckDbCodecAndLayoutTests
{
    private const int Rows = 25_000;

    private static RecordBatch MakeBatch(int start, int count)
    {
        var ints = new long?[count];
        var strings = new string?[count];
        var doubles = new double?[count];
        for (int i = 0; i < count; i++)
        {
            int r = start + i;
            ints[i] = r % 7 == 0 ? null : (r * 31L) - 100_000;
            strings[i] = r % 11 == 0 ? null : "value-" + (r % 500).ToString(CultureInfo.InvariantCulture);
            doubles[i] = r % 13 == 0 ? null : r / 4.0;
        }
        return TestArrays.Batch(
            ("i", TestArrays.Primitive<long>(ArrowType.Int64, ints), true),
            ("s", TestArrays.String(strings), true),
            ("d", TestArrays.Primitive<double>(ArrowType.Float64, doubles), true));
    }

    private static (long CountI, long SumI, long CountS, long SumLenS, long CountD, double SumD) Expected(int rows)
    {
        long countI = 0, sumI = 0, countS = 0, sumLen = 0, countD = 0;
        double sumD = 0;
        for (int r = 0; r < rows; r++)
        {
            if (r % 7 != 0)
            {
                countI++;
                sumI += (r * 31L) - 100_000;
            }
            if (r % 11 != 0)
            {
                countS++;
                sumLen += ("value-" + (r % 500).ToString(CultureInfo.InvariantCulture)).Length;
            }
            if (r % 13 != 0)
            {
                countD++;
                sumD += r / 4.0;
            }
        }
        return (countI, sumI, countS, sumLen, countD, sumD);
    }

    public static IEnumerable<TheoryDataRow<ParquetCompressionCodec, int, bool>> Matrix()
    {
        foreach (ParquetCompressionCodec codec in new[] { ParquetCompressionCodec.Uncompressed, ParquetCompressionCodec.Snappy, ParquetCompressionCodec.Gzip, ParquetCompressionCodec.Zstd })
        {
            foreach (int version in new[] { 1, 2 })
            {
                foreach (bool dictionary in new[] { true, false })
                {
                    yield return new(codec, version, dictionary);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void EveryCodecPageVersionAndEncodingReadsBackExactly(ParquetCompressionCodec codec, int version, bool dictionary)
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        var options = new ParquetWriterOptions
        {
            Compression = codec,
            DataPageVersion = version == 1 ? ParquetDataPageVersion.V1 : ParquetDataPageVersion.V2,
            EnableDictionary = dictionary,
            DataPageSize = 4096,
            RowGroupMaxRows = 10_000,
        };
        var batches = new[] { MakeBatch(0, 7_000), MakeBatch(7_000, 18_000) };
        string path = WriterTestFiles.Write(batches, options, out ParquetFileMetaData metadata);
        foreach (RecordBatch b in batches)
        {
            b.Dispose();
        }

        var expected = Expected(Rows);
        string?[] row = db.Query($"SELECT count(*), count(i), sum(i), count(s), sum(length(s)), count(d), sum(d) FROM read_parquet('{path}')")[0];
        Assert.Equal(Rows.ToString(CultureInfo.InvariantCulture), row[0]);
        Assert.Equal(expected.CountI.ToString(CultureInfo.InvariantCulture), row[1]);
        Assert.Equal(expected.SumI.ToString(CultureInfo.InvariantCulture), row[2]);
        Assert.Equal(expected.CountS.ToString(CultureInfo.InvariantCulture), row[3]);
        Assert.Equal(expected.SumLenS.ToString(CultureInfo.InvariantCulture), row[4]);
        Assert.Equal(expected.CountD.ToString(CultureInfo.InvariantCulture), row[5]);
        Assert.Equal(expected.SumD, double.Parse(row[6]!, CultureInfo.InvariantCulture));
        // Row-level check: the 12345th row.
        string?[] one = db.Query($"SELECT i, s, d FROM read_parquet('{path}', file_row_number=true) WHERE file_row_number = 12345")[0];
        Assert.Equal(((12345 * 31L) - 100_000).ToString(CultureInfo.InvariantCulture), one[0]);
        Assert.Equal("value-345", one[1]);
        Assert.Equal((12345 / 4.0).ToString(CultureInfo.InvariantCulture), one[2]);

        // Layout: 3 row groups of at most 10,000 rows; codec and encodings as configured.
        Assert.Equal(3, metadata.RowGroups.Count);
        Assert.Equal("3", db.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')"));
        string expectedCodec = codec switch
        {
            ParquetCompressionCodec.Uncompressed => "UNCOMPRESSED",
            ParquetCompressionCodec.Snappy => "SNAPPY",
            ParquetCompressionCodec.Gzip => "GZIP",
            _ => "ZSTD",
        };
        Assert.Equal(expectedCodec, db.Scalar($"SELECT DISTINCT compression FROM parquet_metadata('{path}')"));
        string? encodings = db.Scalar($"SELECT encodings FROM parquet_metadata('{path}') WHERE path_in_schema = 's' AND row_group_id = 0");
        Assert.Contains(dictionary ? "RLE_DICTIONARY" : "PLAIN", encodings, StringComparison.Ordinal);

        // Statistics of row group 0 (rows 0..9999) against the values.
        long minI = long.MaxValue, maxI = long.MinValue, nullI = 0;
        for (int r = 0; r < 10_000; r++)
        {
            if (r % 7 == 0)
            {
                nullI++;
                continue;
            }
            long v = (r * 31L) - 100_000;
            minI = Math.Min(minI, v);
            maxI = Math.Max(maxI, v);
        }
        string?[] stats = db.Query($"SELECT stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata('{path}') WHERE path_in_schema = 'i' AND row_group_id = 0")[0];
        Assert.Equal(minI.ToString(CultureInfo.InvariantCulture), stats[0]);
        Assert.Equal(maxI.ToString(CultureInfo.InvariantCulture), stats[1]);
        Assert.Equal(nullI.ToString(CultureInfo.InvariantCulture), stats[2]);
        string?[] sstats = db.Query($"SELECT stats_min_value, stats_max_value FROM parquet_metadata('{path}') WHERE path_in_schema = 's' AND row_group_id = 0")[0];
        Assert.Equal("value-0", sstats[0]); // row 500 ("value-0") is not null (500 % 11 != 0)
        Assert.Equal("value-99", sstats[1]);
    }

    [Fact]
    public void DictionaryFallsBackToPlainWhenItGrowsTooLarge()
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        var strings = new string?[20_000];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = "distinct-value-number-" + i.ToString("D8", CultureInfo.InvariantCulture);
        }
        using RecordBatch batch = TestArrays.Batch(("s", TestArrays.String(strings), false));
        var options = new ParquetWriterOptions { DictionaryPageSizeLimit = 16 * 1024, DataPageSize = 8 * 1024 };
        string path = WriterTestFiles.Write([batch], options, out ParquetFileMetaData metadata);

        ParquetColumnMetaData column = metadata.RowGroups[0].Columns[0].MetaData!;
        Assert.Contains(ParquetEncoding.RleDictionary, column.Encodings);
        Assert.Contains(ParquetEncoding.Plain, column.EncodingStats.Where(s => s.PageType == ParquetPageType.DataPage).Select(s => s.Encoding));
        Assert.Equal("20000", db.Scalar($"SELECT count(DISTINCT s) FROM read_parquet('{path}')"));
        Assert.Equal(strings[19_999], db.Scalar($"SELECT s FROM read_parquet('{path}', file_row_number=true) WHERE file_row_number = 19999"));
        Assert.Equal(strings[0], db.Scalar($"SELECT min(s) FROM read_parquet('{path}')"));
    }

    [Fact]
    public void LongStringStatisticsAreTruncatedWithAValidUpperBound()
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        string low = new string('a', 100);
        string high = new string('z', 70) + "\u00ff" + new string('q', 40);
        using RecordBatch batch = TestArrays.Batch(("s", TestArrays.String([high, low, null]), true));
        string path = WriterTestFiles.Write([batch], new ParquetWriterOptions { StatisticsTruncateLength = 16 }, out ParquetFileMetaData metadata);

        ParquetStatistics stats = metadata.RowGroups[0].Columns[0].MetaData!.Statistics!;
        Assert.Equal(new string('a', 16), System.Text.Encoding.UTF8.GetString(stats.MinValue!));
        Assert.Equal(new string('z', 15) + "{", System.Text.Encoding.UTF8.GetString(stats.MaxValue!));
        Assert.False(stats.IsMaxValueExact);
        Assert.False(stats.IsMinValueExact);
        Assert.Equal(1, stats.NullCount);
        string?[] row = db.Query($"SELECT stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata('{path}')")[0];
        Assert.Equal(new string('a', 16), row[0]);
        Assert.Equal(new string('z', 15) + "{", row[1]);
        Assert.Equal("1", row[2]);
        // The data itself is untouched.
        Assert.Equal(high, db.Scalar($"SELECT max(s) FROM read_parquet('{path}')"));
    }

    [Fact]
    public async Task AsyncWritesToAStreamAndBufferWriterProduceTheSameFile()
    {
        using RecordBatch batch = MakeBatch(0, 5_000);
        var options = new ParquetWriterOptions { RowGroupMaxRows = 2_000 };
        var stream = new MemoryStream();
        await using (var writer = new ParquetFileWriter(stream, batch.Schema, options, leaveOpen: true))
        {
            await writer.WriteBatchAsync(batch, TestContext.Current.CancellationToken);
            await writer.CloseAsync(TestContext.Current.CancellationToken);
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new ParquetFileWriter(buffer, batch.Schema, options))
        {
            writer.WriteBatch(batch);
            writer.Close();
        }
        Assert.Equal(stream.ToArray(), buffer.WrittenSpan.ToArray());

        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        string path = Path.Combine(Path.GetTempPath(), "deltasharp-writer-tests", Guid.NewGuid().ToString("N") + ".parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, stream.ToArray(), TestContext.Current.CancellationToken);
        Assert.Equal("5000", db.Scalar($"SELECT count(*) FROM read_parquet('{path}')"));
        Assert.Equal("3", db.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')"));
    }

    [Fact]
    public void FieldIdsAndKeyValueMetadataAreWritten()
    {
        using DuckDbConnection db = DuckDbConnection.OpenInMemory();
        var field = new Field("id", ArrowType.Int32, false, [new("PARQUET:field_id", "42")]);
        var schema = new Schema([field]);
        using var batch = new RecordBatch(schema, [ArrowArray.FromData(TestArrays.Primitive<int>(ArrowType.Int32, [1, 2]))], 2);
        var options = new ParquetWriterOptions { KeyValueMetadata = [new("origin", "deltasharp-test")] };
        string path = WriterTestFiles.Write([batch], options, out _);

        Assert.Equal("42", db.Scalar($"SELECT field_id FROM parquet_schema('{path}') WHERE name = 'id'"));
        Assert.Equal("deltasharp-test", db.Scalar($"SELECT decode(value) FROM parquet_kv_metadata('{path}') WHERE decode(key) = 'origin'"));
    }
}
