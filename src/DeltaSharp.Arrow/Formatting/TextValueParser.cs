using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>
/// Appends values given in their text forms (the forms <see cref="JsonLinesWriter"/> and <see cref="CsvWriter"/>
/// write, see JSONL-FORMAT.md) to Arrow builders. Scalars come as raw UTF-8 text; nested values and whole JSON
/// values come through a <see cref="Utf8JsonReader"/>. Errors are <see cref="FormatException"/> with a message that
/// says what was expected; callers add the line and column.
/// </summary>
internal static class TextValueParser
{
    private const long MicrosPerSecond = 1_000_000;
    private const long SecondsPerDay = 86_400;
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>Whether values of <paramref name="type"/> have a scalar text form.</summary>
    public static bool IsScalar(ArrowType type) => type.TypeId is not (ArrowTypeId.Struct or ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map or ArrowTypeId.FixedSizeList);

    /// <summary>Throws unless every type in <paramref name="type"/> can be parsed.</summary>
    public static void EnsureSupported(ArrowType type, string column)
    {
        switch (type.TypeId)
        {
            case ArrowTypeId.Boolean or ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64
                or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64
                or ArrowTypeId.Float32 or ArrowTypeId.Float64 or ArrowTypeId.Decimal128 or ArrowTypeId.String
                or ArrowTypeId.LargeString or ArrowTypeId.Binary or ArrowTypeId.LargeBinary or ArrowTypeId.Date32
                or ArrowTypeId.Timestamp or ArrowTypeId.Null:
                return;
            case ArrowTypeId.Struct or ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map:
                foreach (Field child in type.Children)
                {
                    EnsureSupported(child.DataType, column);
                }
                return;
            default:
                throw new NotSupportedException($"Column '{column}' has type {type}, which has no text input form.");
        }
    }

    /// <summary>Appends the scalar whose text is <paramref name="text"/> (unquoted, unescaped UTF-8).</summary>
    public static void AppendScalar(ArrowArrayBuilder builder, ReadOnlySpan<byte> text)
    {
        ArrowType type = builder.Type;
        switch (type.TypeId)
        {
            case ArrowTypeId.Null:
                throw new FormatException("a column of type null holds only nulls");
            case ArrowTypeId.Boolean:
                ((BooleanBuilder)builder).Append(ParseBoolean(text));
                return;
            case ArrowTypeId.Int8:
                ((PrimitiveBuilder<sbyte>)builder).Append((sbyte)ParseInteger(text, sbyte.MinValue, sbyte.MaxValue, "byte"));
                return;
            case ArrowTypeId.Int16:
                ((PrimitiveBuilder<short>)builder).Append((short)ParseInteger(text, short.MinValue, short.MaxValue, "short"));
                return;
            case ArrowTypeId.Int32:
                ((PrimitiveBuilder<int>)builder).Append((int)ParseInteger(text, int.MinValue, int.MaxValue, "integer"));
                return;
            case ArrowTypeId.Int64:
                ((PrimitiveBuilder<long>)builder).Append(ParseInteger(text, long.MinValue, long.MaxValue, "long"));
                return;
            case ArrowTypeId.UInt8:
                ((PrimitiveBuilder<byte>)builder).Append((byte)ParseUnsigned(text, byte.MaxValue));
                return;
            case ArrowTypeId.UInt16:
                ((PrimitiveBuilder<ushort>)builder).Append((ushort)ParseUnsigned(text, ushort.MaxValue));
                return;
            case ArrowTypeId.UInt32:
                ((PrimitiveBuilder<uint>)builder).Append((uint)ParseUnsigned(text, uint.MaxValue));
                return;
            case ArrowTypeId.UInt64:
                ((PrimitiveBuilder<ulong>)builder).Append(ParseUnsigned(text, ulong.MaxValue));
                return;
            case ArrowTypeId.Float32:
                ((PrimitiveBuilder<float>)builder).Append((float)ParseDouble(text));
                return;
            case ArrowTypeId.Float64:
                ((PrimitiveBuilder<double>)builder).Append(ParseDouble(text));
                return;
            case ArrowTypeId.Decimal128:
                var decimalType = (DecimalType)type;
                ((DecimalBuilder)builder).AppendUnscaled(ParseDecimal(text, decimalType.Precision, decimalType.Scale));
                return;
            case ArrowTypeId.String or ArrowTypeId.LargeString:
                if (!System.Text.Unicode.Utf8.IsValid(text))
                {
                    throw new FormatException("the text is not valid UTF-8");
                }
                ((BinaryBuilder)builder).Append(text);
                return;
            case ArrowTypeId.Binary or ArrowTypeId.LargeBinary:
                AppendBase64((BinaryBuilder)builder, text);
                return;
            case ArrowTypeId.Date32:
                ((PrimitiveBuilder<int>)builder).Append(ParseDate(text));
                return;
            case ArrowTypeId.Timestamp:
                var timestampType = (TimestampType)type;
                ((PrimitiveBuilder<long>)builder).Append(ParseTimestamp(text, timestampType.Unit, timestampType.HasTimeZone));
                return;
            default:
                throw new FormatException($"a {type} value has no scalar text form");
        }
    }

    /// <summary>
    /// Appends the JSON value at the reader's current token (already read) to <paramref name="builder"/>, and leaves
    /// the reader on the value's last token.
    /// </summary>
    public static void AppendJson(ArrowArrayBuilder builder, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            builder.AppendNull();
            return;
        }
        ArrowType type = builder.Type;
        switch (type.TypeId)
        {
            case ArrowTypeId.Struct:
                AppendStruct((StructBuilder)builder, ref reader);
                return;
            case ArrowTypeId.List or ArrowTypeId.LargeList:
                Expect(ref reader, JsonTokenType.StartArray, "a JSON array");
                var list = (ListBuilder)builder;
                list.Append();
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    AppendJson(list.Values, ref reader);
                }
                return;
            case ArrowTypeId.Map:
                AppendMap((MapBuilder)builder, ref reader);
                return;
            case ArrowTypeId.Boolean:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    throw new FormatException("expected true or false");
                }
                ((BooleanBuilder)builder).Append(reader.TokenType == JsonTokenType.True);
                return;
            case ArrowTypeId.String or ArrowTypeId.LargeString:
                Expect(ref reader, JsonTokenType.String, "a JSON string");
                AppendUnescaped(builder, ref reader, raw: true);
                return;
            case ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64
                or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64:
                Expect(ref reader, JsonTokenType.Number, "a JSON integer");
                AppendScalar(builder, reader.ValueSpan);
                return;
            case ArrowTypeId.Float32 or ArrowTypeId.Float64 or ArrowTypeId.Decimal128:
                if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String))
                {
                    throw new FormatException("expected a JSON number or a string holding one");
                }
                AppendUnescaped(builder, ref reader, raw: false);
                return;
            default:
                Expect(ref reader, JsonTokenType.String, "a JSON string");
                AppendUnescaped(builder, ref reader, raw: false);
                return;
        }
    }

    /// <summary>Appends one struct from a JSON object at the reader's current token.</summary>
    public static void AppendStruct(StructBuilder builder, ref Utf8JsonReader reader)
    {
        AppendObjectFields(builder.StructType.Fields, builder.Fields, ref reader);
        builder.Append();
    }

    /// <summary>
    /// Appends one value to each of <paramref name="builders"/> from the JSON object at the reader's current token:
    /// fields by name (exact, else case-insensitive), missing fields null, unknown or repeated fields an error.
    /// </summary>
    public static void AppendObjectFields(IReadOnlyList<Field> fields, IReadOnlyList<ArrowArrayBuilder> builders, ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a JSON object");
        Span<bool> seen = fields.Count <= 256 ? stackalloc bool[fields.Count] : new bool[fields.Count];
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            int index = FindField(fields, ref reader);
            if (index < 0)
            {
                throw new FormatException($"unknown field '{reader.GetString()}' (the fields are {Names(fields)})");
            }
            if (seen[index])
            {
                throw new FormatException($"field '{fields[index].Name}' appears twice");
            }
            seen[index] = true;
            Next(ref reader);
            try
            {
                AppendJson(builders[index], ref reader);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"field '{fields[index].Name}': {ex.Message}", ex);
            }
        }
        for (int i = 0; i < seen.Length; i++)
        {
            if (!seen[i])
            {
                builders[i].AppendNull();
            }
        }
    }

    private static void AppendMap(MapBuilder builder, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // {"k": v, ...}: a convenience form for maps with string keys.
            if (builder.MapType.KeyField.DataType.TypeId is not (ArrowTypeId.String or ArrowTypeId.LargeString))
            {
                throw new FormatException("a map with non-string keys must be a JSON array of {\"key\":…,\"value\":…} objects");
            }
            builder.Append();
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                AppendUnescaped(builder.Keys, ref reader, raw: true);
                Next(ref reader);
                AppendJson(builder.Items, ref reader);
            }
            return;
        }
        Expect(ref reader, JsonTokenType.StartArray, "a JSON array of {\"key\":…,\"value\":…} objects");
        builder.Append();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a {\"key\":…,\"value\":…} object");
            bool hasKey = false;
            bool hasValue = false;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                bool isKey = reader.ValueTextEquals("key"u8);
                if (!isKey && !reader.ValueTextEquals("value"u8))
                {
                    throw new FormatException($"a map entry has only \"key\" and \"value\", not '{reader.GetString()}'");
                }
                if ((isKey && hasKey) || (!isKey && hasValue))
                {
                    throw new FormatException("a map entry names its key or value twice");
                }
                Next(ref reader);
                if (isKey)
                {
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        throw new FormatException("map keys must not be null");
                    }
                    AppendJson(builder.Keys, ref reader);
                    hasKey = true;
                }
                else
                {
                    AppendJson(builder.Items, ref reader);
                    hasValue = true;
                }
            }
            if (!hasKey)
            {
                throw new FormatException("a map entry has no \"key\"");
            }
            if (!hasValue)
            {
                builder.Items.AppendNull();
            }
        }
    }

    /// <summary>Index of the field named by the property at the reader, exact match first, else case-insensitive.</summary>
    public static int FindField(IReadOnlyList<Field> fields, ref Utf8JsonReader reader)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (reader.ValueTextEquals(fields[i].Name))
            {
                return i;
            }
        }
        string name = reader.GetString()!;
        for (int i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Names(IReadOnlyList<Field> fields)
    {
        var names = new StringBuilder();
        for (int i = 0; i < fields.Count && i < 20; i++)
        {
            names.Append(i == 0 ? "" : ", ").Append(fields[i].Name);
        }
        return names.ToString();
    }

    private static void AppendUnescaped(ArrowArrayBuilder builder, ref Utf8JsonReader reader, bool raw)
    {
        if (!reader.ValueIsEscaped)
        {
            if (raw)
            {
                ((BinaryBuilder)builder).Append(reader.ValueSpan);
            }
            else
            {
                AppendScalar(builder, reader.ValueSpan);
            }
            return;
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            int length = reader.CopyString(rented);
            if (raw)
            {
                ((BinaryBuilder)builder).Append(rented.AsSpan(0, length));
            }
            else
            {
                AppendScalar(builder, rented.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("the JSON value ends early");
        }
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new FormatException($"expected {what}, found {Describe(reader.TokenType)}");
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static bool ParseBoolean(ReadOnlySpan<byte> text)
    {
        if (Ascii.EqualsIgnoreCase(text, "true"u8))
        {
            return true;
        }
        if (Ascii.EqualsIgnoreCase(text, "false"u8))
        {
            return false;
        }
        throw new FormatException($"'{Show(text)}' is not a boolean (true or false)");
    }

    private static long ParseInteger(ReadOnlySpan<byte> text, long min, long max, string typeName)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            throw new FormatException($"'{Show(text)}' is not a {typeName} ({min} to {max})");
        }
        return value;
    }

    private static ulong ParseUnsigned(ReadOnlySpan<byte> text, ulong max)
    {
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) || value > max)
        {
            throw new FormatException($"'{Show(text)}' is not an unsigned integer up to {max}");
        }
        return value;
    }

    private static double ParseDouble(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("NaN"u8))
        {
            return double.NaN;
        }
        if (text.SequenceEqual("Infinity"u8) || text.SequenceEqual("+Infinity"u8))
        {
            return double.PositiveInfinity;
        }
        if (text.SequenceEqual("-Infinity"u8))
        {
            return double.NegativeInfinity;
        }
        if (text.IsEmpty || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new FormatException($"'{Show(text)}' is not a number");
        }
        return value;
    }

    /// <summary>Parses a plain decimal (optional sign, digits, optional point and digits; no exponent) into its
    /// unscaled value at <paramref name="scale"/>. Extra fractional digits are an error unless they are zeros.</summary>
    internal static Int128 ParseDecimal(ReadOnlySpan<byte> text, int precision, int scale)
    {
        int i = 0;
        bool negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }
        Int128 unscaled = 0;
        int digits = 0;
        int fraction = -1;
        bool any = false;
        for (; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == '.' && fraction < 0)
            {
                fraction = 0;
                continue;
            }
            if (c < '0' || c > '9')
            {
                throw new FormatException($"'{Show(text)}' is not a decimal number");
            }
            any = true;
            if (fraction >= 0)
            {
                if (fraction == scale)
                {
                    if (c != '0')
                    {
                        throw new FormatException($"'{Show(text)}' has more than {scale} digits after the point");
                    }
                    continue;
                }
                fraction++;
            }
            if (unscaled != 0 || c != '0')
            {
                digits++;
            }
            if (digits > 38)
            {
                throw new FormatException($"'{Show(text)}' has too many digits");
            }
            unscaled = (unscaled * 10) + (c - '0');
        }
        if (!any)
        {
            throw new FormatException($"'{Show(text)}' is not a decimal number");
        }
        for (int f = Math.Max(fraction, 0); f < scale; f++)
        {
            unscaled *= 10;
            digits++;
        }
        Int128 limit = Int128.One;
        for (int p = 0; p < precision; p++)
        {
            limit *= 10;
        }
        if (unscaled >= limit)
        {
            throw new FormatException($"'{Show(text)}' does not fit decimal({precision},{scale})");
        }
        return negative ? -unscaled : unscaled;
    }

    private static void AppendBase64(BinaryBuilder builder, ReadOnlySpan<byte> text)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(text.Length) + 1);
        try
        {
            if (Base64.DecodeFromUtf8(text, rented, out int consumed, out int written) != OperationStatus.Done || consumed != text.Length)
            {
                throw new FormatException($"'{Show(text)}' is not base64 (binary values are written in base64)");
            }
            builder.Append(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses <c>YYYY-MM-DD</c> into days since 1970-01-01.</summary>
    internal static int ParseDate(ReadOnlySpan<byte> text)
    {
        int position = 0;
        if (!TryParseDate(text, ref position, out int days) || position != text.Length)
        {
            throw new FormatException($"'{Show(text)}' is not a date (YYYY-MM-DD)");
        }
        return days;
    }

    private static bool TryParseDate(ReadOnlySpan<byte> text, ref int position, out int days)
    {
        days = 0;
        if (text.Length - position < 10 || text[position + 4] != '-' || text[position + 7] != '-'
            || !TryDigits(text.Slice(position, 4), out int year) || !TryDigits(text.Slice(position + 5, 2), out int month)
            || !TryDigits(text.Slice(position + 8, 2), out int day)
            || year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        days = new DateOnly(year, month, day).DayNumber - EpochDayNumber;
        position += 10;
        return true;
    }

    /// <summary>
    /// Parses <c>YYYY-MM-DD[(T| )hh:mm[:ss[.fffffffff]]][Z|±hh:mm|±hhmm]</c> into <paramref name="unit"/> since the
    /// epoch. For a zoned column a value without a zone is UTC; for a zone-less (timestamp_ntz) column a zone is an
    /// error. Digits beyond the unit's precision must be zeros.
    /// </summary>
    internal static long ParseTimestamp(ReadOnlySpan<byte> text, TimeUnit unit, bool zoned)
    {
        int position = 0;
        if (!TryParseDate(text, ref position, out int days))
        {
            throw new FormatException($"'{Show(text)}' is not a timestamp (YYYY-MM-DD hh:mm:ss[.ffffff][Z])");
        }
        long seconds = days * SecondsPerDay;
        long nanos = 0;
        if (position < text.Length && (text[position] == 'T' || text[position] == ' '))
        {
            position++;
            if (text.Length - position < 5 || text[position + 2] != ':' || !TryDigits(text.Slice(position, 2), out int hour)
                || !TryDigits(text.Slice(position + 3, 2), out int minute) || hour > 23 || minute > 59)
            {
                throw new FormatException($"'{Show(text)}' has no valid time of day (hh:mm[:ss])");
            }
            position += 5;
            int second = 0;
            if (position < text.Length && text[position] == ':')
            {
                if (text.Length - position < 3 || !TryDigits(text.Slice(position + 1, 2), out second) || second > 59)
                {
                    throw new FormatException($"'{Show(text)}' has no valid seconds");
                }
                position += 3;
                if (position < text.Length && text[position] == '.')
                {
                    position++;
                    int start = position;
                    while (position < text.Length && text[position] >= '0' && text[position] <= '9')
                    {
                        if (position - start < 9)
                        {
                            nanos = (nanos * 10) + (text[position] - '0');
                        }
                        else if (text[position] != '0')
                        {
                            throw new FormatException($"'{Show(text)}' has more than 9 fractional digits");
                        }
                        position++;
                    }
                    if (position == start)
                    {
                        throw new FormatException($"'{Show(text)}' has a point but no fractional digits");
                    }
                    for (int d = Math.Min(position - start, 9); d < 9; d++)
                    {
                        nanos *= 10;
                    }
                }
            }
            seconds += (hour * 3600L) + (minute * 60L) + second;
        }
        if (position < text.Length)
        {
            if (!zoned)
            {
                throw new FormatException($"'{Show(text)}' has a time zone, but the column is a timestamp without time zone");
            }
            if (text[position] == 'Z' && position + 1 == text.Length)
            {
                position++;
            }
            else if (text[position] == '+' || text[position] == '-')
            {
                int sign = text[position] == '-' ? -1 : 1;
                if (!TryParseOffset(text[(position + 1)..], out int offsetHours, out int offsetMinutes))
                {
                    throw new FormatException($"'{Show(text)}' has an invalid zone offset");
                }
                seconds -= sign * ((offsetHours * 3600L) + (offsetMinutes * 60L));
                position = text.Length;
            }
            else
            {
                throw new FormatException($"'{Show(text)}' is not a timestamp (YYYY-MM-DD hh:mm:ss[.ffffff][Z])");
            }
        }
        long perSecond = unit switch
        {
            TimeUnit.Second => 1,
            TimeUnit.Millisecond => 1_000,
            TimeUnit.Microsecond => MicrosPerSecond,
            _ => 1_000_000_000,
        };
        long nanosPerUnit = 1_000_000_000 / perSecond;
        if (nanos % nanosPerUnit != 0)
        {
            throw new FormatException($"'{Show(text)}' is more precise than the column's {unit} unit");
        }
        try
        {
            return checked((seconds * perSecond) + (nanos / nanosPerUnit));
        }
        catch (OverflowException)
        {
            throw new FormatException($"'{Show(text)}' is out of range for {unit} timestamps");
        }
    }

    private static bool TryParseOffset(ReadOnlySpan<byte> zone, out int hours, out int minutes)
    {
        hours = 0;
        minutes = 0;
        bool ok = zone.Length switch
        {
            5 => zone[2] == ':' && TryDigits(zone[..2], out hours) && TryDigits(zone[3..], out minutes),
            4 => TryDigits(zone[..2], out hours) && TryDigits(zone[2..], out minutes),
            2 => TryDigits(zone, out hours),
            _ => TryDigits(default, out hours),
        };
        return ok && hours <= 18 && minutes <= 59;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return text.Length > 0;
    }

    private static string Show(ReadOnlySpan<byte> text)
    {
        string shown = Encoding.UTF8.GetString(text.Length > 64 ? text[..64] : text);
        return text.Length > 64 ? shown + "…" : shown;
    }
}
