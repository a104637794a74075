using System;
using System.Globalization;
using System.Numerics;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Schema;

namespace DeltaSharp.Scanning;

/// <summary>
/// Materialises partition values (PROTOCOL.md "Partition Value Serialization") as constant Arrow columns of the
/// column's real type. A null or empty serialized value is a null. Timestamps accept
/// <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c> (UTC) and ISO 8601 with <c>T</c>, optional fraction and <c>Z</c>/offset.
/// Binary values are the UTF-8 encoding of the string (<c>\u0001\u0002</c> is bytes 1, 2), as Delta Spark writes them.
/// </summary>
internal static class PartitionValueParser
{
    /// <summary>Builds a column of <paramref name="length"/> copies of the parsed value.</summary>
    /// <exception cref="FormatException">The value cannot be parsed as the column's type.</exception>
    public static ArrowArray Constant(DeltaDataType type, string? serialized, int length, ArrowAllocator? allocator)
    {
        ArrowType arrowType = DeltaArrowSchema.ToArrowType(type);
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(arrowType, allocator);
        Append(builder, type, serialized, length);
        return builder.Build();
    }

    /// <summary>Appends <paramref name="length"/> copies of the parsed value to <paramref name="builder"/> (a builder
    /// of the column's Arrow type).</summary>
    /// <exception cref="FormatException">The value cannot be parsed as the column's type.</exception>
    public static void Append(ArrowArrayBuilder builder, DeltaDataType type, string? serialized, int length = 1)
    {
        // Delta writes a null partition value as null (or an empty string, which Spark also reads as null).
        bool isNull = string.IsNullOrEmpty(serialized);
        if (isNull || type is DeltaPrimitiveType { Kind: DeltaPrimitiveKind.Void })
        {
            builder.AppendNulls(length);
            return;
        }
        string value = serialized!;
        switch (type)
        {
            case DeltaPrimitiveType p:
                AppendPrimitive(builder, p.Kind, value, length);
                break;
            case DeltaDecimalType d:
                Int128 unscaled = ParseDecimal(value, d.Scale, d.Precision);
                var decimals = (DecimalBuilder)builder;
                for (int i = 0; i < length; i++)
                {
                    decimals.AppendUnscaled(unscaled);
                }
                break;
            default:
                throw new FormatException($"type {type} cannot be a partition column");
        }
    }

    private static void AppendPrimitive(ArrowArrayBuilder builder, DeltaPrimitiveKind kind, string value, int length)
    {
        switch (kind)
        {
            case DeltaPrimitiveKind.String:
                var strings = (BinaryBuilder)builder;
                for (int i = 0; i < length; i++)
                {
                    strings.Append(value);
                }
                break;
            case DeltaPrimitiveKind.Binary:
                // The spec's example is "\u0001\u0002\u0003"; writers (Delta Spark casts binary to string, delta-rs,
                // Kernel) produce the UTF-8 decoding of the bytes, so the value's UTF-8 encoding is the bytes.
                byte[] bytes = ParseBinary(value);
                var binary = (BinaryBuilder)builder;
                for (int i = 0; i < length; i++)
                {
                    binary.Append(bytes.AsSpan());
                }
                break;
            case DeltaPrimitiveKind.Boolean:
                bool flag = value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                    : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
                    : throw new FormatException($"'{value}' is not a boolean");
                ((BooleanBuilder)builder).AppendRange(Filled(flag, length));
                break;
            case DeltaPrimitiveKind.Byte:
                ((PrimitiveBuilder<sbyte>)builder).AppendSpan(length).Fill(sbyte.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                break;
            case DeltaPrimitiveKind.Short:
                ((PrimitiveBuilder<short>)builder).AppendSpan(length).Fill(short.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                break;
            case DeltaPrimitiveKind.Integer:
                ((PrimitiveBuilder<int>)builder).AppendSpan(length).Fill(int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                break;
            case DeltaPrimitiveKind.Long:
                ((PrimitiveBuilder<long>)builder).AppendSpan(length).Fill(long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                break;
            case DeltaPrimitiveKind.Float:
                ((PrimitiveBuilder<float>)builder).AppendSpan(length).Fill(float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
                break;
            case DeltaPrimitiveKind.Double:
                ((PrimitiveBuilder<double>)builder).AppendSpan(length).Fill(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
                break;
            case DeltaPrimitiveKind.Date:
                ((PrimitiveBuilder<int>)builder).AppendSpan(length).Fill(ParseDate(value));
                break;
            case DeltaPrimitiveKind.Timestamp:
            case DeltaPrimitiveKind.TimestampNtz:
                ((PrimitiveBuilder<long>)builder).AppendSpan(length).Fill(ParseTimestampMicros(value));
                break;
            default:
                throw new FormatException($"type {kind} cannot be a partition column");
        }
    }

    private static bool[] Filled(bool value, int length)
    {
        var values = new bool[length];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>The bytes of a binary partition value: the UTF-8 encoding of the serialized string.</summary>
    public static byte[] ParseBinary(string value) => System.Text.Encoding.UTF8.GetBytes(value);

    /// <summary>Days since 1970-01-01 of <c>{year}-{month}-{day}</c> (PROTOCOL.md; month and day with or without a
    /// leading zero).</summary>
    public static int ParseDate(string value)
    {
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            throw new FormatException($"'{value}' is not a date (yyyy-MM-dd)");
        }
        return date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    }

    /// <summary>Microseconds since the Unix epoch; a value without zone is taken as UTC.</summary>
    public static long ParseTimestampMicros(string value)
    {
        string text = value.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            return (parsed.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        }
        throw new FormatException($"'{value}' is not a timestamp");
    }

    /// <summary>Parses a plain decimal string (<c>-123.45</c>, optional exponent) into its unscaled value at
    /// <paramref name="scale"/>; digits beyond the scale must be zeros (no silent rounding).</summary>
    public static Int128 ParseDecimal(string value, int scale, int precision)
    {
        string text = value.Trim();
        int exponent = 0;
        int e = text.IndexOf('e', StringComparison.Ordinal);
        if (e < 0)
        {
            e = text.IndexOf('E', StringComparison.Ordinal);
        }
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text.Substring(0, e);
        }
        bool negative = text.StartsWith('-');
        if (negative || text.StartsWith('+'))
        {
            text = text.Substring(1);
        }
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? text : string.Concat(text.AsSpan(0, dot), text.AsSpan(dot + 1));
        int fraction = (dot < 0 ? 0 : text.Length - dot - 1) - exponent;
        if (digits.Length == 0 || !BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out BigInteger unscaled))
        {
            throw new FormatException($"'{value}' is not a decimal");
        }
        if (fraction < scale)
        {
            unscaled *= BigInteger.Pow(10, scale - fraction);
        }
        else if (fraction > scale)
        {
            BigInteger divisor = BigInteger.Pow(10, fraction - scale);
            unscaled = BigInteger.DivRem(unscaled, divisor, out BigInteger remainder);
            if (!remainder.IsZero)
            {
                throw new FormatException($"'{value}' has more than {scale} fractional digits");
            }
        }
        if (negative)
        {
            unscaled = -unscaled;
        }
        if (BigInteger.Abs(unscaled) >= BigInteger.Pow(10, precision))
        {
            throw new FormatException($"'{value}' does not fit decimal({precision},{scale})");
        }
        return (Int128)unscaled;
    }
}
