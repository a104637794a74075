using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Encodings;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Sources;
using DeltaSharp.Parquet.Writer;
using Xunit;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary>Pure parts of the writer checked against the spec and against the reader's decoders.</summary>
public sealed class WriterUnitTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    [InlineData(13, 4)]
    [InlineData(20, 5)]
    [InlineData(32, 6)]
    public void RleHybridRoundTripsThroughTheReadersDecoder(int bitWidth, int pattern)
    {
        var random = new Random(bitWidth * 100 + pattern);
        int n = 5_000 + pattern;
        int[] values = new int[n];
        long max = bitWidth == 32 ? int.MaxValue : (1L << bitWidth) - 1;
        for (int i = 0; i < n; i++)
        {
            values[i] = pattern switch
            {
                0 => 0,
                1 => (int)max,
                2 => (i / 37) % 2 == 0 ? (int)Math.Min(max, 3) : random.Next(0, (int)Math.Min(max, int.MaxValue - 1) + 1),
                3 => i % 9 == 0 ? 1 : (int)(i % (max + 1)),
                _ => random.Next(0, 4) == 0 ? (int)(random.NextInt64(0, max + 1)) : (int)(i / 10 % (max + 1)),
            };
        }
        using var buffer = new PooledByteBuffer();
        RleBitPackedEncoder.Encode(values, bitWidth, buffer);
        int[] decoded = new int[n];
        var decoder = new RleBitPackedDecoder(buffer.WrittenSpan, bitWidth);
        decoder.ReadExactly(decoded);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void RleUsesRunsForRepeatedValues()
    {
        using var buffer = new PooledByteBuffer();
        RleBitPackedEncoder.Encode(Enumerable.Repeat(1, 1000).ToArray(), 1, buffer);
        // One RLE run: varint(1000 << 1) = 2 bytes, then the value in 1 byte.
        Assert.Equal(new byte[] { 0xD0, 0x0F, 0x01 }, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void TruncatedMinIsAPrefixAndTruncatedMaxRoundsUp()
    {
        Assert.Equal("abc"u8.ToArray(), StatisticsTruncation.TruncateMin("abcdef"u8, 3, utf8: true));
        Assert.Equal("abd"u8.ToArray(), StatisticsTruncation.TruncateMax("abcdef"u8, 3, utf8: true));
        // Bytes: trailing 0xFF carries into the previous byte.
        Assert.Equal(new byte[] { 0x01, 0x03 }, StatisticsTruncation.TruncateMax(new byte[] { 0x01, 0x02, 0xFF, 0x00 }, 3, utf8: false));
        Assert.Null(StatisticsTruncation.TruncateMax(new byte[] { 0xFF, 0xFF, 0xFF, 0x00 }, 3, utf8: false));
        // UTF-8: never cut inside a character; the incremented code point stays valid UTF-8.
        byte[] s = Encoding.UTF8.GetBytes("aé€x"); // 61 | C3 A9 | E2 82 AC | 78
        Assert.Equal("aé", Encoding.UTF8.GetString(StatisticsTruncation.TruncateMin(s, 4, utf8: true)));
        Assert.Equal("aê", Encoding.UTF8.GetString(StatisticsTruncation.TruncateMax(s, 4, utf8: true)!));
        // U+D7FF increments past the surrogates to U+E000.
        byte[] beforeSurrogates = Encoding.UTF8.GetBytes("\uD7FFzz");
        Assert.Equal("\uE000", Encoding.UTF8.GetString(StatisticsTruncation.TruncateMax(beforeSurrogates, 3, utf8: true)!));
        // U+10FFFF cannot be incremented: drop it and increment the previous character.
        byte[] maxChar = Encoding.UTF8.GetBytes("b\U0010FFFFzz");
        Assert.Equal("c", Encoding.UTF8.GetString(StatisticsTruncation.TruncateMax(maxChar, 5, utf8: true)!));
        // Every truncated max sorts above the original.
        Assert.True(StatisticsTruncation.TruncateMax(s, 4, utf8: true)!.AsSpan().SequenceCompareTo(s) > 0);
    }

    [Fact]
    public void DecimalByteWidthIsMinimal()
    {
        Assert.Equal(1, ArrowSchemaMapper.DecimalByteWidth(2));
        Assert.Equal(4, ArrowSchemaMapper.DecimalByteWidth(9));
        Assert.Equal(8, ArrowSchemaMapper.DecimalByteWidth(18));
        Assert.Equal(16, ArrowSchemaMapper.DecimalByteWidth(38));
        Assert.Equal(32, ArrowSchemaMapper.DecimalByteWidth(76));
    }

    [Fact]
    public async Task TheReadersFooterDecoderSeesTheSchemaStatisticsAndOffsetsWeWrote()
    {
        Field[] structFields = [new("a", ArrowType.Int32, true)];
        using RecordBatch batch = TestArrays.Batch(
            ("id", TestArrays.Primitive<long>(ArrowType.Int64, [5, -3, 9]), false),
            ("name", TestArrays.String(["x", null, "y"]), true),
            ("tags", TestArrays.List(TestArrays.String(["t1", "t2"]), [0, 2, 2, 2], [true, false, true]), true),
            ("st", TestArrays.Struct(structFields, [TestArrays.Primitive<int>(ArrowType.Int32, [1, 2, 3])], null), true));
        var stream = new MemoryStream();
        ParquetFileMetaData written;
        using (var writer = new ParquetFileWriter(stream, batch.Schema, leaveOpen: true))
        {
            writer.WriteBatch(batch);
            written = writer.Close();
        }

        (ParquetFileMetaData read, ParquetSchema schema) = await ParquetFooter.ReadAsync(new MemoryParquetSource(stream.ToArray()), TestContext.Current.CancellationToken);

        Assert.Equal(3, read.NumRows);
        Assert.Equal(written.Schema.Count, read.Schema.Count);
        Assert.Equal(["schema", "id", "name", "tags", "list", "element", "st", "a"], read.Schema.Select(e => e.Name));
        Assert.Equal(ParquetLogicalTypeKind.List, read.Schema[3].LogicalType!.Kind);
        Assert.Equal(ParquetRepetition.Repeated, read.Schema[4].Repetition);
        ParquetColumnMetaData id = read.RowGroups[0].Columns[0].MetaData!;
        Assert.Equal(BitConverter.GetBytes(-3L), id.Statistics!.MinValue);
        Assert.Equal(BitConverter.GetBytes(9L), id.Statistics!.MaxValue);
        Assert.Equal(0, id.Statistics!.NullCount);
        ParquetColumnMetaData name = read.RowGroups[0].Columns[1].MetaData!;
        Assert.Equal(1, name.Statistics!.NullCount);
        Assert.Equal(["tags", "list", "element"], read.RowGroups[0].Columns[2].MetaData!.PathInSchema);
        Assert.Equal(4, read.RowGroups[0].Columns[2].MetaData!.NumValues); // t1, t2, null list, empty list
        for (int c = 0; c < 4; c++)
        {
            ParquetColumnMetaData a = written.RowGroups[0].Columns[c].MetaData!;
            ParquetColumnMetaData b = read.RowGroups[0].Columns[c].MetaData!;
            Assert.Equal(a.DataPageOffset, b.DataPageOffset);
            Assert.Equal(a.DictionaryPageOffset, b.DictionaryPageOffset);
            Assert.Equal(a.TotalCompressedSize, b.TotalCompressedSize);
            Assert.Equal(a.Encodings, b.Encodings);
        }
        Assert.Equal(ParquetColumnOrder.TypeDefined, read.ColumnOrders[0]);
        Assert.NotNull(schema);
    }

    [Fact]
    public void BadInputIsRejectedWithClearErrors()
    {
        using RecordBatch batch = TestArrays.Batch(("a", TestArrays.Primitive<int>(ArrowType.Int32, [1, null]), false));
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, batch.Schema, leaveOpen: true))
        {
            ArgumentException e = Assert.Throws<ArgumentException>(() => writer.WriteBatch(batch));
            Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
            // A failed writer refuses further use instead of writing a corrupt file.
            Assert.Throws<InvalidOperationException>(() => writer.Close());
        }

        var schema = new Schema([new Field("a", ArrowType.Int64, true)]);
        using RecordBatch other = TestArrays.Batch(("a", TestArrays.Primitive<int>(ArrowType.Int32, [1]), true));
        using (var writer = new ParquetFileWriter(new MemoryStream(), schema))
        {
            ArgumentException e = Assert.Throws<ArgumentException>(() => writer.WriteBatch(other));
            Assert.Contains("int64", e.Message, StringComparison.Ordinal);
        }

        var emptyStruct = new Schema([new Field("s", new StructType([]), true)]);
        Assert.Throws<ParquetUnsupportedException>(() => new ParquetFileWriter(new MemoryStream(), emptyStruct));
        Assert.Throws<ArgumentException>(() => new ParquetFileWriter(new MemoryStream(), schema, new ParquetWriterOptions { Compression = ParquetCompressionCodec.Lzo }));
    }

    [Fact]
    public void TheArrowSchemaIsStoredAsAnIpcSchemaMessage()
    {
        var schema = new Schema([
            new Field("d", new DurationType(TimeUnit.Millisecond), true),
            new Field("ls", ArrowType.LargeUtf8, false),
            new Field("l", new ListType(new Field("item", ArrowType.Int16, true)), true),
        ]);
        var stream = new MemoryStream();
        ParquetFileMetaData metadata;
        using (var writer = new ParquetFileWriter(stream, schema, new ParquetWriterOptions { StoreArrowSchema = true, KeyValueMetadata = [new("k", "v")] }, leaveOpen: true))
        {
            metadata = writer.Close();
        }
        Assert.Equal("v", metadata.KeyValueMetadata.Single(p => p.Key == "k").Value);
        string encoded = metadata.KeyValueMetadata.Single(p => p.Key == "ARROW:schema").Value!;
        using var reader = new DeltaSharp.Arrow.Ipc.ArrowStreamReader(new MemoryStream(Convert.FromBase64String(encoded)));
        Schema decoded = reader.ReadSchema();
        Assert.Equal(schema.Fields.Select(f => f.ToString()), decoded.Fields.Select(f => f.ToString()));
    }

    [Fact]
    public void Float16StatisticsIgnoreNaN()
    {
        Half[] values = [(Half)1.5f, Half.NaN, (Half)(-2f)];
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), values[i]);
        }
        var data = new ArrayData(ArrowType.Float16, 3, 0, 0, [null, DeltaSharp.Arrow.Memory.ArrowBuffer.CopyFrom(bytes)]);
        using RecordBatch batch = TestArrays.Batch(("h", data, true));
        var stream = new MemoryStream();
        ParquetFileMetaData metadata;
        using (var writer = new ParquetFileWriter(stream, batch.Schema, leaveOpen: true))
        {
            writer.WriteBatch(batch);
            metadata = writer.Close();
        }
        ParquetStatistics stats = metadata.RowGroups[0].Columns[0].MetaData!.Statistics!;
        Assert.Equal((Half)(-2f), System.Buffers.Binary.BinaryPrimitives.ReadHalfLittleEndian(stats.MinValue));
        Assert.Equal((Half)1.5f, System.Buffers.Binary.BinaryPrimitives.ReadHalfLittleEndian(stats.MaxValue));
    }

    [Fact]
    public void AnEmptyFileHasASchemaAndNoRowGroups()
    {
        var schema = new Schema([new Field("a", ArrowType.Int32, true)]);
        var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, leaveOpen: true))
        {
            ParquetFileMetaData metadata = writer.Close();
            Assert.Empty(metadata.RowGroups);
        }
        byte[] bytes = stream.ToArray();
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
    }
}
