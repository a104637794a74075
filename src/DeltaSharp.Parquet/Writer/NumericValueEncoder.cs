using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Values of INT32/FLOAT (<typeparamref name="T"/> = int, floats as their bits) or INT64/DOUBLE
/// (<typeparamref name="T"/> = long). Dictionary keys are the raw bits, so NaN payloads and -0.0 stay distinct.
/// </summary>
internal sealed class NumericValueEncoder<T> : ValueEncoder
    where T : unmanaged, IEquatable<T>
{
    private readonly Dictionary<T, int> _lookup = [];
    private readonly List<T> _dictionary = [];
    private readonly bool _isFloat;
    private T[] _scratch = ArrayPool<T>.Shared.Rent(1024);
    private bool _hasStats;
    private T _min;
    private T _max;

    public NumericValueEncoder(LeafColumnPlan plan, ParquetWriterOptions options)
        : base(plan, options)
    {
        _isFloat = plan.ValueKind is LeafValueKind.Float or LeafValueKind.Double;
    }

    public override int DictionaryCount => _dictionary.Count;

    public override int DictionaryByteSize => _dictionary.Count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    public override void Append(ArrayData values, ReadOnlySpan<int> slots)
    {
        if (_scratch.Length < slots.Length)
        {
            ArrayPool<T>.Shared.Return(_scratch);
            _scratch = ArrayPool<T>.Shared.Rent(slots.Length);
        }
        Span<T> converted = _scratch.AsSpan(0, slots.Length);
        if (typeof(T) == typeof(int))
        {
            PhysicalValueReader.ReadInt32(values, Plan.ValueKind, slots, MemoryMarshal.Cast<T, int>(converted));
        }
        else
        {
            PhysicalValueReader.ReadInt64(values, Plan.ValueKind, slots, MemoryMarshal.Cast<T, long>(converted));
        }
        if (Options.WriteStatistics)
        {
            UpdateStatistics(converted);
        }
        if (UsingDictionary)
        {
            foreach (T value in converted)
            {
                if (!_lookup.TryGetValue(value, out int index))
                {
                    index = _dictionary.Count;
                    _lookup.Add(value, index);
                    _dictionary.Add(value);
                }
                AddIndex(index);
            }
        }
        else
        {
            PlainPage.Write(MemoryMarshal.AsBytes((ReadOnlySpan<T>)converted));
        }
        PageValueCount += slots.Length;
    }

    private void UpdateStatistics(ReadOnlySpan<T> values)
    {
        foreach (T value in values)
        {
            if (_isFloat && IsNaN(value))
            {
                continue;
            }
            if (!_hasStats)
            {
                _min = value;
                _max = value;
                _hasStats = true;
                continue;
            }
            if (Less(value, _min))
            {
                _min = value;
            }
            if (Less(_max, value))
            {
                _max = value;
            }
        }
    }

    private static bool IsNaN(T value) => typeof(T) == typeof(int)
        ? float.IsNaN(BitConverter.Int32BitsToSingle((int)(object)value))
        : double.IsNaN(BitConverter.Int64BitsToDouble((long)(object)value));

    private bool Less(T a, T b)
    {
        if (typeof(T) == typeof(int))
        {
            int x = (int)(object)a;
            int y = (int)(object)b;
            if (_isFloat)
            {
                return BitConverter.Int32BitsToSingle(x) < BitConverter.Int32BitsToSingle(y);
            }
            return Plan.UnsignedOrder ? (uint)x < (uint)y : x < y;
        }
        long p = (long)(object)a;
        long q = (long)(object)b;
        if (_isFloat)
        {
            return BitConverter.Int64BitsToDouble(p) < BitConverter.Int64BitsToDouble(q);
        }
        return Plan.UnsignedOrder ? (ulong)p < (ulong)q : p < q;
    }

    public override void WriteDictionary(PooledByteBuffer output) =>
        output.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_dictionary)));

    public override ParquetStatistics? BuildStatistics(long nullCount)
    {
        if (!Options.WriteStatistics)
        {
            return null;
        }
        if (!_hasStats)
        {
            return new ParquetStatistics { NullCount = nullCount };
        }
        T min = _min;
        T max = _max;
        if (_isFloat)
        {
            // Parquet: a zero min is written as -0.0 and a zero max as +0.0.
            if (typeof(T) == typeof(int))
            {
                if (BitConverter.Int32BitsToSingle((int)(object)min) == 0f)
                {
                    min = (T)(object)BitConverter.SingleToInt32Bits(-0f);
                }
                if (BitConverter.Int32BitsToSingle((int)(object)max) == 0f)
                {
                    max = (T)(object)0;
                }
            }
            else
            {
                if (BitConverter.Int64BitsToDouble((long)(object)min) == 0d)
                {
                    min = (T)(object)BitConverter.DoubleToInt64Bits(-0d);
                }
                if (BitConverter.Int64BitsToDouble((long)(object)max) == 0d)
                {
                    max = (T)(object)0L;
                }
            }
        }
        byte[] minBytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in min)).ToArray();
        byte[] maxBytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in max)).ToArray();
        bool legacyOk = !Plan.UnsignedOrder;
        return new ParquetStatistics
        {
            NullCount = nullCount,
            MinValue = minBytes,
            MaxValue = maxBytes,
            LegacyMin = legacyOk ? minBytes : null,
            LegacyMax = legacyOk ? maxBytes : null,
            IsMinValueExact = true,
            IsMaxValueExact = true,
        };
    }

    public override void ResetChunk()
    {
        base.ResetChunk();
        _lookup.Clear();
        _dictionary.Clear();
        _hasStats = false;
    }

    public override void Dispose()
    {
        base.Dispose();
        if (_scratch.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_scratch);
            _scratch = [];
        }
    }
}
