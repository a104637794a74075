using System;
using System.Globalization;
using System.Numerics;

namespace DeltaSharp.Arrow;

internal static class DecimalFormatting
{
    /// <summary>Formats <c>unscaled × 10^-scale</c> with exactly max(scale, 0) fraction digits.</summary>
    public static string Format(BigInteger unscaled, int scale)
    {
        if (scale <= 0)
        {
            BigInteger whole = scale == 0 ? unscaled : unscaled * BigInteger.Pow(10, -scale);
            return whole.ToString(CultureInfo.InvariantCulture);
        }
        bool negative = unscaled.Sign < 0;
        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= scale)
        {
            digits = new string('0', scale - digits.Length + 1) + digits;
        }
        int point = digits.Length - scale;
        return (negative ? "-" : string.Empty) + digits[..point] + "." + digits[point..];
    }

    public static decimal ToDecimal(BigInteger unscaled, int scale)
    {
        if (scale < 0)
        {
            return (decimal)(unscaled * BigInteger.Pow(10, -scale));
        }
        if (scale > 28)
        {
            throw new OverflowException($"Decimal scale {scale} exceeds System.Decimal's 28.");
        }
        BigInteger magnitude = BigInteger.Abs(unscaled);
        if (magnitude.GetBitLength() > 96)
        {
            throw new OverflowException("Decimal value does not fit System.Decimal.");
        }
        byte[] bytes = new byte[12];
        magnitude.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        int lo = BitConverter.ToInt32(bytes, 0);
        int mid = BitConverter.ToInt32(bytes, 4);
        int hi = BitConverter.ToInt32(bytes, 8);
        return new decimal(lo, mid, hi, unscaled.Sign < 0, (byte)scale);
    }
}
