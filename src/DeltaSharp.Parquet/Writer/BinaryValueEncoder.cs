using System;
using System.Buffers;
using System.Buffers.Binary;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// BYTE_ARRAY (<c>fixedWidth</c> 0) or FIXED_LEN_BYTE_ARRAY values. The dictionary is an open-addressing hash
/// table over the PLAIN bytes of its entries (no per-value allocation). Statistics keep copies of the current
/// min and max and truncate long BYTE_ARRAY bounds at the end of the chunk.
/// </summary>
internal sealed class BinaryValueEncoder : ValueEncoder
{
    private readonly int _fixedWidth;
    private readonly PooledByteBuffer _dictData = new(4096);
    private int[] _entryOffsets = ArrayPool<int>.Shared.Rent(256);
    private int[] _entryLengths = ArrayPool<int>.Shared.Rent(256);
    private int[] _buckets = new int[1024]; // entry index + 1; 0 = empty
    private int _entryCount;
    private byte[] _min = new byte[64];
    private byte[] _max = new byte[64];
    private int _minLength = -1;
    private int _maxLength = -1;

    public BinaryValueEncoder(LeafColumnPlan plan, ParquetWriterOptions options)
        : base(plan, options)
    {
        _fixedWidth = plan.PhysicalType == ParquetPhysicalType.FixedLenByteArray ? plan.TypeLength : 0;
    }

    public override int DictionaryCount => _entryCount;

    public override int DictionaryByteSize => _dictData.Length + (_fixedWidth == 0 ? 4 * _entryCount : 0);

    public override void Append(ArrayData values, ReadOnlySpan<int> slots)
    {
        Span<byte> scratch = stackalloc byte[32];
        bool stats = Options.WriteStatistics;
        foreach (int slot in slots)
        {
            ReadOnlySpan<byte> value = PhysicalValueReader.ReadBytes(values, Plan.ValueKind, _fixedWidth, slot, scratch);
            if (stats)
            {
                UpdateStatistics(value);
            }
            if (UsingDictionary)
            {
                AddIndex(FindOrAdd(value));
            }
            else
            {
                if (_fixedWidth == 0)
                {
                    PlainPage.WriteInt32LittleEndian(value.Length);
                }
                PlainPage.Write(value);
            }
        }
        PageValueCount += slots.Length;
    }

    private int FindOrAdd(ReadOnlySpan<byte> value)
    {
        int hash = Hash(value);
        int mask = _buckets.Length - 1;
        int bucket = hash & mask;
        while (true)
        {
            int entry = _buckets[bucket];
            if (entry == 0)
            {
                break;
            }
            int e = entry - 1;
            if (_dictData.WrittenSpan.Slice(_entryOffsets[e], _entryLengths[e]).SequenceEqual(value))
            {
                return e;
            }
            bucket = (bucket + 1) & mask;
        }
        int index = _entryCount;
        if (index == _entryOffsets.Length)
        {
            Grow(ref _entryOffsets);
            Grow(ref _entryLengths);
        }
        _entryOffsets[index] = _dictData.Length;
        _entryLengths[index] = value.Length;
        _dictData.Write(value);
        _entryCount++;
        _buckets[bucket] = index + 1;
        if (_entryCount * 2 > _buckets.Length)
        {
            Rehash();
        }
        return index;
    }

    private static int Hash(ReadOnlySpan<byte> value)
    {
        var hash = default(HashCode);
        hash.AddBytes(value);
        return hash.ToHashCode();
    }

    private void Rehash()
    {
        int[] buckets = new int[_buckets.Length * 2];
        int mask = buckets.Length - 1;
        ReadOnlySpan<byte> data = _dictData.WrittenSpan;
        for (int e = 0; e < _entryCount; e++)
        {
            int bucket = Hash(data.Slice(_entryOffsets[e], _entryLengths[e])) & mask;
            while (buckets[bucket] != 0)
            {
                bucket = (bucket + 1) & mask;
            }
            buckets[bucket] = e + 1;
        }
        _buckets = buckets;
    }

    private static void Grow(ref int[] array)
    {
        int[] next = ArrayPool<int>.Shared.Rent(array.Length * 2);
        array.AsSpan().CopyTo(next);
        ArrayPool<int>.Shared.Return(array);
        array = next;
    }

    private void UpdateStatistics(ReadOnlySpan<byte> value)
    {
        if (Plan.ValueKind == LeafValueKind.Float16 && Half.IsNaN(BinaryPrimitives.ReadHalfLittleEndian(value)))
        {
            return; // NaN is excluded from min/max, as for FLOAT/DOUBLE
        }
        if (_minLength < 0)
        {
            Store(ref _min, ref _minLength, value);
            Store(ref _max, ref _maxLength, value);
            return;
        }
        if (Compare(value, _min.AsSpan(0, _minLength)) < 0)
        {
            Store(ref _min, ref _minLength, value);
        }
        if (Compare(value, _max.AsSpan(0, _maxLength)) > 0)
        {
            Store(ref _max, ref _maxLength, value);
        }
    }

    private int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        switch (Plan.ValueKind)
        {
            case LeafValueKind.DecimalToFixed:
            {
                // Big-endian two's complement of equal width: the sign byte compares signed.
                int c = ((sbyte)a[0]).CompareTo((sbyte)b[0]);
                return c != 0 ? c : a[1..].SequenceCompareTo(b[1..]);
            }
            case LeafValueKind.Float16:
            {
                Half x = BinaryPrimitives.ReadHalfLittleEndian(a);
                Half y = BinaryPrimitives.ReadHalfLittleEndian(b);
                return x.CompareTo(y);
            }
            default:
                return a.SequenceCompareTo(b);
        }
    }

    private static void Store(ref byte[] target, ref int length, ReadOnlySpan<byte> value)
    {
        if (target.Length < value.Length)
        {
            target = new byte[Math.Max(value.Length, target.Length * 2)];
        }
        value.CopyTo(target);
        length = value.Length;
    }

    public override void WriteDictionary(PooledByteBuffer output)
    {
        ReadOnlySpan<byte> data = _dictData.WrittenSpan;
        if (_fixedWidth != 0)
        {
            output.Write(data);
            return;
        }
        for (int e = 0; e < _entryCount; e++)
        {
            output.WriteInt32LittleEndian(_entryLengths[e]);
            output.Write(data.Slice(_entryOffsets[e], _entryLengths[e]));
        }
    }

    public override ParquetStatistics? BuildStatistics(long nullCount)
    {
        if (!Options.WriteStatistics)
        {
            return null;
        }
        if (_minLength < 0)
        {
            return new ParquetStatistics { NullCount = nullCount };
        }
        byte[] min = _min.AsSpan(0, _minLength).ToArray();
        byte[] max = _max.AsSpan(0, _maxLength).ToArray();
        bool minExact = true;
        bool maxExact = true;
        if (_fixedWidth == 0 && Options.StatisticsTruncateLength is int limit)
        {
            if (min.Length > limit)
            {
                min = StatisticsTruncation.TruncateMin(min, limit, Plan.IsUtf8);
                minExact = false;
            }
            if (max.Length > limit)
            {
                byte[]? rounded = StatisticsTruncation.TruncateMax(max, limit, Plan.IsUtf8);
                if (rounded is null)
                {
                    // No shorter upper bound exists (all 0xFF / U+10FFFF): keep the exact value.
                }
                else
                {
                    max = rounded;
                    maxExact = false;
                }
            }
        }
        // Legacy min/max use signed byte order, which differs for BYTE_ARRAY: write only the new fields there.
        bool legacyOk = Plan.ValueKind is LeafValueKind.DecimalToFixed;
        return new ParquetStatistics
        {
            NullCount = nullCount,
            MinValue = min,
            MaxValue = max,
            LegacyMin = legacyOk ? min : null,
            LegacyMax = legacyOk ? max : null,
            IsMinValueExact = minExact,
            IsMaxValueExact = maxExact,
        };
    }

    public override void ResetChunk()
    {
        base.ResetChunk();
        _dictData.Clear();
        Array.Clear(_buckets);
        _entryCount = 0;
        _minLength = -1;
        _maxLength = -1;
    }

    public override void Dispose()
    {
        base.Dispose();
        _dictData.Dispose();
        if (_entryOffsets.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_entryOffsets);
            ArrayPool<int>.Shared.Return(_entryLengths);
            _entryOffsets = [];
            _entryLengths = [];
        }
    }
}
