using System;
using System.Runtime.CompilerServices;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds fixed-width arrays of <typeparamref name="T"/> (integers, floats, and temporal types stored as int/long).
/// </summary>
/// <remarks>
/// Fast paths: <see cref="AppendSpan(int)"/> reserves N valid slots and returns their values span for a decoder to
/// fill; <see cref="AppendSpan(int, ReadOnlySpan{byte}, int)"/> does the same with validity copied from a bitmap;
/// <see cref="AppendRange"/> copies a span. Null slots hold zero.
/// </remarks>
/// <typeparam name="T">Physical value type; its size must equal the Arrow type's width.</typeparam>
public sealed class PrimitiveBuilder<T> : ArrowArrayBuilder
    where T : unmanaged
{
    private readonly ArrowBufferBuilder _values;
    private readonly ValidityBuilder _validity;
    private int _length;

    /// <summary>Creates a builder for <paramref name="type"/> (which must be <typeparamref name="T"/>-sized and
    /// fixed-width).</summary>
    public unsafe PrimitiveBuilder(ArrowType type, ArrowAllocator? allocator = null)
        : base(type, allocator)
    {
        if (type.BitWidth != sizeof(T) * 8 || type.TypeId is ArrowTypeId.Boolean or ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256 or ArrowTypeId.FixedSizeBinary or ArrowTypeId.Dictionary)
        {
            throw new ArgumentException($"{type} is not a {sizeof(T) * 8}-bit primitive type.", nameof(type));
        }
        _values = new ArrowBufferBuilder(Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <inheritdoc />
    public override int Length => _length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>The values written so far (writable; invalidated by later appends).</summary>
    public Span<T> WrittenValues => _values.WrittenAs<T>();

    /// <summary>Reserves room for <paramref name="additional"/> more values.</summary>
    public unsafe void Reserve(int additional) => _values.EnsureCapacity(_values.Length + ((long)additional * sizeof(T)));

    /// <summary>Appends one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        _values.Append(value);
        _validity.AppendValid();
        _length++;
    }

    /// <summary>Appends a value, or a null when <paramref name="value"/> is null.</summary>
    public void Append(T? value)
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

    /// <inheritdoc />
    public override void AppendNull()
    {
        _values.Append(default(T));
        _validity.AppendNull();
        _length++;
    }

    /// <inheritdoc />
    public override void AppendNulls(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _values.AppendSpan<T>(count).Clear();
        _validity.AppendRun(false, count);
        _length += count;
    }

    /// <summary>Appends a copy of <paramref name="values"/>, all valid.</summary>
    public void AppendRange(ReadOnlySpan<T> values)
    {
        values.CopyTo(_values.AppendSpan<T>(values.Length));
        _validity.AppendRun(true, values.Length);
        _length += values.Length;
    }

    /// <summary>Appends <paramref name="count"/> valid slots and returns their values for the caller to fill
    /// (contents unspecified until written). The span is valid until the next call on this builder.</summary>
    public Span<T> AppendSpan(int count)
    {
        Span<T> span = _values.AppendSpan<T>(count);
        _validity.AppendRun(true, count);
        _length += count;
        return span;
    }

    /// <summary>
    /// Appends <paramref name="count"/> slots whose validity is copied from <paramref name="validityBitmap"/>
    /// (LSB-first, starting at bit <paramref name="bitOffset"/>, set = valid) and returns their values (zeroed) for
    /// the caller to fill at the valid positions.
    /// </summary>
    public Span<T> AppendSpan(int count, ReadOnlySpan<byte> validityBitmap, int bitOffset)
    {
        Span<T> span = _values.AppendSpan<T>(count);
        span.Clear();
        _validity.AppendBits(validityBitmap, bitOffset, count);
        _length += count;
        return span;
    }

    /// <summary>Overwrites the value of already-appended slot <paramref name="index"/> and marks it valid.</summary>
    public void Set(int index, T value)
    {
        _values.WrittenAs<T>()[index] = value;
        _validity.Set(index, true);
    }

    /// <summary>Marks already-appended slot <paramref name="index"/> null (its value becomes zero).</summary>
    public void SetNull(int index)
    {
        _values.WrittenAs<T>()[index] = default;
        _validity.Set(index, false);
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        PrimitiveArray<T> array = (PrimitiveArray<T>)source;
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
        PrimitiveArray<T> array = (PrimitiveArray<T>)source;
        array.Values.Slice(start, count).CopyTo(_values.AppendSpan<T>(count));
        if (array.Data.ValidityBuffer is { } validity)
        {
            _validity.AppendBits(validity.Span, array.Offset + start, count);
        }
        else
        {
            _validity.AppendRun(true, count);
        }
        _length += count;
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override PrimitiveArray<T> Build() => new(BuildData(), true);

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
