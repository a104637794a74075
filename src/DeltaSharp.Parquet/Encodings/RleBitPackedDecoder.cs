using System;

namespace DeltaSharp.Parquet.Encodings;

/// <summary>
/// Decoder of the RLE/bit-packed hybrid encoding (levels, dictionary indices, RLE booleans) without a length prefix.
/// Reads over a span; every run header and run body is bounds-checked.
/// </summary>
internal ref struct RleBitPackedDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _bitWidth;
    private readonly int _byteWidth;
    private int _position;
    private int _rleRemaining;
    private int _rleValue;
    private int _packedRemaining;
    private int _packedBitStart;
    private int _packedRunBytePos;

    public RleBitPackedDecoder(ReadOnlySpan<byte> data, int bitWidth)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new ParquetFormatException($"RLE bit width {bitWidth} is outside 0..32");
        }
        _data = data;
        _bitWidth = bitWidth;
        _byteWidth = (bitWidth + 7) / 8;
        _position = 0;
        _rleRemaining = 0;
        _rleValue = 0;
        _packedRemaining = 0;
        _packedBitStart = 0;
        _packedRunBytePos = 0;
    }

    /// <summary>Fills <paramref name="destination"/> completely or throws when the data ends first.</summary>
    public void ReadExactly(Span<int> destination)
    {
        int written = 0;
        while (written < destination.Length)
        {
            if (_rleRemaining > 0)
            {
                int n = Math.Min(_rleRemaining, destination.Length - written);
                destination.Slice(written, n).Fill(_rleValue);
                written += n;
                _rleRemaining -= n;
                continue;
            }
            if (_packedRemaining > 0)
            {
                int n = Math.Min(_packedRemaining, destination.Length - written);
                BitUnpacker.Unpack32(_data[_packedRunBytePos..], _packedBitStart, _bitWidth, destination.Slice(written, n));
                written += n;
                _packedRemaining -= n;
                _packedBitStart += n * _bitWidth;
                continue;
            }
            if (!NextRun())
            {
                throw new ParquetFormatException($"RLE/bit-packed data ends after {written} of {destination.Length} values");
            }
        }
    }

    private bool NextRun()
    {
        if (_position >= _data.Length)
        {
            return false;
        }
        ulong header = ReadVarint();
        if ((header & 1) == 0)
        {
            ulong count = header >> 1;
            if (count == 0 || count > int.MaxValue)
            {
                throw new ParquetFormatException($"RLE run length {count} is invalid");
            }
            if (_data.Length - _position < _byteWidth)
            {
                throw new ParquetFormatException("RLE run value is truncated");
            }
            int value = 0;
            for (int i = 0; i < _byteWidth; i++)
            {
                value |= _data[_position + i] << (8 * i);
            }
            _position += _byteWidth;
            if (_bitWidth < 32 && (uint)value >= 1u << _bitWidth)
            {
                throw new ParquetFormatException($"RLE run value {value} does not fit in {_bitWidth} bits");
            }
            _rleValue = value;
            _rleRemaining = (int)count;
            return true;
        }
        ulong groups = header >> 1;
        if (groups == 0 || groups > int.MaxValue / 8)
        {
            throw new ParquetFormatException($"bit-packed run of {groups} groups is invalid");
        }
        long bytes = (long)groups * _bitWidth;
        int available = _data.Length - _position;
        long values = (long)groups * 8;
        if (bytes > available)
        {
            // The final run may be cut short: only whole values present can be read.
            values = _bitWidth == 0 ? values : ((long)available * 8) / _bitWidth;
            bytes = available;
        }
        _packedRunBytePos = _position;
        _packedBitStart = 0;
        _packedRemaining = (int)values;
        _position += (int)bytes;
        if (_packedRemaining == 0)
        {
            throw new ParquetFormatException("bit-packed run is truncated");
        }
        return true;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new ParquetFormatException("RLE run header is truncated");
            }
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ParquetFormatException("RLE run header varint is too long");
    }
}
