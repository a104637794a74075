using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// decimal128 / decimal256 values: little-endian two's complement unscaled integers of 16 or 32 bytes.
/// </summary>
public sealed class DecimalArray : ArrowArray
{
    internal DecimalArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type is DecimalType, "decimal");
        DecimalType = (DecimalType)data.Type;
    }

    /// <summary>The decimal type (precision, scale, width).</summary>
    public DecimalType DecimalType { get; }

    /// <summary>Bytes per value (16 or 32).</summary>
    public int ByteWidth => DecimalType.ByteWidth;

    /// <summary>The raw little-endian bytes of slot <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        return Data.GetBuffer(1).Span.Slice((Data.Offset + index) * ByteWidth, ByteWidth);
    }

    /// <summary>The unscaled value of a decimal128 slot.</summary>
    /// <exception cref="InvalidOperationException">The array is decimal256.</exception>
    public Int128 GetUnscaledInt128(int index)
    {
        if (ByteWidth != 16)
        {
            throw new InvalidOperationException("GetUnscaledInt128 needs a decimal128 array; use GetUnscaled.");
        }
        return BinaryPrimitives.ReadInt128LittleEndian(GetBytes(index));
    }

    /// <summary>The unscaled value of slot <paramref name="index"/>.</summary>
    public BigInteger GetUnscaled(int index) => new(GetBytes(index), isUnsigned: false, isBigEndian: false);

    /// <summary>The value as <see cref="decimal"/>, or null for a null slot.</summary>
    /// <exception cref="OverflowException">The value does not fit a <see cref="decimal"/> (scale &gt; 28 or
    /// magnitude ≥ 2^96).</exception>
    public decimal? GetDecimal(int index)
    {
        if (!IsValid(index))
        {
            return null;
        }
        return DecimalFormatting.ToDecimal(GetUnscaled(index), DecimalType.Scale);
    }

    /// <summary>The exact value as text with exactly <c>Scale</c> digits after the point (no exponent), or null.</summary>
    public string? GetString(int index) =>
        IsValid(index) ? DecimalFormatting.Format(GetUnscaled(index), DecimalType.Scale) : null;

    /// <summary>An owning slice sharing memory.</summary>
    public new DecimalArray Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
