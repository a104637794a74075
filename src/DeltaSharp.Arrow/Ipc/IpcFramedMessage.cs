using System;
using System.Buffers.Binary;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// Assembles encapsulated messages (continuation marker, metadata length, flatbuffer padded to 8 bytes, body) in
/// one reusable byte buffer, so that a message is written with a single Stream call. Not thread-safe.
/// </summary>
internal sealed class IpcFramedMessage
{
    private byte[] _buffer = new byte[4096];

    /// <summary>The framed bytes of the last <see cref="Frame"/> call.</summary>
    public ReadOnlyMemory<byte> Bytes { get; private set; }

    /// <summary>Prefix plus padded flatbuffer length (File.fbs Block.metaDataLength).</summary>
    public int MetadataLength { get; private set; }

    /// <summary>Body length of the last framed message.</summary>
    public long BodyLength { get; private set; }

    public void Frame(byte[] flatbuffer, RecordBatchBodyEncoder? body)
    {
        int padded = (flatbuffer.Length + 7) & ~7;
        long bodyLength = body?.BodyLength ?? 0;
        long total = 8 + padded + bodyLength;
        if (total > Array.MaxLength)
        {
            throw new NotSupportedException($"An Arrow IPC message of {total} bytes is too large for one write; split the batch.");
        }
        if (_buffer.Length < total)
        {
            _buffer = new byte[Math.Max(total, Math.Min(Array.MaxLength, (long)_buffer.Length * 2))];
        }
        Span<byte> span = _buffer.AsSpan(0, (int)total);
        BinaryPrimitives.WriteUInt32LittleEndian(span, IpcFormat.Continuation);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(4), padded);
        flatbuffer.CopyTo(span.Slice(8));
        span.Slice(8 + flatbuffer.Length, padded - flatbuffer.Length).Clear();
        body?.WriteBody(span.Slice(8 + padded));
        Bytes = _buffer.AsMemory(0, (int)total);
        MetadataLength = 8 + padded;
        BodyLength = bodyLength;
    }
}
