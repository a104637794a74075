using System.Collections.Generic;
using DeltaSharp.Arrow.Ipc.FlatBuffers;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>Builds Message.fbs and File.fbs flatbuffers for the writers.</summary>
internal static class IpcMessageEncoder
{
    public static byte[] EncodeSchema(Schema schema, List<long> dictionaryIds)
    {
        var b = new FlatBufferBuilder();
        int header = IpcSchemaCodec.Write(b, schema, dictionaryIds);
        return FinishMessage(b, IpcFormat.HeaderSchema, header, 0);
    }

    public static byte[] EncodeRecordBatch(long length, RecordBatchBodyEncoder body)
    {
        var b = new FlatBufferBuilder();
        int header = WriteBatch(b, length, body);
        return FinishMessage(b, IpcFormat.HeaderRecordBatch, header, body.BodyLength);
    }

    public static byte[] EncodeDictionaryBatch(long id, bool isDelta, long length, RecordBatchBodyEncoder body)
    {
        var b = new FlatBufferBuilder();
        int data = WriteBatch(b, length, body);
        b.StartTable(3);
        b.AddInt64(IpcFormat.DictBatchId, id, 0);
        b.AddOffset(IpcFormat.DictBatchData, data);
        b.AddBool(IpcFormat.DictBatchIsDelta, isDelta, false);
        int header = b.EndTable();
        return FinishMessage(b, IpcFormat.HeaderDictionaryBatch, header, body.BodyLength);
    }

    public static byte[] EncodeFooter(Schema schema, IpcBlockList dictionaries, IpcBlockList batches)
    {
        var b = new FlatBufferBuilder();
        int schemaTable = IpcSchemaCodec.Write(b, schema, new List<long>());
        int dictionaryBlocks = b.CreateBlockVector(dictionaries.Offsets.ToArray(), dictionaries.MetadataLengths.ToArray(), dictionaries.BodyLengths.ToArray());
        int batchBlocks = b.CreateBlockVector(batches.Offsets.ToArray(), batches.MetadataLengths.ToArray(), batches.BodyLengths.ToArray());
        b.StartTable(4);
        b.AddInt16(IpcFormat.FooterVersion, IpcFormat.MetadataV5, 0);
        b.AddOffset(IpcFormat.FooterSchema, schemaTable);
        b.AddOffset(IpcFormat.FooterDictionaries, dictionaryBlocks);
        b.AddOffset(IpcFormat.FooterRecordBatches, batchBlocks);
        return b.Finish(b.EndTable());
    }

    private static int WriteBatch(FlatBufferBuilder b, long length, RecordBatchBodyEncoder body)
    {
        int nodes = b.CreateLongPairVector(ToArray(body.NodeLengths), ToArray(body.NodeNullCounts));
        int buffers = b.CreateLongPairVector(body.BufferOffsets, body.BufferLengths);
        int variadic = body.VariadicCounts.Count > 0 ? b.CreateInt64Vector(ToArray(body.VariadicCounts)) : 0;
        int compression = 0;
        if (body.Compression != ArrowIpcCompression.None)
        {
            b.StartTable(2);
            b.AddByte(IpcFormat.CompressionCodec, body.Compression == ArrowIpcCompression.Zstd ? IpcFormat.CompressionZstd : IpcFormat.CompressionLz4Frame, 0xFF);
            compression = b.EndTable();
        }
        b.StartTable(5);
        b.AddInt64(IpcFormat.BatchLength, length, 0);
        b.AddOffset(IpcFormat.BatchNodes, nodes);
        b.AddOffset(IpcFormat.BatchBuffers, buffers);
        if (compression != 0)
        {
            b.AddOffset(IpcFormat.BatchCompression, compression);
        }
        if (variadic != 0)
        {
            b.AddOffset(IpcFormat.BatchVariadicCounts, variadic);
        }
        return b.EndTable();
    }

    private static byte[] FinishMessage(FlatBufferBuilder b, byte headerType, int header, long bodyLength)
    {
        b.StartTable(5);
        b.AddInt16(IpcFormat.MessageVersion, IpcFormat.MetadataV5, 0);
        b.AddByte(IpcFormat.MessageHeaderType, headerType, 0);
        b.AddOffset(IpcFormat.MessageHeader, header);
        b.AddInt64(IpcFormat.MessageBodyLength, bodyLength, 0);
        return b.Finish(b.EndTable());
    }

    private static long[] ToArray(IReadOnlyList<long> list)
    {
        long[] result = new long[list.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = list[i];
        }
        return result;
    }
}
