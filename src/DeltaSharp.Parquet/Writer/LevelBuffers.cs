using System;
using System.Buffers;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Definition/repetition levels of one leaf for one batch plus the absolute indices (into
/// <see cref="ValuesArray"/>'s buffers) of its non-null values, in order. Pooled; reused across batches.
/// </summary>
internal sealed class LevelBuffers : IDisposable
{
    private short[] _def = ArrayPool<short>.Shared.Rent(1024);
    private short[] _rep = ArrayPool<short>.Shared.Rent(1024);
    private int[] _values = ArrayPool<int>.Shared.Rent(1024);

    public int LevelCount { get; private set; }

    public int ValueCount { get; private set; }

    /// <summary>The array whose slots <see cref="Values"/> index (the leaf, or the dictionary of a dictionary leaf).</summary>
    public DeltaSharp.Arrow.ArrayData? ValuesArray { get; set; }

    public ReadOnlySpan<short> Definition => _def.AsSpan(0, LevelCount);

    public ReadOnlySpan<short> Repetition => _rep.AsSpan(0, LevelCount);

    public ReadOnlySpan<int> Values => _values.AsSpan(0, ValueCount);

    public void Reset()
    {
        LevelCount = 0;
        ValueCount = 0;
        ValuesArray = null;
    }

    public void AddLevel(short def, short rep)
    {
        if (LevelCount == _def.Length)
        {
            Grow(ref _def);
            Grow(ref _rep);
        }
        _def[LevelCount] = def;
        _rep[LevelCount] = rep;
        LevelCount++;
    }

    public void AddValue(int index)
    {
        if (ValueCount == _values.Length)
        {
            Grow(ref _values);
        }
        _values[ValueCount++] = index;
    }

    /// <summary>Reserves room for <paramref name="levels"/> more levels and <paramref name="values"/> more values.</summary>
    public void EnsureCapacity(int levels, int values)
    {
        while (_def.Length < LevelCount + levels)
        {
            Grow(ref _def);
            Grow(ref _rep);
        }
        while (_values.Length < ValueCount + values)
        {
            Grow(ref _values);
        }
    }

    public Span<short> DefinitionTail(int count) => _def.AsSpan(LevelCount, count);

    public Span<short> RepetitionTail(int count) => _rep.AsSpan(LevelCount, count);

    public Span<int> ValuesTail(int count) => _values.AsSpan(ValueCount, count);

    public void CommitBulk(int levels, int values)
    {
        LevelCount += levels;
        ValueCount += values;
    }

    private static void Grow<T>(ref T[] array)
    {
        T[] next = ArrayPool<T>.Shared.Rent(Math.Max(array.Length * 2, 1024));
        array.AsSpan().CopyTo(next);
        ArrayPool<T>.Shared.Return(array);
        array = next;
    }

    public void Dispose()
    {
        ArrayPool<short>.Shared.Return(_def);
        ArrayPool<short>.Shared.Return(_rep);
        ArrayPool<int>.Shared.Return(_values);
        _def = [];
        _rep = [];
        _values = [];
    }
}
