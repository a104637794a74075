using System;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>BOOLEAN values: PLAIN bit-packed (LSB first); no dictionary.</summary>
internal sealed class BooleanValueEncoder : ValueEncoder
{
    private int _bitCount;
    private byte _current;
    private bool _seenFalse;
    private bool _seenTrue;

    public BooleanValueEncoder(LeafColumnPlan plan, ParquetWriterOptions options)
        : base(plan, options)
    {
    }

    public override int DictionaryCount => 0;

    public override int DictionaryByteSize => 0;

    public override void Append(ArrayData values, ReadOnlySpan<int> slots)
    {
        ReadOnlySpan<byte> bits = values.GetBuffer(1).Span;
        foreach (int slot in slots)
        {
            bool value = (bits[slot >> 3] & (1 << (slot & 7))) != 0;
            if (value)
            {
                _seenTrue = true;
                _current |= (byte)(1 << _bitCount);
            }
            else
            {
                _seenFalse = true;
            }
            if (++_bitCount == 8)
            {
                PlainPage.WriteByte(_current);
                _current = 0;
                _bitCount = 0;
            }
        }
        PageValueCount += slots.Length;
    }

    /// <summary>Appends the pending partial byte so the page holds every value.</summary>
    protected override void CompletePage()
    {
        if (_bitCount != 0)
        {
            PlainPage.WriteByte(_current);
            _current = 0;
            _bitCount = 0;
        }
    }

    public override void WriteDictionary(PooledByteBuffer output) =>
        throw new InvalidOperationException("Booleans have no dictionary.");

    public override ParquetStatistics? BuildStatistics(long nullCount)
    {
        if (!Options.WriteStatistics)
        {
            return null;
        }
        if (!_seenFalse && !_seenTrue)
        {
            return new ParquetStatistics { NullCount = nullCount };
        }
        byte[] min = [_seenFalse ? (byte)0 : (byte)1];
        byte[] max = [_seenTrue ? (byte)1 : (byte)0];
        return new ParquetStatistics
        {
            NullCount = nullCount, MinValue = min, MaxValue = max, LegacyMin = min, LegacyMax = max,
            IsMinValueExact = true, IsMaxValueExact = true,
        };
    }

    public override void ResetChunk()
    {
        base.ResetChunk();
        _seenFalse = false;
        _seenTrue = false;
        _bitCount = 0;
        _current = 0;
    }
}
