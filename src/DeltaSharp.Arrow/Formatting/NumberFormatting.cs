using System;
using System.Globalization;
using System.Numerics;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>Allocation-free number text: shortest round-trip floats in JavaScript layout and exact decimals.</summary>
internal static class NumberFormatting
{
    /// <summary>
    /// Writes the shortest digits that round-trip <paramref name="value"/> (as a double) laid out as JavaScript's
    /// Number#toString does: plain notation for decimal exponents in [-6, 21), otherwise <c>d.ddde±x</c>.
    /// NaN and infinities must be handled by the caller. Negative zero is written <c>-0</c>.
    /// </summary>
    public static int WriteShortest(Span<byte> dest, double value)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture);
        return Layout(dest, text[..length], double.IsNegative(value));
    }

    /// <summary>Like <see cref="WriteShortest(Span{byte}, double)"/> with the shortest digits for a float.</summary>
    public static int WriteShortest(Span<byte> dest, float value)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture);
        return Layout(dest, text[..length], float.IsNegative(value));
    }

    /// <summary>Like <see cref="WriteShortest(Span{byte}, double)"/> with the shortest digits for a half.</summary>
    public static int WriteShortest(Span<byte> dest, Half value)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture);
        return Layout(dest, text[..length], Half.IsNegative(value));
    }

    /// <summary>Writes <c>unscaled × 10^-scale</c> with exactly max(scale, 0) digits after the point.</summary>
    public static int WriteDecimal(Span<byte> dest, Int128 unscaled, int scale)
    {
        if (scale < 0)
        {
            return WriteDecimal(dest, (BigInteger)unscaled, scale);
        }
        Span<char> digits = stackalloc char[48];
        bool negative = unscaled < 0;
        UInt128 magnitude = negative ? (UInt128)(-(unscaled + 1)) + 1 : (UInt128)unscaled;
        magnitude.TryFormat(digits, out int n, default, CultureInfo.InvariantCulture);
        return Place(dest, digits[..n], negative, scale);
    }

    /// <summary>Writes <c>unscaled × 10^-scale</c> exactly (BigInteger path for decimal256 / negative scales).</summary>
    public static int WriteDecimal(Span<byte> dest, BigInteger unscaled, int scale)
    {
        string text = DecimalFormatting.Format(unscaled, scale);
        for (int i = 0; i < text.Length; i++)
        {
            dest[i] = (byte)text[i];
        }
        return text.Length;
    }

    private static int Place(Span<byte> dest, ReadOnlySpan<char> digits, bool negative, int scale)
    {
        int p = 0;
        if (negative)
        {
            dest[p++] = (byte)'-';
        }
        if (scale == 0)
        {
            foreach (char c in digits)
            {
                dest[p++] = (byte)c;
            }
            return p;
        }
        int intDigits = digits.Length - scale;
        if (intDigits <= 0)
        {
            dest[p++] = (byte)'0';
            dest[p++] = (byte)'.';
            for (int i = 0; i < -intDigits; i++)
            {
                dest[p++] = (byte)'0';
            }
            foreach (char c in digits)
            {
                dest[p++] = (byte)c;
            }
            return p;
        }
        for (int i = 0; i < digits.Length; i++)
        {
            if (i == intDigits)
            {
                dest[p++] = (byte)'.';
            }
            dest[p++] = (byte)digits[i];
        }
        return p;
    }

    private static int Layout(Span<byte> dest, ReadOnlySpan<char> text, bool negative)
    {
        // Parse .NET's shortest round-trip text: [-]digits[.digits][E[+-]digits].
        Span<byte> digits = stackalloc byte[32];
        int k = 0;
        int pointPosition = -1;
        int exponent = 0;
        int i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                pointPosition = k;
            }
            else if (c is 'E' or 'e')
            {
                exponent = int.Parse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
            else
            {
                digits[k++] = (byte)c;
            }
        }
        if (pointPosition < 0)
        {
            pointPosition = k;
        }
        // value = 0.d1d2…dk × 10^n
        int n = pointPosition + exponent;
        int start = 0;
        while (start < k && digits[start] == '0')
        {
            start++;
            n--;
        }
        while (k > start && digits[k - 1] == '0')
        {
            k--;
        }
        int p = 0;
        if (negative)
        {
            dest[p++] = (byte)'-';
        }
        if (start == k)
        {
            dest[p++] = (byte)'0';
            return p;
        }
        ReadOnlySpan<byte> d = digits[start..k];
        int count = d.Length;
        if (count <= n && n <= 21)
        {
            d.CopyTo(dest[p..]);
            p += count;
            for (int z = 0; z < n - count; z++)
            {
                dest[p++] = (byte)'0';
            }
        }
        else if (0 < n && n <= 21)
        {
            d[..n].CopyTo(dest[p..]);
            p += n;
            dest[p++] = (byte)'.';
            d[n..].CopyTo(dest[p..]);
            p += count - n;
        }
        else if (-6 < n && n <= 0)
        {
            dest[p++] = (byte)'0';
            dest[p++] = (byte)'.';
            for (int z = 0; z < -n; z++)
            {
                dest[p++] = (byte)'0';
            }
            d.CopyTo(dest[p..]);
            p += count;
        }
        else
        {
            dest[p++] = d[0];
            if (count > 1)
            {
                dest[p++] = (byte)'.';
                d[1..].CopyTo(dest[p..]);
                p += count - 1;
            }
            dest[p++] = (byte)'e';
            int e = n - 1;
            dest[p++] = e < 0 ? (byte)'-' : (byte)'+';
            Math.Abs(e).TryFormat(dest[p..], out int written, default, CultureInfo.InvariantCulture);
            p += written;
        }
        return p;
    }
}
