using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds struct arrays: call <see cref="Append"/> for a non-null row and append one value to every field builder;
/// <see cref="AppendNull"/> appends a null to every field itself.
/// </summary>
public sealed class StructBuilder : ArrowArrayBuilder
{
    private readonly ArrowArrayBuilder[] _fields;
    private readonly ValidityBuilder _validity;

    /// <summary>Creates a struct builder with one child builder per field.</summary>
    public StructBuilder(StructType type, ArrowAllocator? allocator = null)
        : base(type, allocator)
    {
        StructType = type;
        _fields = new ArrowArrayBuilder[type.Fields.Count];
        try
        {
            for (int i = 0; i < _fields.Length; i++)
            {
                _fields[i] = Create(type.Fields[i].DataType, Allocator);
            }
        }
        catch
        {
            foreach (ArrowArrayBuilder? b in _fields)
            {
                b?.Dispose();
            }
            throw;
        }
        _validity = new ValidityBuilder(Allocator);
    }

    /// <summary>The struct type.</summary>
    public StructType StructType { get; }

    /// <summary>The field builders (owned by this builder).</summary>
    public IReadOnlyList<ArrowArrayBuilder> Fields => _fields;

    /// <inheritdoc />
    public override int Length => _validity.Length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>The builder of field <paramref name="index"/>, cast to <typeparamref name="TBuilder"/>.</summary>
    public TBuilder GetFieldBuilder<TBuilder>(int index)
        where TBuilder : ArrowArrayBuilder => (TBuilder)_fields[index];

    /// <summary>Appends a non-null row; append one value to each field builder.</summary>
    public void Append() => _validity.AppendValid();

    /// <summary>Appends <paramref name="count"/> non-null rows; append that many values to each field.</summary>
    public void AppendValid(int count) => _validity.AppendRun(true, count);

    /// <inheritdoc />
    public override void AppendNull()
    {
        _validity.AppendNull();
        foreach (ArrowArrayBuilder f in _fields)
        {
            f.AppendNull();
        }
    }

    /// <inheritdoc />
    public override void AppendNulls(int count)
    {
        _validity.AppendRun(false, count);
        foreach (ArrowArrayBuilder f in _fields)
        {
            f.AppendNulls(count);
        }
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        StructArray array = (StructArray)source;
        if (array.IsNull(index))
        {
            AppendNull();
            return;
        }
        Append();
        int slot = array.GetFieldSlot(index);
        for (int f = 0; f < _fields.Length; f++)
        {
            _fields[f].AppendFrom(array.GetField(f), slot);
        }
    }

    private protected override void AppendRangeFromCore(ArrowArray source, int start, int count)
    {
        StructArray array = (StructArray)source;
        if (array.Data.ValidityBuffer is { } validity)
        {
            _validity.AppendBits(validity.Span, array.Offset + start, count);
        }
        else
        {
            _validity.AppendRun(true, count);
        }
        for (int f = 0; f < _fields.Length; f++)
        {
            _fields[f].AppendRangeFrom(array.GetField(f), array.Offset + start, count);
        }
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override StructArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        int length = _validity.Length;
        for (int i = 0; i < _fields.Length; i++)
        {
            if (_fields[i].Length != length)
            {
                throw new InvalidOperationException($"Struct has {length} rows but field '{StructType.Fields[i].Name}' has {_fields[i].Length} values.");
            }
        }
        ArrayData[] children = new ArrayData[_fields.Length];
        for (int i = 0; i < children.Length; i++)
        {
            children[i] = _fields[i].BuildData();
        }
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        return new ArrayData(Type, length, nullCount, 0, [validity], children);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _validity.Clear();
        foreach (ArrowArrayBuilder f in _fields)
        {
            f.Clear();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _validity.Dispose();
        foreach (ArrowArrayBuilder f in _fields)
        {
            f.Dispose();
        }
    }
}
