using System;
using System.Globalization;

namespace DeltaSharp.Arrow.Types;

/// <summary>
/// Fixed-point decimal: an unscaled two's complement little-endian integer of 128 or 256 bits, and a value of
/// <c>unscaled × 10^-Scale</c>.
/// </summary>
public sealed class DecimalType : ArrowType
{
    /// <summary>Creates a decimal type.</summary>
    /// <param name="precision">Total digits: 1–38 for 128-bit, 1–76 for 256-bit.</param>
    /// <param name="scale">Digits after the point; may be negative; at most <paramref name="precision"/>.</param>
    /// <param name="bitWidth">128 or 256.</param>
    public DecimalType(int precision, int scale, int bitWidth = 128)
        : base(bitWidth == 256 ? ArrowTypeId.Decimal256 : ArrowTypeId.Decimal128)
    {
        if (bitWidth != 128 && bitWidth != 256)
        {
            throw new ArgumentOutOfRangeException(nameof(bitWidth), "Decimal bit width must be 128 or 256.");
        }
        int maxPrecision = bitWidth == 128 ? 38 : 76;
        if (precision < 1 || precision > maxPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), $"Decimal{bitWidth} precision must be 1..{maxPrecision}, was {precision}.");
        }
        if (scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"Decimal scale {scale} exceeds precision {precision}.");
        }
        Precision = precision;
        Scale = scale;
        DecimalBitWidth = bitWidth;
    }

    /// <summary>Total number of decimal digits.</summary>
    public int Precision { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }

    /// <summary>128 or 256.</summary>
    public int DecimalBitWidth { get; }

    /// <summary>Bytes per value (16 or 32).</summary>
    public int ByteWidth => DecimalBitWidth / 8;

    /// <inheritdoc />
    public override int BitWidth => DecimalBitWidth;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) =>
        other is DecimalType d && d.Precision == Precision && d.Scale == Scale && d.DecimalBitWidth == DecimalBitWidth;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, Precision, Scale);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"decimal{DecimalBitWidth}({Precision}, {Scale})");
}
