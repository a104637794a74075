using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Builds fixed-size binary arrays. Null slots hold zero bytes.</summary>
public sealed class FixedSizeBinaryBuilder : ArrowArrayBuilder
{
    private readonly ArrowBufferBuilder _values;
    private readonly ValidityBuilder _validity;
    private int _length;

    /// <summary>Creates a builder for <paramref name="type"/>.</summary>
    public FixedSizeBinaryBuilder(FixedSizeBinaryType type, ArrowAllocator? allocator = null)
        : base(type, allocator)
    {
        ByteWidth = type.ByteWidth;
        _values = new ArrowBufferBuilder(Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <summary>Bytes per value.</summary>
    public int ByteWidth { get; }

    /// <inheritdoc />
    public override int Length => _length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends one value of exactly <see cref="ByteWidth"/> bytes.</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        if (value.Length != ByteWidth)
        {
            throw new ArgumentException($"Value has {value.Length} bytes; the type needs {ByteWidth}.", nameof(value));
        }
        _values.Append(value);
        _validity.AppendValid();
        _length++;
    }

    /// <summary>Appends <paramref name="count"/> valid slots and returns their <c>count × ByteWidth</c> bytes to
    /// fill.</summary>
    public Span<byte> AppendSpan(int count)
    {
        Span<byte> span = _values.AppendSpan(checked(count * ByteWidth));
        _validity.AppendRun(true, count);
        _length += count;
        return span;
    }

    /// <inheritdoc />
    public override void AppendNull() => AppendNulls(1);

    /// <inheritdoc />
    public override void AppendNulls(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _values.AppendZeros(checked(count * ByteWidth));
        _validity.AppendRun(false, count);
        _length += count;
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        FixedSizeBinaryArray array = (FixedSizeBinaryArray)source;
        if (array.IsValid(index))
        {
            Append(array.GetBytes(index));
        }
        else
        {
            AppendNull();
        }
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override FixedSizeBinaryArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        int length = _length;
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        ArrowBuffer values = _values.Build();
        _length = 0;
        return new ArrayData(Type, length, nullCount, 0, [validity, values]);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _values.Clear();
        _validity.Clear();
        _length = 0;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _values.Dispose();
        _validity.Dispose();
    }
}
