using System;
using System.Globalization;

namespace DeltaSharp.Schema;

/// <summary><c>decimal(precision, scale)</c>: an exact decimal number, precision 1–38, 0 ≤ scale ≤ precision.</summary>
public sealed class DeltaDecimalType : DeltaDataType, IEquatable<DeltaDecimalType>
{
    /// <summary>Creates the type; throws <see cref="ArgumentOutOfRangeException"/> outside the valid range.</summary>
    public DeltaDecimalType(int precision, int scale)
    {
        if (precision is < 1 or > 38)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Decimal precision must be between 1 and 38.");
        }
        if (scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Decimal scale must be between 0 and the precision.");
        }
        Precision = precision;
        Scale = scale;
    }

    /// <summary>Total number of digits.</summary>
    public int Precision { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }

    /// <inheritdoc />
    public override string TypeName => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})");

    /// <inheritdoc />
    public bool Equals(DeltaDecimalType? other) => other is not null && other.Precision == Precision && other.Scale == Scale;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeltaDecimalType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Precision, Scale);
}
