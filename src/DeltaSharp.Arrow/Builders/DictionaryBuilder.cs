using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds dictionary-encoded arrays: append the dictionary's values to <see cref="Dictionary"/> and the slots'
/// indices with <see cref="AppendIndex"/> / <see cref="AppendIndices"/>. Indices are checked against the dictionary
/// length at build time.
/// </summary>
public sealed class DictionaryBuilder : ArrowArrayBuilder
{
    private readonly ArrowBufferBuilder _indices;
    private readonly ValidityBuilder _validity;
    private readonly int _indexWidth;
    private long _maxIndex = -1;
    private List<(ArrayData Data, long Start)>? _sourceDictionaries;

    /// <summary>Creates a dictionary builder.</summary>
    public DictionaryBuilder(DictionaryType type, ArrowAllocator? allocator = null)
        : base(type, allocator)
    {
        DictionaryType = type;
        _indexWidth = type.IndexType.BitWidth / 8;
        Dictionary = Create(type.ValueType, Allocator);
        _indices = new ArrowBufferBuilder(Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <summary>The dictionary type.</summary>
    public DictionaryType DictionaryType { get; }

    /// <summary>The builder of the dictionary values (owned by this builder).</summary>
    public ArrowArrayBuilder Dictionary { get; }

    /// <inheritdoc />
    public override int Length => _validity.Length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends a slot referring to dictionary entry <paramref name="index"/>.</summary>
    public void AppendIndex(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        WriteIndex(index);
        _validity.AppendValid();
    }

    /// <summary>Appends one valid slot per index.</summary>
    public void AppendIndices(ReadOnlySpan<int> indices)
    {
        foreach (int index in indices)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));
            WriteIndex(index);
        }
        _validity.AppendRun(true, indices.Length);
    }

    /// <inheritdoc />
    public override void AppendNull()
    {
        _indices.AppendZeros(_indexWidth);
        _validity.AppendNull();
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        DictionaryArray array = (DictionaryArray)source;
        if (array.IsNull(index))
        {
            AppendNull();
            return;
        }
        AppendIndex(DictionaryBaseFor(array) + array.GetIndex(index));
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override DictionaryArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        if (_maxIndex >= Dictionary.Length)
        {
            throw new InvalidOperationException($"Index {_maxIndex} is outside the dictionary of {Dictionary.Length} values.");
        }
        int length = _validity.Length;
        ArrayData dictionary = Dictionary.BuildData();
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        ArrowBuffer indices = _indices.Build();
        _maxIndex = -1;
        _sourceDictionaries = null;
        return new ArrayData(Type, length, nullCount, 0, [validity, indices], null, dictionary);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _indices.Clear();
        _validity.Clear();
        Dictionary.Clear();
        _maxIndex = -1;
        _sourceDictionaries = null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _indices.Dispose();
        _validity.Dispose();
        Dictionary.Dispose();
    }

    /// <summary>Where the source's dictionary starts in this builder's dictionary (copied in on first use).</summary>
    private long DictionaryBaseFor(DictionaryArray source)
    {
        ArrayData dictionary = source.Data.Dictionary!;
        if (_sourceDictionaries is not null)
        {
            foreach ((ArrayData data, long start) in _sourceDictionaries)
            {
                if (ReferenceEquals(data, dictionary))
                {
                    return start;
                }
            }
        }
        long baseIndex = Dictionary.Length;
        Dictionary.AppendRangeFrom(source.Dictionary, 0, source.Dictionary.Length);
        (_sourceDictionaries ??= []).Add((dictionary, baseIndex));
        return baseIndex;
    }

    private void WriteIndex(long index)
    {
        IntegerType t = DictionaryType.IndexType;
        long max = t.BitWidth == 64 ? long.MaxValue : (t.IsSigned ? (1L << (t.BitWidth - 1)) - 1 : (1L << t.BitWidth) - 1);
        if (index > max)
        {
            throw new OverflowException($"Index {index} does not fit {t}.");
        }
        switch (_indexWidth)
        {
            case 1:
                _indices.Append((byte)index);
                break;
            case 2:
                _indices.Append((ushort)index);
                break;
            case 4:
                _indices.Append((uint)index);
                break;
            default:
                _indices.Append(index);
                break;
        }
        if (index > _maxIndex)
        {
            _maxIndex = index;
        }
    }
}
