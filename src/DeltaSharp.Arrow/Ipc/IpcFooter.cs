using System;
using System.Buffers.Binary;
using DeltaSharp.Arrow.Ipc.FlatBuffers;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>A decoded File.fbs Footer: the schema and the blocks of dictionaries and record batches.</summary>
internal sealed class IpcFooter
{
    private IpcFooter(IpcSchemaInfo schema, IpcBlock[] dictionaries, IpcBlock[] batches)
    {
        Schema = schema;
        Dictionaries = dictionaries;
        RecordBatches = batches;
    }

    public IpcSchemaInfo Schema { get; }

    public IpcBlock[] Dictionaries { get; }

    public IpcBlock[] RecordBatches { get; }

    /// <summary>Decodes a footer; every block must lie within the first <paramref name="dataEnd"/> bytes.</summary>
    public static IpcFooter Decode(ReadOnlySpan<byte> footer, long dataEnd, int maxDepth)
    {
        FlatBufferTable table = FlatBufferTable.GetRoot(footer, "Footer");
        if (!table.TryGetTable(IpcFormat.FooterSchema, "Schema", out FlatBufferTable schema))
        {
            throw new ArrowIpcFormatException("Arrow IPC file footer has no schema.");
        }
        IpcSchemaInfo info = IpcSchemaCodec.Read(schema, maxDepth);
        return new IpcFooter(info, ReadBlocks(table, IpcFormat.FooterDictionaries, "dictionaries", dataEnd), ReadBlocks(table, IpcFormat.FooterRecordBatches, "recordBatches", dataEnd));
    }

    private static IpcBlock[] ReadBlocks(FlatBufferTable table, int slot, string name, long dataEnd)
    {
        FlatBufferVector vector = table.GetVector(slot, 24, name);
        ReadOnlySpan<byte> bytes = table.GetVectorBytes(vector);
        var blocks = new IpcBlock[vector.Count];
        for (int i = 0; i < blocks.Length; i++)
        {
            ReadOnlySpan<byte> b = bytes.Slice(i * 24, 24);
            var block = new IpcBlock(BinaryPrimitives.ReadInt64LittleEndian(b), BinaryPrimitives.ReadInt32LittleEndian(b.Slice(8)), BinaryPrimitives.ReadInt64LittleEndian(b.Slice(16)));
            if (block.Offset < 8 || block.MetadataLength < 8 || block.BodyLength < 0 || block.Offset > dataEnd - block.MetadataLength - block.BodyLength)
            {
                throw new ArrowIpcFormatException($"Arrow IPC file footer: {name} block {i} (offset {block.Offset}, metadata {block.MetadataLength}, body {block.BodyLength}) lies outside the file's {dataEnd} data bytes.");
            }
            blocks[i] = block;
        }
        return blocks;
    }
}
