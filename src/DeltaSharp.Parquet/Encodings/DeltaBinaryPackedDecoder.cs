using System;

namespace DeltaSharp.Parquet.Encodings;

/// <summary>Decoder of DELTA_BINARY_PACKED integers. Arithmetic wraps (two's complement) as the spec requires;
/// every header and miniblock is bounds-checked.</summary>
internal ref struct DeltaBinaryPackedDecoder
{
    private const int MaxValuesPerBlock = 1 << 20;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private readonly int _blockSize;
    private readonly int _miniBlocks;
    private readonly int _valuesPerMiniBlock;

    public DeltaBinaryPackedDecoder(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        ulong blockSize = ReadVarint();
        ulong miniBlocks = ReadVarint();
        ulong total = ReadVarint();
        long first = ReadZigZag();
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > MaxValuesPerBlock)
        {
            throw new ParquetFormatException($"DELTA_BINARY_PACKED block size {blockSize} is not a positive multiple of 128");
        }
        if (miniBlocks == 0 || blockSize % miniBlocks != 0 || (blockSize / miniBlocks) % 32 != 0)
        {
            throw new ParquetFormatException($"DELTA_BINARY_PACKED has {miniBlocks} miniblocks per block of {blockSize}");
        }
        if (total > int.MaxValue)
        {
            throw new ParquetFormatException($"DELTA_BINARY_PACKED declares {total} values");
        }
        _blockSize = (int)blockSize;
        _miniBlocks = (int)miniBlocks;
        _valuesPerMiniBlock = _blockSize / _miniBlocks;
        TotalValues = (int)total;
        FirstValue = first;
    }

    public int TotalValues { get; }

    public long FirstValue { get; }

    /// <summary>Bytes consumed so far (after <see cref="Decode"/>: the end of the encoded block data).</summary>
    public readonly int Position => _position;

    /// <summary>Decodes the first <paramref name="destination"/>.Length values (at most <see cref="TotalValues"/>)
    /// and positions the reader after the encoded data of all <see cref="TotalValues"/> values.</summary>
    public void Decode(Span<long> destination)
    {
        if (destination.Length > TotalValues)
        {
            throw new ParquetFormatException($"DELTA_BINARY_PACKED holds {TotalValues} values but {destination.Length} are needed");
        }
        int total = TotalValues;
        if (total == 0)
        {
            return;
        }
        long previous = FirstValue;
        if (destination.Length > 0)
        {
            destination[0] = previous;
        }
        int produced = 1;
        Span<byte> widths = stackalloc byte[_miniBlocks];
        Span<long> scratch = _valuesPerMiniBlock <= 4096 ? stackalloc long[_valuesPerMiniBlock] : new long[_valuesPerMiniBlock];
        while (produced < total)
        {
            long minDelta = ReadZigZag();
            if (_data.Length - _position < _miniBlocks)
            {
                // Writers may omit widths of trailing empty miniblocks only together with their data; the width
                // bytes themselves are always present.
                throw new ParquetFormatException("DELTA_BINARY_PACKED miniblock widths are truncated");
            }
            _data.Slice(_position, _miniBlocks).CopyTo(widths);
            _position += _miniBlocks;
            for (int m = 0; m < _miniBlocks && produced < total; m++)
            {
                int width = widths[m];
                if (width > 64)
                {
                    throw new ParquetFormatException($"DELTA_BINARY_PACKED miniblock bit width {width} exceeds 64");
                }
                int bytes = _valuesPerMiniBlock / 8 * width;
                if (_data.Length - _position < bytes)
                {
                    throw new ParquetFormatException("DELTA_BINARY_PACKED miniblock is truncated");
                }
                int n = Math.Min(_valuesPerMiniBlock, total - produced);
                Span<long> deltas = scratch[..n];
                BitUnpacker.Unpack64(_data.Slice(_position, bytes), width, deltas);
                _position += bytes;
                int limit = Math.Min(n, destination.Length - produced);
                for (int i = 0; i < n; i++)
                {
                    previous = unchecked(previous + minDelta + deltas[i]);
                    if (i < limit)
                    {
                        destination[produced + i] = previous;
                    }
                }
                produced += n;
            }
        }
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new ParquetFormatException("DELTA_BINARY_PACKED header is truncated");
            }
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ParquetFormatException("DELTA_BINARY_PACKED varint is too long");
    }

    private long ReadZigZag()
    {
        ulong v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}
