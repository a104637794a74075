using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using DeltaSharp.Arrow.Ipc;
using DeltaSharp.Arrow.Ipc.FlatBuffers;

namespace DeltaSharp.Arrow.Tests.Ipc;

/// <summary>Hand-built IPC messages (straight from Message.fbs / Schema.fbs) for malformed-input tests.</summary>
internal static class CraftedIpc
{
    /// <summary>A Message flatbuffer whose header is built by <paramref name="header"/>.</summary>
    public static byte[] Message(byte headerType, Func<FlatBufferBuilder, int> header, long bodyLength, short version = 4)
    {
        var b = new FlatBufferBuilder();
        int h = header(b);
        b.StartTable(5);
        b.AddInt16(0, version, -1);
        b.AddByte(1, headerType, 0);
        b.AddOffset(2, h);
        b.AddInt64(3, bodyLength, -1);
        return b.Finish(b.EndTable());
    }

    /// <summary>A Schema table with one field of the given type tag (type table built by <paramref name="type"/>).</summary>
    public static int Schema(FlatBufferBuilder b, byte typeTag, Func<FlatBufferBuilder, int> type, short endianness = 0)
    {
        int children = b.CreateOffsetVector(ReadOnlySpan<int>.Empty);
        int t = type(b);
        int name = b.CreateString("c");
        b.StartTable(7);
        b.AddOffset(0, name);
        b.AddBool(1, true, false);
        b.AddByte(2, typeTag, 0);
        b.AddOffset(3, t);
        b.AddOffset(5, children);
        int field = b.EndTable();
        int fields = b.CreateOffsetVector([field]);
        b.StartTable(4);
        b.AddInt16(0, endianness, -1);
        b.AddOffset(1, fields);
        return b.EndTable();
    }

    public static int Int32Type(FlatBufferBuilder b)
    {
        b.StartTable(2);
        b.AddInt32(0, 32, 0);
        b.AddBool(1, true, false);
        return b.EndTable();
    }

    public static int Empty(FlatBufferBuilder b)
    {
        b.StartTable(0);
        return b.EndTable();
    }

    /// <summary>A RecordBatch table with the given nodes and buffers, optionally compressed (0 LZ4, 1 ZSTD).</summary>
    public static int Batch(FlatBufferBuilder b, long length, (long Length, long Nulls)[] nodes, (long Offset, long Length)[] buffers, int codec = -1)
    {
        var nl = new long[nodes.Length];
        var nn = new long[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            (nl[i], nn[i]) = nodes[i];
        }
        var bo = new long[buffers.Length];
        var bl = new long[buffers.Length];
        for (int i = 0; i < buffers.Length; i++)
        {
            (bo[i], bl[i]) = buffers[i];
        }
        int nodeVector = b.CreateLongPairVector(nl, nn);
        int bufferVector = b.CreateLongPairVector(bo, bl);
        int compression = 0;
        if (codec >= 0)
        {
            b.StartTable(2);
            b.AddByte(0, (byte)codec, 0xFF);
            compression = b.EndTable();
        }
        b.StartTable(5);
        b.AddInt64(0, length, -1);
        b.AddOffset(1, nodeVector);
        b.AddOffset(2, bufferVector);
        if (compression != 0)
        {
            b.AddOffset(3, compression);
        }
        return b.EndTable();
    }

    /// <summary>Frames metadata (and a body) as an encapsulated message; <paramref name="legacy"/> omits the continuation marker.</summary>
    public static void Frame(Stream output, byte[] metadata, ReadOnlySpan<byte> body = default, bool legacy = false)
    {
        int padded = (metadata.Length + 7) & ~7;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, 0xFFFFFFFF);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.Slice(4), padded);
        output.Write(legacy ? prefix.Slice(4) : prefix);
        output.Write(metadata);
        output.Write(new byte[padded - metadata.Length]);
        output.Write(body);
    }

    /// <summary>A stream with a one-Int32-column schema followed by <paramref name="rest"/>.</summary>
    public static byte[] Int32Stream(Action<Stream> rest)
    {
        var ms = new MemoryStream();
        Frame(ms, Message(IpcFormat.HeaderSchema, b => Schema(b, IpcFormat.TypeInt, Int32Type), 0));
        rest(ms);
        return ms.ToArray();
    }

    /// <summary>Rewrites a continuation-framed stream into the legacy (pre-0.15) framing.</summary>
    public static byte[] ToLegacyFraming(byte[] stream)
    {
        var output = new MemoryStream();
        int p = 0;
        while (p < stream.Length)
        {
            uint marker = BinaryPrimitives.ReadUInt32LittleEndian(stream.AsSpan(p));
            int length = BinaryPrimitives.ReadInt32LittleEndian(stream.AsSpan(p + 4));
            if (marker != 0xFFFFFFFF)
            {
                throw new InvalidDataException("expected a continuation marker");
            }
            output.Write(stream.AsSpan(p + 4, 4));
            p += 8;
            if (length == 0)
            {
                break;
            }
            FlatBufferTable message = FlatBufferTable.GetRoot(stream.AsSpan(p, length), "Message");
            long body = message.GetInt64(3, 0);
            output.Write(stream.AsSpan(p, length + (int)body));
            p += length + (int)body;
        }
        return output.ToArray();
    }
}
