using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>Malformed IPC input must raise <see cref="ArrowIpcFormatException"/>: no other exception, no hang,
/// no large allocation, no leak.</summary>
public sealed class MalformedIpcTests : IClassFixture<JsArrowFiles>
{
    private readonly JsArrowFiles _js;

    public MalformedIpcTests(JsArrowFiles js) => _js = js;

    /// <summary>Reads everything; returns the batch count, or -1 when a format error was reported.</summary>
    private static int ReadStreamTolerant(byte[] bytes, ArrowAllocator allocator, bool fromMemory)
    {
        var options = new ArrowIpcReadOptions { Allocator = allocator };
        try
        {
            ArrowStreamReader reader;
            if (fromMemory)
            {
                using ArrowBuffer input = ArrowBuffer.CopyFrom(bytes, allocator);
                reader = new ArrowStreamReader(input, options);
            }
            else
            {
                reader = new ArrowStreamReader(new MemoryStream(bytes), options);
            }
            using (reader)
            {
                int count = 0;
                while (reader.ReadNextRecordBatch() is { } batch)
                {
                    // Touch every value the way a consumer would.
                    _ = ArrowJson.Render(batch.Schema, [batch]);
                    batch.Dispose();
                    count++;
                }
                return count;
            }
        }
        catch (ArrowIpcFormatException)
        {
            return -1;
        }
    }

    [Fact]
    public void Truncated_streams_end_cleanly_or_report_a_format_error()
    {
        byte[] full = _js.Stream;
        using var allocator = new TestAllocator(captureStackTraces: false);
        for (int length = 0; length < full.Length; length += length < 1024 ? 1 : 11)
        {
            byte[] cut = full.AsSpan(0, length).ToArray();
            int result = ReadStreamTolerant(cut, allocator, fromMemory: (length & 1) == 0);
            Assert.True(result <= 2, $"length {length}: read {result} batches");
        }
        allocator.AssertNoLeaks();
    }

    [Fact]
    public void Truncated_files_are_rejected()
    {
        byte[] full = _js.File;
        for (int length = 0; length < full.Length; length += 7)
        {
            using ArrowBuffer cut = ArrowBuffer.CopyFrom(full.AsSpan(0, length));
            var ex = Assert.Throws<ArrowIpcFormatException>(() => ArrowFileReader.Open(cut).Dispose());
            Assert.Contains("Arrow IPC file", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bit_flipped_streams_never_escape_as_other_exceptions_or_leak()
    {
        byte[] original = _js.Stream;
        var random = new Random(1234);
        using var allocator = new TestAllocator(captureStackTraces: false);
        int errors = 0;
        for (int trial = 0; trial < 2500; trial++)
        {
            byte[] corrupt = (byte[])original.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                int bit = random.Next(corrupt.Length * 8);
                corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            if (ReadStreamTolerant(corrupt, allocator, fromMemory: (trial & 1) == 0) < 0)
            {
                errors++;
            }
        }
        Assert.True(errors > 100, $"only {errors} of 2500 corruptions were detected");
        allocator.AssertNoLeaks();
    }

    [Fact]
    public void Bit_flipped_files_never_escape_as_other_exceptions()
    {
        byte[] original = _js.File;
        var random = new Random(99);
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] corrupt = (byte[])original.Clone();
            int bit = random.Next(corrupt.Length * 8);
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                using var reader = ArrowFileReader.Open(new MemoryStream(corrupt));
                for (int i = 0; i < reader.RecordBatchCount; i++)
                {
                    using RecordBatch batch = reader.ReadRecordBatch(i);
                    _ = ArrowJson.Render(batch.Schema, [batch]);
                }
            }
            catch (ArrowIpcFormatException)
            {
            }
        }
    }

    [Fact]
    public void Legacy_framing_is_read()
    {
        byte[] legacy = CraftedIpc.ToLegacyFraming(_js.Stream);
        foreach (bool fromMemory in new[] { false, true })
        {
            var batches = new List<RecordBatch>();
            using ArrowBuffer input = ArrowBuffer.CopyFrom(legacy);
            using var reader = fromMemory ? new ArrowStreamReader(input) : new ArrowStreamReader(new NonSeekableStream(legacy));
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                batches.Add(batch);
            }
            try
            {
                Assert.True(JsonNode.DeepEquals(_js.Expected, ArrowJson.Render(reader.Schema!, batches)));
            }
            finally
            {
                batches.ForEach(b => b.Dispose());
            }
        }
    }

    [Fact]
    public void Huge_metadata_length_is_rejected_without_allocating_it()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xF0, 0xFF, 0xFF, 0x7F];
        var ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new NonSeekableStream(bytes)).ReadSchema());
        Assert.Contains("metadata", ex.Message, StringComparison.Ordinal);
        // A plausible length on a pipe that then ends: rejected as truncated after reading what is there.
        byte[] lying = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x03, 1, 2, 3];
        ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new NonSeekableStream(lying)).ReadSchema());
        Assert.Contains("ends inside the metadata", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(lying)).ReadSchema());
        Assert.Contains("remain", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData(100_000_000L)]
    public void Huge_body_length_is_rejected_without_allocating_it(long bodyLength)
    {
        byte[] stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderRecordBatch,
            b => CraftedIpc.Batch(b, 1, [(1, 0)], [(0, 0), (0, 4)]), bodyLength), new byte[16]));
        using var allocator = new TestAllocator(captureStackTraces: false);
        var options = new ArrowIpcReadOptions { Allocator = allocator };
        using (var reader = new ArrowStreamReader(new NonSeekableStream(stream), options))
        {
            Assert.Throws<ArrowIpcFormatException>(() => reader.ReadNextRecordBatch());
        }
        using (var reader = new ArrowStreamReader(new MemoryStream(stream), options))
        {
            var ex = Assert.Throws<ArrowIpcFormatException>(() => reader.ReadNextRecordBatch());
            Assert.Contains("body", ex.Message, StringComparison.Ordinal);
        }
        allocator.AssertNoLeaks();
    }

    [Fact]
    public void Buffer_outside_the_body_is_rejected()
    {
        byte[] stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderRecordBatch,
            b => CraftedIpc.Batch(b, 2, [(2, 0)], [(0, 0), (8, 16)]), 16), new byte[16]));
        var ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(stream)).ReadNextRecordBatch());
        Assert.Contains("outside the 16-byte message body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_short_values_buffer_is_rejected_by_layout_validation()
    {
        byte[] stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderRecordBatch,
            b => CraftedIpc.Batch(b, 100, [(100, 0)], [(0, 0), (0, 16)]), 16), new byte[16]));
        var ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(stream)).ReadNextRecordBatch());
        Assert.Contains("field 'c'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nulls_without_a_bitmap_and_node_count_mismatch_are_rejected()
    {
        byte[] stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderRecordBatch,
            b => CraftedIpc.Batch(b, 2, [(2, 1)], [(0, 0), (0, 8)]), 8), new byte[8]));
        Assert.Contains("no validity bitmap", Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(stream)).ReadNextRecordBatch()).Message, StringComparison.Ordinal);
        stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderRecordBatch,
            b => CraftedIpc.Batch(b, 2, [(2, 0), (2, 0)], [(0, 0), (0, 8)]), 8), new byte[8]));
        Assert.Contains("field nodes", Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(stream)).ReadNextRecordBatch()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Impossible_decompressed_size_is_rejected_before_allocating()
    {
        byte[] body = new byte[16];
        BitConverter.TryWriteBytes(body, 1L << 40);
        byte[] stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderRecordBatch,
            b => CraftedIpc.Batch(b, 2, [(2, 0)], [(0, 0), (0, 16)], codec: IpcFormat.CompressionZstd), 16), body));
        var ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(stream)).ReadNextRecordBatch());
        Assert.Contains("impossible", ex.Message, StringComparison.Ordinal);

        // A plausible size with garbage compressed bytes: the codec's error, wrapped with the field.
        BitConverter.TryWriteBytes(body, 8L);
        stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderRecordBatch,
            b => CraftedIpc.Batch(b, 2, [(2, 0)], [(0, 0), (0, 16)], codec: IpcFormat.CompressionLz4Frame), 16), body));
        ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(stream)).ReadNextRecordBatch());
        Assert.Contains("cannot be decompressed", ex.Message, StringComparison.Ordinal);
        Assert.IsType<DeltaSharp.Arrow.Compression.CompressionException>(ex.InnerException);
    }

    [Fact]
    public void Big_endian_unsupported_types_and_bad_message_order_are_named()
    {
        byte[] bigEndian = Framed(CraftedIpc.Message(IpcFormat.HeaderSchema, b => CraftedIpc.Schema(b, IpcFormat.TypeInt, CraftedIpc.Int32Type, endianness: 1), 0));
        Assert.Contains("big-endian", ReadSchemaError(bigEndian), StringComparison.Ordinal);

        byte[] union = Framed(CraftedIpc.Message(IpcFormat.HeaderSchema, b => CraftedIpc.Schema(b, IpcFormat.TypeUnion, CraftedIpc.Empty), 0));
        Assert.Contains("Union", ReadSchemaError(union), StringComparison.Ordinal);

        byte[] tensor = Framed(CraftedIpc.Message(IpcFormat.HeaderTensor, CraftedIpc.Empty, 0));
        Assert.Contains("tensor", ReadSchemaError(tensor), StringComparison.Ordinal);

        byte[] batchFirst = Framed(CraftedIpc.Message(IpcFormat.HeaderRecordBatch, b => CraftedIpc.Batch(b, 0, [], []), 0));
        Assert.Contains("first message must be the schema", ReadSchemaError(batchFirst), StringComparison.Ordinal);

        byte[] v3 = Framed(CraftedIpc.Message(IpcFormat.HeaderSchema, b => CraftedIpc.Schema(b, IpcFormat.TypeInt, CraftedIpc.Int32Type), 0, version: 2));
        Assert.Contains("V3", ReadSchemaError(v3), StringComparison.Ordinal);

        Assert.Contains("empty", ReadSchemaError([]), StringComparison.Ordinal);
    }

    [Fact]
    public void Dictionary_batch_for_unknown_id_or_missing_dictionary_is_rejected()
    {
        // Schema with one plain int32 field: a dictionary batch has nothing to attach to.
        byte[] stream = CraftedIpc.Int32Stream(s => CraftedIpc.Frame(s, CraftedIpc.Message(IpcFormat.HeaderDictionaryBatch, b =>
        {
            int data = CraftedIpc.Batch(b, 0, [(0, 0)], [(0, 0), (0, 0)]);
            b.StartTable(3);
            b.AddInt64(0, 7, -1);
            b.AddOffset(1, data);
            return b.EndTable();
        }, 0)));
        var ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(stream)).ReadNextRecordBatch());
        Assert.Contains("dictionary batch for id 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_limited()
    {
        ArrowType type = ArrowType.Int32;
        for (int i = 0; i < 100; i++)
        {
            type = new StructType([new Field("s" + i, type)]);
        }
        var schema = new Schema([new Field("deep", type)]);
        var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, schema, leaveOpen: true))
        {
            writer.WriteStart();
        }
        byte[] bytes = output.ToArray();
        var ex = Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(bytes)).ReadSchema());
        Assert.Contains("deeper than the limit of 64", ex.Message, StringComparison.Ordinal);
        using var reader = new ArrowStreamReader(new MemoryStream(bytes), new ArrowIpcReadOptions { MaxNestingDepth = 200 });
        Assert.Equal(schema, reader.ReadSchema());
        Assert.Null(reader.ReadNextRecordBatch());
    }

    private static byte[] Framed(byte[] message)
    {
        var ms = new MemoryStream();
        CraftedIpc.Frame(ms, message);
        return ms.ToArray();
    }

    private static string ReadSchemaError(byte[] bytes) =>
        Assert.Throws<ArrowIpcFormatException>(() => new ArrowStreamReader(new MemoryStream(bytes)).ReadSchema()).Message;
}
