using System;
using System.Buffers;
using System.Buffers.Binary;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// A growable byte buffer over <see cref="ArrayPool{T}"/> memory. Not thread-safe. Dispose returns the array to
/// the pool; the written span must not be used afterwards.
/// </summary>
internal sealed class PooledByteBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledByteBuffer(int initialCapacity = 256)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialCapacity));
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The written bytes.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    /// <summary>The written bytes as memory (valid until the next write or dispose).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <summary>Forgets the contents, keeping the capacity.</summary>
    public void Clear() => _length = 0;

    public void Advance(int count)
    {
        if (count < 0 || _length + count > _array.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _array.AsSpan(_length);
    }

    public void WriteByte(byte value)
    {
        if (_length == _array.Length)
        {
            EnsureCapacity(1);
        }
        _array[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteInt32LittleEndian(int value)
    {
        EnsureCapacity(4);
        BinaryPrimitives.WriteInt32LittleEndian(_array.AsSpan(_length), value);
        _length += 4;
    }

    /// <summary>Overwrites four bytes at <paramref name="position"/> (a placeholder written earlier).</summary>
    public void PatchInt32LittleEndian(int position, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(_array.AsSpan(position, 4), value);

    public void WriteUnsignedVarInt(ulong value)
    {
        EnsureCapacity(10);
        while (value >= 0x80)
        {
            _array[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _array[_length++] = (byte)value;
    }

    public void EnsureCapacity(int additional)
    {
        long needed = (long)_length + additional;
        if (needed <= _array.Length)
        {
            return;
        }
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException("A Parquet writer buffer would exceed 2 GiB; lower the page or row group size.");
        }
        long newSize = Math.Max(needed, Math.Min((long)_array.Length * 2, Array.MaxLength));
        byte[] next = ArrayPool<byte>.Shared.Rent((int)newSize);
        _array.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_array);
        _array = next;
    }

    public void Dispose()
    {
        byte[] array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
