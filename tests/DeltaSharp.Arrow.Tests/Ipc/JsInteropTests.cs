using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>
/// Cross-checks against a real Arrow implementation (apache-arrow JS 21): files and streams it writes are read
/// by us with exactly the values it reports, and what we write (including slices, empty batches, LZ4 and ZSTD
/// body compression) it reads with exactly the values of the source.
/// </summary>
public sealed class JsInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deltasharp-ipc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (JsonNode StreamExpected, JsonNode FileExpected) GenerateJs()
    {
        JsonNode expected = NodeArrow.Run("write-ipc.cjs", _dir);
        JsonNode fileExpected = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "js-file.json")))!;
        return (ArrowJson.WithoutTypes(expected), ArrowJson.WithoutTypes(fileExpected));
    }

    private static List<RecordBatch> ReadAll(ArrowStreamReader reader)
    {
        var batches = new List<RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            batches.Add(batch);
        }
        return batches;
    }

    private static void DisposeAll(List<RecordBatch> batches)
    {
        foreach (RecordBatch b in batches)
        {
            b.Dispose();
        }
    }

    private static void AssertJsonEqual(JsonNode expected, JsonNode actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            JsonObject e = expected["columns"]!.AsObject();
            JsonObject a = actual["columns"]!.AsObject();
            foreach (KeyValuePair<string, JsonNode?> column in e)
            {
                Assert.Equal(column.Value?.ToJsonString(), a[column.Key]?.ToJsonString());
            }
            Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
        }
    }

    [Fact]
    public void Reads_stream_written_by_apache_arrow_js()
    {
        (JsonNode expected, _) = GenerateJs();
        using var stream = File.OpenRead(Path.Combine(_dir, "js.arrows"));
        using var reader = new ArrowStreamReader(stream);
        List<RecordBatch> batches = ReadAll(reader);
        try
        {
            AssertJsonEqual(expected, ArrowJson.Render(reader.Schema!, batches));
            AssertTypes(reader.Schema!);
        }
        finally
        {
            DisposeAll(batches);
        }
    }

    [Fact]
    public async Task Reads_stream_written_by_apache_arrow_js_zero_copy_and_async()
    {
        (JsonNode expected, _) = GenerateJs();
        byte[] bytes = File.ReadAllBytes(Path.Combine(_dir, "js.arrows"));
        var batches = new List<RecordBatch>();
        using (ArrowBuffer input = ArrowBuffer.CopyFrom(bytes))
        using (var reader = new ArrowStreamReader(input))
        {
            while (await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken) is { } batch)
            {
                batches.Add(batch);
            }
            // Batches slice the input buffer: they stay valid after the reader and our reference are gone.
        }
        try
        {
            AssertJsonEqual(expected, ArrowJson.Render(batches[0].Schema, batches));
        }
        finally
        {
            DisposeAll(batches);
        }
        // Through a non-seekable pipe-like stream with async reads.
        batches.Clear();
        using (var reader = new ArrowStreamReader(new NonSeekableStream(bytes)))
        {
            while (await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken) is { } batch)
            {
                batches.Add(batch);
            }
        }
        try
        {
            AssertJsonEqual(expected, ArrowJson.Render(batches[0].Schema, batches));
        }
        finally
        {
            DisposeAll(batches);
        }
    }

    [Theory]
    [InlineData("js-lz4.arrows", "LZ4_FRAME")]
    [InlineData("js-zstd.arrows", "ZSTD")]
    public void Rejects_compressed_streams_from_apache_arrow_js_whose_length_prefixes_are_wrong(string name, string codec)
    {
        // apache-arrow JS 21.2.0 writes each compressed buffer's 8-byte prefix as the COMPRESSED length instead of
        // the uncompressed length the spec requires (its own reader ignores the prefix). Arrow C++ rejects such
        // buffers too; we report the mismatch clearly instead of guessing. (Our compressed output is read by
        // apache-arrow correctly: see Our_stream_is_read_by_apache_arrow_js_with_the_same_values.)
        GenerateJs();
        using var reader = new ArrowStreamReader(File.OpenRead(Path.Combine(_dir, name)));
        var ex = Assert.Throws<ArrowIpcFormatException>(() => ReadAll(reader).ForEach(b => b.Dispose()));
        Assert.Contains("cannot be decompressed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(codec, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_file_written_by_apache_arrow_js()
    {
        (_, JsonNode expected) = GenerateJs();
        using (var stream = File.OpenRead(Path.Combine(_dir, "js.arrow")))
        using (var reader = ArrowFileReader.Open(stream))
        {
            Assert.Equal(1, reader.RecordBatchCount);
            using RecordBatch batch = reader.ReadRecordBatch(0);
            AssertJsonEqual(expected, ArrowJson.Render(reader.Schema, [batch]));
        }
        await using (var stream = File.OpenRead(Path.Combine(_dir, "js.arrow")))
        {
            using ArrowFileReader reader = await ArrowFileReader.OpenAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
            using RecordBatch batch = await reader.ReadRecordBatchAsync(0, TestContext.Current.CancellationToken);
            AssertJsonEqual(expected, ArrowJson.Render(reader.Schema, [batch]));
        }
    }

    [Theory]
    [InlineData(ArrowIpcCompression.None)]
    [InlineData(ArrowIpcCompression.Lz4Frame)]
    [InlineData(ArrowIpcCompression.Zstd)]
    public void Our_stream_is_read_by_apache_arrow_js_with_the_same_values(ArrowIpcCompression compression)
    {
        (JsonNode expected, _) = GenerateJs();
        List<RecordBatch> source;
        using (var stream = File.OpenRead(Path.Combine(_dir, "js.arrows")))
        using (var reader = new ArrowStreamReader(stream))
        {
            source = ReadAll(reader);
        }
        try
        {
            string path = Path.Combine(_dir, "ours.arrows");
            var options = new ArrowIpcWriteOptions { Compression = compression };
            using (var output = File.Create(path))
            using (var writer = new ArrowStreamWriter(output, source[0].Schema, options))
            {
                foreach (RecordBatch b in source)
                {
                    writer.WriteRecordBatch(b);
                }
            }
            // Our own reader must decode it exactly (compressed or not).
            using (var again = new ArrowStreamReader(File.OpenRead(path)))
            {
                List<RecordBatch> back = ReadAll(again);
                try
                {
                    AssertJsonEqual(expected, ArrowJson.Render(again.Schema!, back));
                }
                finally
                {
                    DisposeAll(back);
                }
            }
            // apache-arrow decodes compressed bodies with the reference lz4/zstd command-line tools (js/codecs.cjs).
            AssertJsonEqual(expected, ArrowJson.WithoutTypes(NodeArrow.Run("read-ipc.cjs", path)));
        }
        finally
        {
            DisposeAll(source);
        }
    }

    [Fact]
    public void Our_file_with_slices_and_empty_batches_is_read_by_apache_arrow_js()
    {
        (JsonNode expected, _) = GenerateJs();
        List<RecordBatch> source;
        using (var stream = File.OpenRead(Path.Combine(_dir, "js.arrows")))
        using (var reader = new ArrowStreamReader(stream))
        {
            source = ReadAll(reader);
        }
        try
        {
            // Slices at odd offsets exercise bitmap shifting, offset re-basing and child-range narrowing.
            var pieces = new List<(int Batch, int Offset, int Length)> { (0, 3, 3), (0, 0, 0), (0, 1, 5), (0, 6, 1) };
            string path = Path.Combine(_dir, "ours.arrow");
            using (var output = File.Create(path))
            using (var writer = new ArrowFileWriter(output, source[0].Schema))
            {
                foreach ((int b, int o, int l) in pieces)
                {
                    using RecordBatch slice = source[b].Slice(o, l);
                    writer.WriteRecordBatch(slice);
                }
            }
            JsonNode actual = ArrowJson.WithoutTypes(NodeArrow.Run("read-ipc.cjs", path));
            JsonObject expectedColumns = expected["columns"]!.AsObject();
            foreach (KeyValuePair<string, JsonNode?> column in actual["columns"]!.AsObject())
            {
                JsonArray all = expectedColumns[column.Key]!.AsArray();
                var want = new JsonArray();
                foreach ((int b, int o, int l) in pieces)
                {
                    for (int i = o; i < o + l; i++)
                    {
                        want.Add(all[(b * 7) + i]?.DeepClone());
                    }
                }
                Assert.True(JsonNode.DeepEquals(want, column.Value), $"column {column.Key}: expected {want.ToJsonString()} got {column.Value?.ToJsonString()}");
            }
            Assert.Equal("[3,0,5,1]", actual["batches"]!.ToJsonString());

            // And our file reader agrees, zero-copy over the file bytes.
            using ArrowBuffer file = ArrowBuffer.CopyFrom(File.ReadAllBytes(path));
            using ArrowFileReader ours = ArrowFileReader.Open(file);
            Assert.Equal(4, ours.RecordBatchCount);
            using RecordBatch third = ours.ReadRecordBatch(2);
            Assert.Equal(5, third.Length);
        }
        finally
        {
            DisposeAll(source);
        }
    }

    private static void AssertTypes(Schema schema)
    {
        Dictionary<string, ArrowType> expected = new()
        {
            ["null"] = ArrowType.Null,
            ["bool"] = ArrowType.Boolean,
            ["i8"] = ArrowType.Int8,
            ["u64"] = ArrowType.UInt64,
            ["f16"] = ArrowType.Float16,
            ["dec128"] = new DecimalType(10, 2, 128),
            ["dec256"] = new DecimalType(40, 3, 256),
            ["date32"] = ArrowType.Date32,
            ["date64"] = ArrowType.Date64,
            ["time32s"] = new TimeType(TimeUnit.Second),
            ["time64ns"] = new TimeType(TimeUnit.Nanosecond),
            ["ts_us_utc"] = new TimestampType(TimeUnit.Microsecond, "UTC"),
            ["ts_ns"] = new TimestampType(TimeUnit.Nanosecond),
            ["ts_s"] = new TimestampType(TimeUnit.Second, "+07:30"),
            ["dur_ms"] = new DurationType(TimeUnit.Millisecond),
            ["large_utf8"] = ArrowType.LargeUtf8,
            ["large_binary"] = ArrowType.LargeBinary,
            ["utf8_view"] = ArrowType.Utf8View,
            ["binary_view"] = ArrowType.BinaryView,
            ["fsb3"] = new FixedSizeBinaryType(3),
        };
        foreach ((string name, ArrowType type) in expected)
        {
            Assert.Equal(type, schema.Fields[schema.GetFieldIndex(name)].DataType);
        }
        Assert.Equal("field metadata", schema.Fields[schema.GetFieldIndex("utf8")].GetMetadata("comment"));
        Assert.IsType<DictionaryType>(schema.Fields[schema.GetFieldIndex("dict")].DataType);
        Assert.IsType<MapType>(schema.Fields[schema.GetFieldIndex("map")].DataType);
        Assert.Equal(ArrowTypeId.LargeList, schema.Fields[schema.GetFieldIndex("large_list_utf8")].DataType.TypeId);
        Assert.False(schema.Fields[schema.GetFieldIndex("i32")].IsNullable);
    }
}
