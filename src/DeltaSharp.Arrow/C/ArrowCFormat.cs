using System;
using System.Collections.Generic;
using System.Globalization;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.C;

/// <summary>Arrow C Data Interface format strings: <see cref="ArrowType"/> to format and back (children and
/// dictionaries are carried by the schema structs, not the format).</summary>
internal static class ArrowCFormat
{
    internal const long FlagDictionaryOrdered = 1;
    internal const long FlagNullable = 2;
    internal const long FlagMapKeysSorted = 4;

    /// <summary>The format string of <paramref name="type"/> (for a dictionary: its index type's).</summary>
    internal static string ToFormat(ArrowType type) => type switch
    {
        DictionaryType d => ToFormat(d.IndexType),
        DecimalType d => d.DecimalBitWidth == 128
            ? string.Create(CultureInfo.InvariantCulture, $"d:{d.Precision},{d.Scale}")
            : string.Create(CultureInfo.InvariantCulture, $"d:{d.Precision},{d.Scale},{d.DecimalBitWidth}"),
        FixedSizeBinaryType f => string.Create(CultureInfo.InvariantCulture, $"w:{f.ByteWidth}"),
        FixedSizeListType f => string.Create(CultureInfo.InvariantCulture, $"+w:{f.ListSize}"),
        TimeType t => "tt" + UnitLetter(t.Unit),
        TimestampType t => "ts" + UnitLetter(t.Unit) + ":" + (t.TimeZone ?? string.Empty),
        DurationType d => "tD" + UnitLetter(d.Unit),
        _ => type.TypeId switch
        {
            ArrowTypeId.Null => "n",
            ArrowTypeId.Boolean => "b",
            ArrowTypeId.Int8 => "c",
            ArrowTypeId.UInt8 => "C",
            ArrowTypeId.Int16 => "s",
            ArrowTypeId.UInt16 => "S",
            ArrowTypeId.Int32 => "i",
            ArrowTypeId.UInt32 => "I",
            ArrowTypeId.Int64 => "l",
            ArrowTypeId.UInt64 => "L",
            ArrowTypeId.Float16 => "e",
            ArrowTypeId.Float32 => "f",
            ArrowTypeId.Float64 => "g",
            ArrowTypeId.Binary => "z",
            ArrowTypeId.LargeBinary => "Z",
            ArrowTypeId.String => "u",
            ArrowTypeId.LargeString => "U",
            ArrowTypeId.BinaryView => "vz",
            ArrowTypeId.StringView => "vu",
            ArrowTypeId.Date32 => "tdD",
            ArrowTypeId.Date64 => "tdm",
            ArrowTypeId.List => "+l",
            ArrowTypeId.LargeList => "+L",
            ArrowTypeId.Struct => "+s",
            ArrowTypeId.Map => "+m",
            _ => throw new NotSupportedException($"Arrow type {type} has no C Data Interface export in DeltaSharp."),
        },
    };

    /// <summary>
    /// Parses a format string. <paramref name="children"/> are the already-imported child fields (for nested
    /// formats); <paramref name="flags"/> the schema flags.
    /// </summary>
    /// <exception cref="FormatException">The format is unknown or malformed (message names it).</exception>
    internal static ArrowType FromFormat(string format, IReadOnlyList<Field> children, long flags)
    {
        switch (format)
        {
            case "n": return ArrowType.Null;
            case "b": return ArrowType.Boolean;
            case "c": return ArrowType.Int8;
            case "C": return ArrowType.UInt8;
            case "s": return ArrowType.Int16;
            case "S": return ArrowType.UInt16;
            case "i": return ArrowType.Int32;
            case "I": return ArrowType.UInt32;
            case "l": return ArrowType.Int64;
            case "L": return ArrowType.UInt64;
            case "e": return ArrowType.Float16;
            case "f": return ArrowType.Float32;
            case "g": return ArrowType.Float64;
            case "z": return ArrowType.Binary;
            case "Z": return ArrowType.LargeBinary;
            case "u": return ArrowType.Utf8;
            case "U": return ArrowType.LargeUtf8;
            case "vz": return ArrowType.BinaryView;
            case "vu": return ArrowType.Utf8View;
            case "tdD": return ArrowType.Date32;
            case "tdm": return ArrowType.Date64;
            case "tts": return new TimeType(TimeUnit.Second);
            case "ttm": return new TimeType(TimeUnit.Millisecond);
            case "ttu": return new TimeType(TimeUnit.Microsecond);
            case "ttn": return new TimeType(TimeUnit.Nanosecond);
            case "tDs": return new DurationType(TimeUnit.Second);
            case "tDm": return new DurationType(TimeUnit.Millisecond);
            case "tDu": return new DurationType(TimeUnit.Microsecond);
            case "tDn": return new DurationType(TimeUnit.Nanosecond);
            case "+l": return new ListType(SingleChild(format, children));
            case "+L": return new ListType(SingleChild(format, children), isLarge: true);
            case "+s": return new StructType(children);
            case "+m": return new MapType(SingleChild(format, children), keysSorted: (flags & FlagMapKeysSorted) != 0);
        }
        if (format.StartsWith("ts", StringComparison.Ordinal) && format.Length >= 4 && format[3] == ':')
        {
            string zone = format[4..];
            return new TimestampType(ParseUnit(format, format[2]), zone.Length == 0 ? null : zone);
        }
        if (format.StartsWith("w:", StringComparison.Ordinal))
        {
            return new FixedSizeBinaryType(ParsePositive(format, format[2..]));
        }
        if (format.StartsWith("+w:", StringComparison.Ordinal))
        {
            return new FixedSizeListType(SingleChild(format, children), ParsePositive(format, format[3..]));
        }
        if (format.StartsWith("d:", StringComparison.Ordinal))
        {
            string[] parts = format[2..].Split(',');
            if (parts.Length is < 2 or > 3)
            {
                throw new FormatException($"Malformed decimal format '{format}'.");
            }
            int precision = ParsePositive(format, parts[0]);
            int scale = int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            int bits = parts.Length == 3 ? ParsePositive(format, parts[2]) : 128;
            if (bits is not (128 or 256))
            {
                throw new FormatException($"Decimal bit width {bits} in '{format}' is not supported (128 or 256).");
            }
            return new DecimalType(precision, scale, bits);
        }
        throw new FormatException($"Unsupported Arrow C format string '{format}'.");
    }

    private static Field SingleChild(string format, IReadOnlyList<Field> children)
    {
        if (children.Count != 1)
        {
            throw new FormatException($"Format '{format}' needs exactly one child, got {children.Count}.");
        }
        return children[0];
    }

    private static int ParsePositive(string format, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
        {
            throw new FormatException($"Malformed number '{text}' in Arrow C format string '{format}'.");
        }
        return value;
    }

    private static char UnitLetter(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 's',
        TimeUnit.Millisecond => 'm',
        TimeUnit.Microsecond => 'u',
        _ => 'n',
    };

    private static TimeUnit ParseUnit(string format, char letter) => letter switch
    {
        's' => TimeUnit.Second,
        'm' => TimeUnit.Millisecond,
        'u' => TimeUnit.Microsecond,
        'n' => TimeUnit.Nanosecond,
        _ => throw new FormatException($"Unknown time unit '{letter}' in Arrow C format string '{format}'."),
    };
}
