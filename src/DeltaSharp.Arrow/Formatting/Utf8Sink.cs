using System;
using System.Buffers;
using System.IO;
using System.Text;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>A UTF-8 output buffer (pooled) that flushes to a stream, a text writer or a buffer writer.</summary>
internal sealed class Utf8Sink : IDisposable
{
    private readonly Stream? _stream;
    private readonly TextWriter? _text;
    private readonly IBufferWriter<byte>? _bufferWriter;
    private byte[] _buffer;
    private char[]? _chars;
    private int _position;

    public Utf8Sink(Stream stream)
        : this() => _stream = stream;

    public Utf8Sink(TextWriter text)
        : this() => _text = text;

    public Utf8Sink(IBufferWriter<byte> bufferWriter)
        : this() => _bufferWriter = bufferWriter;

    private Utf8Sink() => _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    public int BufferedBytes => _position;

    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _position < size)
        {
            Flush();
            if (_buffer.Length < size)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(size);
            }
        }
        return _buffer.AsSpan(_position);
    }

    public void Advance(int count) => _position += count;

    public void WriteByte(byte value)
    {
        if (_position == _buffer.Length)
        {
            Flush();
        }
        _buffer[_position++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _position)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                WriteThrough(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    /// <summary>Writes text as UTF-8.</summary>
    public void Write(ReadOnlySpan<char> text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 4096)
        {
            Span<byte> span = GetSpan(max);
            _position += Encoding.UTF8.GetBytes(text, span);
            return;
        }
        Write(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public void Flush()
    {
        if (_position == 0)
        {
            return;
        }
        WriteThrough(_buffer.AsSpan(0, _position));
        _position = 0;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        ArrayPool<byte>.Shared.Return(buffer);
        if (_chars is not null)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = null;
        }
    }

    private void WriteThrough(ReadOnlySpan<byte> bytes)
    {
        if (_stream is not null)
        {
            _stream.Write(bytes);
        }
        else if (_bufferWriter is not null)
        {
            bytes.CopyTo(_bufferWriter.GetSpan(bytes.Length));
            _bufferWriter.Advance(bytes.Length);
        }
        else
        {
            int needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
            if (_chars is null || _chars.Length < needed)
            {
                if (_chars is not null)
                {
                    ArrayPool<char>.Shared.Return(_chars);
                }
                _chars = ArrayPool<char>.Shared.Rent(needed);
            }
            int count = Encoding.UTF8.GetChars(bytes, _chars);
            _text!.Write(_chars, 0, count);
        }
    }
}
