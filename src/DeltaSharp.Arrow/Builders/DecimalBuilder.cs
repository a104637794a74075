using System;
using System.Buffers.Binary;
using System.Numerics;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds decimal128 / decimal256 arrays from unscaled integers (<see cref="Int128"/>, <see cref="BigInteger"/>,
/// big-endian two's complement bytes as Parquet stores them) or from <see cref="decimal"/> values.
/// </summary>
public sealed class DecimalBuilder : ArrowArrayBuilder
{
    private readonly ArrowBufferBuilder _values;
    private readonly ValidityBuilder _validity;
    private int _length;

    /// <summary>Creates a builder for <paramref name="type"/>.</summary>
    public DecimalBuilder(DecimalType type, ArrowAllocator? allocator = null)
        : base(type, allocator)
    {
        DecimalType = type;
        _values = new ArrowBufferBuilder(Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <summary>The decimal type.</summary>
    public DecimalType DecimalType { get; }

    /// <inheritdoc />
    public override int Length => _length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends an unscaled value (sign-extended to 256 bits for decimal256).</summary>
    public void AppendUnscaled(Int128 unscaled)
    {
        Span<byte> span = NextSlot();
        BinaryPrimitives.WriteInt128LittleEndian(span, unscaled);
        if (span.Length == 32)
        {
            span[16..].Fill(unscaled < 0 ? (byte)0xFF : (byte)0);
        }
    }

    /// <summary>Appends an unscaled value.</summary>
    /// <exception cref="OverflowException">It does not fit the width.</exception>
    public void AppendUnscaled(BigInteger unscaled)
    {
        int width = DecimalType.ByteWidth;
        if (unscaled.GetByteCount(isUnsigned: false) > width)
        {
            throw new OverflowException($"Unscaled value does not fit decimal{width * 8}.");
        }
        Span<byte> span = NextSlot();
        span.Fill(unscaled.Sign < 0 ? (byte)0xFF : (byte)0);
        unscaled.TryWriteBytes(span, out _, isUnsigned: false, isBigEndian: false);
    }

    /// <summary>Appends an unscaled value given as big-endian two's complement bytes of any length up to the width
    /// (the Parquet encoding of decimals in binary / fixed-length byte arrays).</summary>
    public void AppendBigEndianUnscaled(ReadOnlySpan<byte> bigEndian)
    {
        int width = DecimalType.ByteWidth;
        if (bigEndian.Length > width)
        {
            throw new OverflowException($"A {bigEndian.Length}-byte unscaled value does not fit decimal{width * 8}.");
        }
        Span<byte> span = NextSlot();
        bool negative = bigEndian.Length > 0 && (bigEndian[0] & 0x80) != 0;
        span.Fill(negative ? (byte)0xFF : (byte)0);
        for (int i = 0; i < bigEndian.Length; i++)
        {
            span[i] = bigEndian[bigEndian.Length - 1 - i];
        }
    }

    /// <summary>Appends <paramref name="value"/> rescaled to the type's scale.</summary>
    /// <exception cref="ArgumentException">Rescaling would drop non-zero digits.</exception>
    public void Append(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        BigInteger unscaled = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (bits[3] < 0)
        {
            unscaled = -unscaled;
        }
        int target = DecimalType.Scale;
        if (target >= scale)
        {
            unscaled *= BigInteger.Pow(10, target - scale);
        }
        else
        {
            BigInteger divisor = BigInteger.Pow(10, scale - target);
            BigInteger quotient = BigInteger.DivRem(unscaled, divisor, out BigInteger remainder);
            if (!remainder.IsZero)
            {
                throw new ArgumentException($"{value} has more than {target} fraction digits.", nameof(value));
            }
            unscaled = quotient;
        }
        AppendUnscaled(unscaled);
    }

    /// <summary>Appends a value or a null.</summary>
    public void Append(decimal? value)
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

    /// <summary>Appends <paramref name="count"/> valid slots and returns their little-endian bytes
    /// (<c>count × ByteWidth</c>) to fill.</summary>
    public Span<byte> AppendSpan(int count)
    {
        Span<byte> span = _values.AppendSpan(checked(count * DecimalType.ByteWidth));
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
        _values.AppendZeros(checked(count * DecimalType.ByteWidth));
        _validity.AppendRun(false, count);
        _length += count;
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        DecimalArray array = (DecimalArray)source;
        if (array.IsValid(index))
        {
            array.GetBytes(index).CopyTo(NextSlot());
        }
        else
        {
            AppendNull();
        }
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override DecimalArray Build() => new(BuildData(), true);

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

    private Span<byte> NextSlot()
    {
        Span<byte> span = _values.AppendSpan(DecimalType.ByteWidth);
        _validity.AppendValid();
        _length++;
        return span;
    }
}
