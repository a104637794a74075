using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>Our writer and reader together, on the checking allocator: values (against the JS truth), ownership,
/// lifecycle rules and argument errors.</summary>
public sealed class IpcRoundTripTests : IClassFixture<JsArrowFiles>
{
    private readonly JsArrowFiles _js;

    public IpcRoundTripTests(JsArrowFiles js) => _js = js;

    private static List<RecordBatch> ReadAll(ArrowStreamReader reader)
    {
        var batches = new List<RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } b)
        {
            batches.Add(b);
        }
        return batches;
    }

    [Theory]
    [InlineData(ArrowIpcCompression.None, false)]
    [InlineData(ArrowIpcCompression.None, true)]
    [InlineData(ArrowIpcCompression.Lz4Frame, false)]
    [InlineData(ArrowIpcCompression.Zstd, true)]
    public async Task Round_trips_on_the_checking_allocator_without_leaks(ArrowIpcCompression compression, bool fileFormat)
    {
        using var allocator = new TestAllocator();
        var read = new ArrowIpcReadOptions { Allocator = allocator };
        List<RecordBatch> source;
        using (var reader = new ArrowStreamReader(new MemoryStream(_js.Stream), read))
        {
            source = ReadAll(reader);
        }
        var output = new MemoryStream();
        var options = new ArrowIpcWriteOptions { Compression = compression, ZstdLevel = 3 };
        if (fileFormat)
        {
            // The file format needs one dictionary per field: write batch 0 twice (sliced differently).
            await using var writer = new ArrowFileWriter(output, source[0].Schema, options, leaveOpen: true);
            await writer.WriteRecordBatchAsync(source[0], TestContext.Current.CancellationToken);
            using RecordBatch tail = source[0].Slice(2, 5);
            await writer.WriteRecordBatchAsync(tail, TestContext.Current.CancellationToken);
        }
        else
        {
            await using var writer = new ArrowStreamWriter(output, source[0].Schema, options, leaveOpen: true);
            foreach (RecordBatch b in source)
            {
                await writer.WriteRecordBatchAsync(b, TestContext.Current.CancellationToken);
            }
        }
        JsonNode expected;
        using (RecordBatch tail = source[0].Slice(2, 5))
        {
            expected = ArrowJson.Render(source[0].Schema, fileFormat ? [source[0], tail] : source);
        }
        foreach (RecordBatch b in source)
        {
            b.Dispose();
        }
        var back = new List<RecordBatch>();
        using (ArrowBuffer bytes = ArrowBuffer.CopyFrom(output.ToArray(), allocator))
        {
            if (fileFormat)
            {
                using ArrowFileReader reader = ArrowFileReader.Open(bytes, read);
                for (int i = 0; i < reader.RecordBatchCount; i++)
                {
                    back.Add(reader.ReadRecordBatch(i));
                }
            }
            else
            {
                using var reader = new ArrowStreamReader(bytes, read);
                back = ReadAll(reader);
            }
        }
        try
        {
            Assert.True(JsonNode.DeepEquals(expected, ArrowJson.Render(back[0].Schema, back)));
        }
        finally
        {
            back.ForEach(b => b.Dispose());
        }
        allocator.AssertNoLeaks();
    }

    [Fact]
    public void Compression_shrinks_compressible_data_and_records_the_codec()
    {
        var output = new Dictionary<ArrowIpcCompression, long>();
        foreach (ArrowIpcCompression compression in new[] { ArrowIpcCompression.None, ArrowIpcCompression.Lz4Frame, ArrowIpcCompression.Zstd })
        {
            using ArrowBuffer values = ArrowBuffer.CopyFrom<long>(new long[100_000]);
            using var column = ArrowArray.FromData(new ArrayData(ArrowType.Int64, 100_000, 0, 0, [null, values.Retain()]));
            var schema = new Schema([new Field("zeros", ArrowType.Int64, false)]);
            using var batch = new RecordBatch(schema, [column.Retain()], 100_000);
            var ms = new MemoryStream();
            using (var writer = new ArrowStreamWriter(ms, schema, new ArrowIpcWriteOptions { Compression = compression }, leaveOpen: true))
            {
                writer.WriteRecordBatch(batch);
            }
            output[compression] = ms.Length;
            ms.Position = 0;
            using var reader = new ArrowStreamReader(ms);
            using RecordBatch back = reader.ReadNextRecordBatch()!;
            Assert.True(back.Column(0).Data.GetBuffer(1).Span.IndexOfAnyExcept((byte)0) < 0);
        }
        Assert.True(output[ArrowIpcCompression.None] > 800_000);
        Assert.True(output[ArrowIpcCompression.Lz4Frame] < 20_000, $"lz4 {output[ArrowIpcCompression.Lz4Frame]}");
        Assert.True(output[ArrowIpcCompression.Zstd] < 20_000, $"zstd {output[ArrowIpcCompression.Zstd]}");
    }

    [Fact]
    public void Schema_only_stream_and_file_have_no_batches()
    {
        var schema = new Schema([new Field("a", ArrowType.Utf8)], [new KeyValuePair<string, string>("k", "v")]);
        var ms = new MemoryStream();
        using (new ArrowStreamWriter(ms, schema, leaveOpen: true))
        {
        }
        Assert.Equal(0xFF, ms.ToArray()[^8]);
        ms.Position = 0;
        using (var reader = new ArrowStreamReader(ms, leaveOpen: true))
        {
            Assert.Equal(schema, reader.ReadSchema());
            Assert.Null(reader.ReadNextRecordBatch());
            Assert.Null(reader.ReadNextRecordBatch());
        }
        var file = new MemoryStream();
        using (var writer = new ArrowFileWriter(file, schema, leaveOpen: true))
        {
            writer.Finish();
            writer.Finish();
        }
        file.Position = 0;
        using ArrowFileReader fileReader = ArrowFileReader.Open(file);
        Assert.Equal(schema, fileReader.Schema);
        Assert.Equal(0, fileReader.RecordBatchCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => fileReader.ReadRecordBatch(0));
    }

    [Fact]
    public void Writers_reject_misuse()
    {
        var schema = new Schema([new Field("a", ArrowType.Int32)]);
        var other = new Schema([new Field("a", ArrowType.Int64)]);
        using ArrowBuffer values = ArrowBuffer.CopyFrom<long>([1L]);
        using var batch = new RecordBatch(other, [ArrowArray.FromData(new ArrayData(ArrowType.Int64, 1, 0, 0, [null, values.Retain()]))], 1);
        using var writer = new ArrowStreamWriter(new MemoryStream(), schema);
        Assert.Throws<ArgumentException>(() => writer.WriteRecordBatch(batch));
        writer.Finish();
        using var finished = new ArrowStreamWriter(new MemoryStream(), other);
        finished.Finish();
        Assert.Throws<InvalidOperationException>(() => finished.WriteRecordBatch(batch));
        Assert.Throws<ArgumentException>(() => ArrowFileReader.Open(new NonSeekableStream([1, 2, 3])));
    }

    [Fact]
    public void File_writer_refuses_to_replace_a_dictionary()
    {
        List<RecordBatch> source;
        using (var reader = new ArrowStreamReader(new MemoryStream(_js.Stream)))
        {
            source = ReadAll(reader);
        }
        try
        {
            using var writer = new ArrowFileWriter(new MemoryStream(), source[0].Schema);
            writer.WriteRecordBatch(source[0]);
            var ex = Assert.Throws<NotSupportedException>(() => writer.WriteRecordBatch(source[1]));
            Assert.Contains("cannot replace a dictionary", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            source.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public async Task Async_reads_honour_cancellation()
    {
        using var reader = new ArrowStreamReader(new MemoryStream(_js.Stream));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadNextRecordBatchAsync(cts.Token));
    }

    [Fact]
    public void Batches_outlive_the_reader_and_the_input()
    {
        RecordBatch batch;
        using (ArrowBuffer input = ArrowBuffer.CopyFrom(_js.Stream))
        using (var reader = new ArrowStreamReader(input))
        {
            batch = reader.ReadNextRecordBatch()!;
        }
        using (batch)
        {
            JsonNode rendered = ArrowJson.Render(batch.Schema, [batch]);
            Assert.Equal("alpha", rendered["columns"]!["dict_delta"]![0]!.GetValue<string>());
            Assert.Equal("héllo wörld", rendered["columns"]!["utf8"]![3]!.GetValue<string>());
        }
    }
}
