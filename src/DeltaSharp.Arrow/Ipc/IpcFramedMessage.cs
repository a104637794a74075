using System;
using System.Buffers.Binary;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Assembles the head of encapsulated messages (continuation marker, metadata length, flatbuffer padded to 8
/// bytes) in one reusable byte buffer; the body follows, written by <see cref="RecordBatchBodyEncoder"/>.
/// Not thread-safe.
/// </summary>
internal sealed class IpcFramedMessage
{
    private byte[] _buffer = new byte[4096];

    /// <summary>The message head (prefix and padded metadata) of the last <see cref="Frame"/> call.</summary>
    public ReadOnlyMemory<byte> Bytes { get; private set; }

    /// <summary>Prefix plus padded flatbuffer length (File.fbs Block.metaDataLength).</summary>
    public int MetadataLength { get; private set; }

    /// <summary>Body length of the last framed message.</summary>
    public long BodyLength { get; private set; }

    public void Frame(byte[] flatbuffer, RecordBatchBodyEncoder? body)
    {
        int padded = (flatbuffer.Length + 7) & ~7;
        int total = 8 + padded;
        if (_buffer.Length < total)
        {
            _buffer = new byte[Math.Max(total, _buffer.Length * 2)];
        }
        Span<byte> span = _buffer.AsSpan(0, total);
        BinaryPrimitives.WriteUInt32LittleEndian(span, IpcFormat.Continuation);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(4), padded);
        flatbuffer.CopyTo(span.Slice(8));
        span.Slice(8 + flatbuffer.Length, padded - flatbuffer.Length).Clear();
        Bytes = _buffer.AsMemory(0, total);
        MetadataLength = total;
        BodyLength = body?.BodyLength ?? 0;
    }
}
