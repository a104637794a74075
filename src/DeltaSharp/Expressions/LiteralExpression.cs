using System;
using System.Globalization;
using System.Text;
using DeltaSharp.Schema;

namespace DeltaSharp.Expressions;

// The factories are named after the Delta protocol's type names (string, long, integer, ...).
#pragma warning disable CA1720

/// <summary>
/// A constant of a Delta type, or a null. <see cref="Value"/> is, by <see cref="Type"/>: boolean → <see cref="bool"/>,
/// byte → <see cref="sbyte"/>, short → <see cref="short"/>, integer → <see cref="int"/>, long → <see cref="long"/>,
/// float → <see cref="float"/>, double → <see cref="double"/>, decimal(p,s) → <see cref="decimal"/> (or the exact
/// decimal text when it does not fit <see cref="decimal"/>), string → <see cref="string"/>, binary → a copy as
/// <c>byte[]</c>, date → <see cref="DateOnly"/>, timestamp → <see cref="DateTimeOffset"/> (UTC), timestamp_ntz →
/// <see cref="DateTime"/> (<see cref="DateTimeKind.Unspecified"/>); null for a null literal. Timestamps have
/// microsecond precision (finer ticks are truncated). Number literals parsed from text are typed long, decimal or
/// double by their form and re-typed to the column's type when bound. Immutable.
/// </summary>
public sealed class LiteralExpression : DeltaExpression
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private LiteralExpression(DeltaDataType? type, bool isNull, long longValue, double doubleValue, Int128 unscaled, byte[]? bytes, string? numberText)
    {
        Type = type;
        IsNullLiteral = isNull;
        LongValue = longValue;
        DoubleValue = doubleValue;
        Unscaled = unscaled;
        Bytes = bytes;
        NumberText = numberText;
    }

    /// <summary>The literal's type; null only for an untyped <c>NULL</c> (typed by the column when bound).</summary>
    public DeltaDataType? Type { get; }

    /// <summary>True for a null literal.</summary>
    public bool IsNullLiteral { get; }

    /// <summary>The value as a CLR object (see the class remarks), null for a null literal.</summary>
    public object? Value
    {
        get
        {
            if (IsNullLiteral)
            {
                return null;
            }
            switch (Type)
            {
                case DeltaDecimalType d:
                {
                    Int128 magnitude = Int128.Abs(Unscaled);
                    return d.Scale <= 28 && magnitude < ((Int128)1 << 96)
                        ? new decimal((int)(uint)(magnitude & uint.MaxValue), (int)(uint)((magnitude >> 32) & uint.MaxValue), (int)(uint)((magnitude >> 64) & uint.MaxValue), Unscaled < 0, (byte)d.Scale)
                        : FormatDecimal(Unscaled, d.Scale);
                }
                case DeltaPrimitiveType p:
                    return p.Kind switch
                    {
                        DeltaPrimitiveKind.Boolean => LongValue != 0,
                        DeltaPrimitiveKind.Byte => (sbyte)LongValue,
                        DeltaPrimitiveKind.Short => (short)LongValue,
                        DeltaPrimitiveKind.Integer => (int)LongValue,
                        DeltaPrimitiveKind.Long => LongValue,
                        DeltaPrimitiveKind.Float => (float)DoubleValue,
                        DeltaPrimitiveKind.Double => DoubleValue,
                        DeltaPrimitiveKind.String => Encoding.UTF8.GetString(Bytes!),
                        DeltaPrimitiveKind.Binary => (byte[])Bytes!.Clone(),
                        DeltaPrimitiveKind.Date => DateOnly.FromDayNumber(checked(UnixEpochDay + (int)LongValue)),
                        DeltaPrimitiveKind.Timestamp => new DateTimeOffset(UnixEpochTicks + (LongValue * 10), TimeSpan.Zero),
                        DeltaPrimitiveKind.TimestampNtz => new DateTime(UnixEpochTicks + (LongValue * 10), DateTimeKind.Unspecified),
                        _ => null,
                    };
                default:
                    return null;
            }
        }
    }

    /// <summary>Integers, booleans (0/1), date (days since epoch), timestamps (µs since epoch).</summary>
    internal long LongValue { get; }

    /// <summary>float and double values.</summary>
    internal double DoubleValue { get; }

    /// <summary>Decimal unscaled value at <see cref="Type"/>'s scale.</summary>
    internal Int128 Unscaled { get; }

    /// <summary>UTF-8 of a string; bytes of a binary.</summary>
    internal byte[]? Bytes { get; }

    /// <summary>The source text of a number literal parsed from text (re-typed exactly at binding); else null.</summary>
    internal string? NumberText { get; }

    internal override int Precedence => 5;

    /// <summary>A literal from a CLR value: <see cref="bool"/>, <see cref="sbyte"/>, <see cref="short"/>,
    /// <see cref="int"/>, <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="decimal"/>,
    /// <see cref="string"/>, <c>byte[]</c>, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/> (timestamp),
    /// <see cref="DateTime"/> (timestamp_ntz when its kind is not UTC, else timestamp), or null (untyped null).</summary>
    /// <exception cref="ArgumentException">Any other type.</exception>
    public static LiteralExpression Of(object? value) => value switch
    {
        null => NullOf(null),
        bool b => Boolean(b),
        sbyte v => Byte(v),
        short v => Short(v),
        int v => Integer(v),
        long v => Long(v),
        float v => Float(v),
        double v => Double(v),
        decimal v => Decimal(v),
        string v => String(v),
        byte[] v => Binary(v),
        DateOnly v => Date(v),
        DateTimeOffset v => Timestamp(v),
        DateTime { Kind: DateTimeKind.Utc } v => Timestamp(new DateTimeOffset(v)),
        DateTime v => TimestampNtz(v),
        _ => throw new ArgumentException($"No Delta literal for a value of type {value.GetType()}.", nameof(value)),
    };

    /// <summary>A null of <paramref name="type"/> (null = untyped).</summary>
    public static LiteralExpression NullOf(DeltaDataType? type) => new(type, true, 0, 0, 0, null, null);

    /// <summary>A boolean.</summary>
    public static LiteralExpression Boolean(bool value) => Integral(DeltaPrimitiveType.Boolean, value ? 1 : 0);

    /// <summary>A byte (8-bit signed).</summary>
    public static LiteralExpression Byte(sbyte value) => Integral(DeltaPrimitiveType.Byte, value);

    /// <summary>A short.</summary>
    public static LiteralExpression Short(short value) => Integral(DeltaPrimitiveType.Short, value);

    /// <summary>An integer.</summary>
    public static LiteralExpression Integer(int value) => Integral(DeltaPrimitiveType.Integer, value);

    /// <summary>A long.</summary>
    public static LiteralExpression Long(long value) => Integral(DeltaPrimitiveType.Long, value);

    /// <summary>A float.</summary>
    public static LiteralExpression Float(float value) => new(DeltaPrimitiveType.Float, false, 0, value, 0, null, null);

    /// <summary>A double.</summary>
    public static LiteralExpression Double(double value) => new(DeltaPrimitiveType.Double, false, 0, value, 0, null, null);

    /// <summary>A decimal typed decimal(p,s) with the value's own scale and the smallest precision holding it.</summary>
    public static LiteralExpression Decimal(decimal value)
    {
        int scale = value.Scale;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Int128 unscaled = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        if (value < 0)
        {
            unscaled = -unscaled;
        }
        return Decimal(unscaled, Math.Max(Math.Max(DigitCount(unscaled), scale), 1), scale);
    }

    /// <summary>A decimal(<paramref name="precision"/>, <paramref name="scale"/>) from its unscaled value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The precision/scale are invalid or the value does not fit.</exception>
    public static LiteralExpression Decimal(Int128 unscaled, int precision, int scale)
    {
        if (precision is < 1 or > 38 || scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), $"decimal({precision},{scale}) is not a valid Delta decimal type.");
        }
        if (DigitCount(unscaled) > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(unscaled), $"{FormatDecimal(unscaled, scale)} does not fit decimal({precision},{scale}).");
        }
        return new LiteralExpression(new DeltaDecimalType(precision, scale), false, 0, 0, unscaled, null, null);
    }

    /// <summary>A string.</summary>
    public static LiteralExpression String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new LiteralExpression(DeltaPrimitiveType.String, false, 0, 0, 0, Encoding.UTF8.GetBytes(value), null);
    }

    /// <summary>A binary value (copied).</summary>
    public static LiteralExpression Binary(ReadOnlySpan<byte> value) => new(DeltaPrimitiveType.Binary, false, 0, 0, 0, value.ToArray(), null);

    /// <summary>A date.</summary>
    public static LiteralExpression Date(DateOnly value) => Integral(DeltaPrimitiveType.Date, value.DayNumber - UnixEpochDay);

    /// <summary>A timestamp (an instant; stored as UTC microseconds).</summary>
    public static LiteralExpression Timestamp(DateTimeOffset value) => Integral(DeltaPrimitiveType.Timestamp, (value.UtcTicks - UnixEpochTicks) / 10);

    /// <summary>A timestamp without time zone (wall-clock microseconds; the kind of <paramref name="value"/> is ignored).</summary>
    public static LiteralExpression TimestampNtz(DateTime value) => Integral(DeltaPrimitiveType.TimestampNtz, (value.Ticks - UnixEpochTicks) / 10);

    internal static LiteralExpression Integral(DeltaDataType type, long value) => new(type, false, value, 0, 0, null, null);

    internal static LiteralExpression WithDouble(DeltaDataType type, double value) => new(type, false, 0, value, 0, null, null);

    internal static LiteralExpression WithUnscaled(DeltaDecimalType type, Int128 unscaled) => new(type, false, 0, 0, unscaled, null, null);

    internal static LiteralExpression WithBytes(DeltaDataType type, byte[] bytes) => new(type, false, 0, 0, 0, bytes, null);

    /// <summary>A number as written in text: typed long (integral, fits), decimal (has a point) or double (has an
    /// exponent, or too large); the text is kept for exact re-typing at binding.</summary>
    internal static LiteralExpression Number(string text)
    {
        if (text.IndexOfAny(['e', 'E']) < 0)
        {
            if (text.IndexOf('.', StringComparison.Ordinal) < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integral))
            {
                return new LiteralExpression(DeltaPrimitiveType.Long, false, integral, 0, 0, null, text);
            }
            int dot = text.IndexOf('.', StringComparison.Ordinal);
            int scale = dot < 0 ? 0 : text.Length - dot - 1;
            int digits = 0;
            foreach (char c in text)
            {
                digits += char.IsAsciiDigit(c) ? 1 : 0;
            }
            if (digits <= 38)
            {
                Int128 unscaled = (Int128)Scanning.PartitionValueParser.ParseDecimal(text, scale, 38);
                return new LiteralExpression(new DeltaDecimalType(Math.Max(Math.Max(DigitCount(unscaled), scale), 1), scale), false, 0, 0, unscaled, null, text);
            }
        }
        double value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new LiteralExpression(DeltaPrimitiveType.Double, false, 0, value, 0, null, text);
    }

    internal static int DigitCount(Int128 value)
    {
        Int128 v = Int128.Abs(value);
        int digits = 1;
        while (v >= 10)
        {
            v /= 10;
            digits++;
        }
        return digits;
    }

    internal static string FormatDecimal(Int128 unscaled, int scale)
    {
        string digits = Int128.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = string.Concat(digits.AsSpan(0, digits.Length - scale), ".", digits.AsSpan(digits.Length - scale));
        }
        return unscaled < 0 ? "-" + digits : digits;
    }

    internal override void Write(StringBuilder builder)
    {
        if (IsNullLiteral)
        {
            builder.Append("NULL");
            return;
        }
        if (NumberText is not null)
        {
            builder.Append(NumberText);
            return;
        }
        switch (Type)
        {
            case DeltaDecimalType d:
                builder.Append(FormatDecimal(Unscaled, d.Scale));
                return;
            case DeltaPrimitiveType p:
                switch (p.Kind)
                {
                    case DeltaPrimitiveKind.Boolean:
                        builder.Append(LongValue != 0 ? "TRUE" : "FALSE");
                        return;
                    case DeltaPrimitiveKind.Byte or DeltaPrimitiveKind.Short or DeltaPrimitiveKind.Integer or DeltaPrimitiveKind.Long:
                        builder.Append(LongValue.ToString(CultureInfo.InvariantCulture));
                        return;
                    case DeltaPrimitiveKind.Float or DeltaPrimitiveKind.Double:
                        double d = p.Kind == DeltaPrimitiveKind.Float ? (float)DoubleValue : DoubleValue;
                        if (double.IsFinite(d))
                        {
                            string text = p.Kind == DeltaPrimitiveKind.Float ? ((float)d).ToString("R", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);
                            builder.Append(text.Contains('E', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal) ? text : text + "E0");
                        }
                        else
                        {
                            builder.Append('\'').Append(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity").Append('\'');
                        }
                        return;
                    case DeltaPrimitiveKind.String:
                        builder.Append('\'').Append(Encoding.UTF8.GetString(Bytes!).Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                        return;
                    case DeltaPrimitiveKind.Binary:
                        builder.Append("X'").Append(Convert.ToHexString(Bytes!)).Append('\'');
                        return;
                    case DeltaPrimitiveKind.Date:
                        builder.Append("DATE '").Append(DateOnly.FromDayNumber(checked(UnixEpochDay + (int)LongValue)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\'');
                        return;
                    case DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz:
                        var time = new DateTime(UnixEpochTicks + (LongValue * 10), DateTimeKind.Unspecified);
                        string format = LongValue % 1_000_000 == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff";
                        builder.Append(p.Kind == DeltaPrimitiveKind.Timestamp ? "TIMESTAMP '" : "TIMESTAMP_NTZ '").Append(time.ToString(format, CultureInfo.InvariantCulture)).Append('\'');
                        return;
                }
                break;
        }
        builder.Append("NULL");
    }
}
