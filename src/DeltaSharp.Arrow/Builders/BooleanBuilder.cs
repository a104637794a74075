using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Builds boolean arrays (bit-packed values).</summary>
public sealed class BooleanBuilder : ArrowArrayBuilder
{
    private readonly BitmapBuilder _values;
    private readonly ValidityBuilder _validity;

    /// <summary>Creates a boolean builder.</summary>
    public BooleanBuilder(ArrowAllocator? allocator = null)
        : base(ArrowType.Boolean, allocator)
    {
        _values = new BitmapBuilder(Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <inheritdoc />
    public override int Length => _values.Length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends one value.</summary>
    public void Append(bool value)
    {
        _values.Append(value);
        _validity.AppendValid();
    }

    /// <summary>Appends a value or a null.</summary>
    public void Append(bool? value)
    {
        if (value.HasValue)
        {
            Append(value.GetValueOrDefault());
        }
        else
        {
            AppendNull();
        }
    }

    /// <summary>Appends valid values.</summary>
    public void AppendRange(ReadOnlySpan<bool> values)
    {
        _values.AppendRange(values);
        _validity.AppendRun(true, values.Length);
    }

    /// <summary>Appends <paramref name="count"/> valid values copied from an LSB-first bitmap.</summary>
    public void AppendBits(ReadOnlySpan<byte> bitmap, int bitOffset, int count)
    {
        _values.AppendBits(bitmap, bitOffset, count);
        _validity.AppendRun(true, count);
    }

    /// <inheritdoc />
    public override void AppendNull()
    {
        _values.Append(false);
        _validity.AppendNull();
    }

    /// <inheritdoc />
    public override void AppendNulls(int count)
    {
        _values.AppendRun(false, count);
        _validity.AppendRun(false, count);
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        BooleanArray array = (BooleanArray)source;
        if (array.IsValid(index))
        {
            Append(array.GetValue(index));
        }
        else
        {
            AppendNull();
        }
    }

    private protected override void AppendRangeFromCore(ArrowArray source, int start, int count)
    {
        BooleanArray array = (BooleanArray)source;
        _values.AppendBits(array.ValueBitmap, array.Offset + start, count);
        if (array.Data.ValidityBuffer is { } validity)
        {
            _validity.AppendBits(validity.Span, array.Offset + start, count);
        }
        else
        {
            _validity.AppendRun(true, count);
        }
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override BooleanArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        int length = _values.Length;
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        ArrowBuffer values = _values.Build();
        return new ArrayData(Type, length, nullCount, 0, [validity, values]);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _values.Clear();
        _validity.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _values.Dispose();
        _validity.Dispose();
    }
}
