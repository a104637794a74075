using System;
using System.Buffers.Binary;
using DeltaSharp.Arrow.Ipc.FlatBuffers;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>Decodes Message.fbs and File.fbs flatbuffers into <see cref="IpcMessage"/> with every length checked.</summary>
internal static class IpcMessageDecoder
{
    /// <summary>Decodes one Message flatbuffer (the metadata part of an encapsulated message).</summary>
    public static IpcMessage Decode(ReadOnlySpan<byte> metadata, int maxDepth)
    {
        FlatBufferTable message = FlatBufferTable.GetRoot(metadata, "Message");
        short version = message.GetInt16(IpcFormat.MessageVersion, 0);
        if (version < IpcFormat.MetadataV4)
        {
            throw new ArrowIpcFormatException($"Arrow IPC metadata version V{version + 1} is not supported (V4 and V5 are).");
        }
        byte headerType = message.GetByte(IpcFormat.MessageHeaderType, 0);
        long bodyLength = message.GetInt64(IpcFormat.MessageBodyLength, 0);
        if (bodyLength < 0)
        {
            throw new ArrowIpcFormatException($"Arrow IPC message declares a negative body length {bodyLength}.");
        }
        var metadataPairs = IpcSchemaCodec.ReadMetadata(message, IpcFormat.MessageMetadata, "Message");
        switch (headerType)
        {
            case IpcFormat.HeaderSchema:
            {
                FlatBufferTable schema = RequireHeader(message, "Schema");
                return new IpcMessage(headerType, bodyLength, version) { Schema = IpcSchemaCodec.Read(schema, maxDepth), Metadata = metadataPairs };
            }
            case IpcFormat.HeaderRecordBatch:
            {
                FlatBufferTable batch = RequireHeader(message, "RecordBatch");
                return new IpcMessage(headerType, bodyLength, version) { Batch = DecodeBatch(batch, bodyLength), Metadata = metadataPairs };
            }
            case IpcFormat.HeaderDictionaryBatch:
            {
                FlatBufferTable dictionary = RequireHeader(message, "DictionaryBatch");
                if (!dictionary.TryGetTable(IpcFormat.DictBatchData, "RecordBatch", out FlatBufferTable data))
                {
                    throw new ArrowIpcFormatException("Arrow IPC dictionary batch has no data.");
                }
                return new IpcMessage(headerType, bodyLength, version)
                {
                    Batch = DecodeBatch(data, bodyLength),
                    DictionaryId = dictionary.GetInt64(IpcFormat.DictBatchId, 0),
                    IsDelta = dictionary.GetBool(IpcFormat.DictBatchIsDelta, false),
                    Metadata = metadataPairs,
                };
            }
            case IpcFormat.HeaderTensor or IpcFormat.HeaderSparseTensor:
                throw new ArrowIpcFormatException("Arrow IPC tensor messages are not supported.");
            default:
                throw new ArrowIpcFormatException($"Arrow IPC message has unknown header type {headerType}.");
        }
    }

    private static FlatBufferTable RequireHeader(FlatBufferTable message, string name)
    {
        if (!message.TryGetTable(IpcFormat.MessageHeader, name, out FlatBufferTable header))
        {
            throw new ArrowIpcFormatException($"Arrow IPC {name} message has no header table.");
        }
        return header;
    }

    private static RecordBatchMetadata DecodeBatch(FlatBufferTable batch, long bodyLength)
    {
        long length = batch.GetInt64(IpcFormat.BatchLength, 0);
        if (length < 0 || length > int.MaxValue)
        {
            throw new ArrowIpcFormatException($"Arrow IPC record batch declares {length} rows (must be 0 to {int.MaxValue}).");
        }
        FlatBufferVector nodes = batch.GetVector(IpcFormat.BatchNodes, 16, "nodes");
        ReadOnlySpan<byte> nodeBytes = batch.GetVectorBytes(nodes);
        long[] nodeLengths = new long[nodes.Count];
        long[] nodeNulls = new long[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            nodeLengths[i] = BinaryPrimitives.ReadInt64LittleEndian(nodeBytes.Slice(i * 16));
            // -1 means "unknown" (apache-arrow JS writes it for sliced batches); it is computed from the bitmap.
            nodeNulls[i] = BinaryPrimitives.ReadInt64LittleEndian(nodeBytes.Slice((i * 16) + 8));
            if (nodeLengths[i] < 0 || nodeLengths[i] > int.MaxValue || nodeNulls[i] < -1 || nodeNulls[i] > nodeLengths[i])
            {
                throw new ArrowIpcFormatException($"Arrow IPC field node {i} has length {nodeLengths[i]} and null count {nodeNulls[i]} (out of range).");
            }
        }
        FlatBufferVector buffers = batch.GetVector(IpcFormat.BatchBuffers, 16, "buffers");
        ReadOnlySpan<byte> bufferBytes = batch.GetVectorBytes(buffers);
        long[] offsets = new long[buffers.Count];
        long[] lengths = new long[buffers.Count];
        for (int i = 0; i < buffers.Count; i++)
        {
            offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(bufferBytes.Slice(i * 16));
            lengths[i] = BinaryPrimitives.ReadInt64LittleEndian(bufferBytes.Slice((i * 16) + 8));
            if (offsets[i] < 0 || lengths[i] < 0 || offsets[i] > bodyLength - lengths[i])
            {
                throw new ArrowIpcFormatException($"Arrow IPC buffer {i} [{offsets[i]}, +{lengths[i]}) lies outside the {bodyLength}-byte message body.");
            }
        }
        int compression = -1;
        if (batch.TryGetTable(IpcFormat.BatchCompression, "BodyCompression", out FlatBufferTable codec))
        {
            compression = codec.GetByte(IpcFormat.CompressionCodec, 0);
            if (compression is not (IpcFormat.CompressionLz4Frame or IpcFormat.CompressionZstd))
            {
                throw new ArrowIpcFormatException($"Arrow IPC record batch uses unknown compression codec {compression}.");
            }
            if (codec.GetByte(IpcFormat.CompressionMethod, 0) != 0)
            {
                throw new ArrowIpcFormatException("Arrow IPC record batch uses an unknown body compression method.");
            }
        }
        FlatBufferVector variadic = batch.GetVector(IpcFormat.BatchVariadicCounts, 8, "variadicBufferCounts");
        ReadOnlySpan<byte> variadicBytes = batch.GetVectorBytes(variadic);
        long[] variadicCounts = new long[variadic.Count];
        for (int i = 0; i < variadicCounts.Length; i++)
        {
            variadicCounts[i] = BinaryPrimitives.ReadInt64LittleEndian(variadicBytes.Slice(i * 8));
            if (variadicCounts[i] < 0 || variadicCounts[i] > buffers.Count)
            {
                throw new ArrowIpcFormatException($"Arrow IPC record batch declares {variadicCounts[i]} variadic buffers for view field {i}, but has {buffers.Count} buffers.");
            }
        }
        return new RecordBatchMetadata(length, nodeLengths, nodeNulls, offsets, lengths, compression, variadicCounts);
    }
}
