using System;
using System.Text;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds binary, string, large binary and large string arrays. Strings are encoded as UTF-8 straight into the
/// data buffer (no intermediate allocation).
/// </summary>
/// <remarks>Fast paths: <see cref="AppendValueSpan"/> returns the data span of one new value for a decoder to fill;
/// <see cref="AppendValues"/> appends many values from concatenated bytes and their lengths.</remarks>
public sealed class BinaryBuilder : ArrowArrayBuilder
{
    private readonly ArrowBufferBuilder _data;
    private readonly OffsetsBuilder _offsets;
    private readonly ValidityBuilder _validity;

    /// <summary>Creates a builder for <paramref name="type"/> (binary, string, large binary or large string;
    /// default string).</summary>
    public BinaryBuilder(BinaryType? type = null, ArrowAllocator? allocator = null)
        : base(type ?? BinaryType.Utf8, allocator)
    {
        BinaryType t = (BinaryType)Type;
        if (t.IsView)
        {
            throw new ArgumentException("View types are read-only in this library; build string or binary.", nameof(type));
        }
        _data = new ArrowBufferBuilder(Allocator);
        _offsets = new OffsetsBuilder(t.IsLarge, Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <inheritdoc />
    public override int Length => _offsets.Count;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Bytes of value data appended so far.</summary>
    public long DataLength => _data.Length;

    /// <summary>Reserves room for <paramref name="additionalBytes"/> more bytes of value data.</summary>
    public void ReserveData(long additionalBytes) => _data.EnsureCapacity(_data.Length + additionalBytes);

    /// <summary>Appends one value.</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        _data.Append(value);
        _offsets.AppendEnd(_data.Length);
        _validity.AppendValid();
    }

    /// <summary>Appends one value as UTF-8, or a null when <paramref name="value"/> is null.</summary>
    public void Append(string? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }
        Append(value.AsSpan());
    }

    /// <summary>Appends one value encoded as UTF-8.</summary>
    public void Append(ReadOnlySpan<char> value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        long start = _data.Length;
        Span<byte> span = _data.AppendSpan(max);
        int written = Encoding.UTF8.GetBytes(value, span);
        _data.Truncate(start + written);
        _offsets.AppendEnd(_data.Length);
        _validity.AppendValid();
    }

    /// <summary>Appends one valid value of <paramref name="byteLength"/> bytes and returns its bytes for the caller
    /// to fill (valid until the next call).</summary>
    public Span<byte> AppendValueSpan(int byteLength)
    {
        Span<byte> span = _data.AppendSpan(byteLength);
        _offsets.AppendEnd(_data.Length);
        _validity.AppendValid();
        return span;
    }

    /// <summary>Appends <c>lengths.Length</c> valid values whose bytes are concatenated in
    /// <paramref name="data"/> (the lengths must sum to <c>data.Length</c>).</summary>
    public void AppendValues(ReadOnlySpan<byte> data, ReadOnlySpan<int> lengths)
    {
        long sum = 0;
        foreach (int l in lengths)
        {
            sum += l;
        }
        if (sum != data.Length)
        {
            throw new ArgumentException($"Lengths sum to {sum} but data has {data.Length} bytes.", nameof(lengths));
        }
        _offsets.AppendLengths(lengths);
        _data.Append(data);
        _validity.AppendRun(true, lengths.Length);
    }

    /// <inheritdoc />
    public override void AppendNull()
    {
        _offsets.AppendEnd(_data.Length);
        _validity.AppendNull();
    }

    /// <inheritdoc />
    public override void AppendNulls(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int i = 0; i < count; i++)
        {
            _offsets.AppendEnd(_data.Length);
        }
        _validity.AppendRun(false, count);
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        BinaryArray array = (BinaryArray)source;
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
    public override BinaryArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        int length = _offsets.Count;
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        ArrowBuffer offsets = _offsets.Build();
        ArrowBuffer data = _data.Build();
        return new ArrayData(Type, length, nullCount, 0, [validity, offsets, data]);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _data.Clear();
        _offsets.Clear();
        _validity.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _data.Dispose();
        _offsets.Dispose();
        _validity.Dispose();
    }
}
