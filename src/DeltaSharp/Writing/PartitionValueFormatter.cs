using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Schema;

namespace DeltaSharp.Writing;

/// <summary>
/// Serializes partition values as the Delta protocol defines ("Partition Value Serialization") and builds
/// Hive-style directory names and URI-encoded action paths. Null (and the empty string, as Spark does) is a null
/// partition value, stored under <see cref="HiveDefaultPartition"/>. Pure.
/// </summary>
internal static class PartitionValueFormatter
{
    public const string HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>The serialized value of row <paramref name="row"/> (logical index) or null.</summary>
    public static string? Format(ArrayData array, DeltaDataType type, int row)
    {
        int abs = array.Offset + row;
        if (array.ValidityBuffer is { } validity && !BitUtility.GetBit(validity.Span, abs))
        {
            return null;
        }
        ReadOnlySpan<byte> data = array.GetBuffer(1).Span;
        CultureInfo inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case DeltaPrimitiveType p:
                switch (p.Kind)
                {
                    case DeltaPrimitiveKind.String:
                    {
                        int start = BinaryPrimitives.ReadInt32LittleEndian(data[(abs * 4)..]);
                        int end = BinaryPrimitives.ReadInt32LittleEndian(data[((abs + 1) * 4)..]);
                        string s = Encoding.UTF8.GetString(array.GetBuffer(2).Span[start..end]);
                        return s.Length == 0 ? null : s;
                    }
                    case DeltaPrimitiveKind.Binary:
                    {
                        int start = BinaryPrimitives.ReadInt32LittleEndian(data[(abs * 4)..]);
                        int end = BinaryPrimitives.ReadInt32LittleEndian(data[((abs + 1) * 4)..]);
                        // As Delta Spark (a cast of binary to string): the UTF-8 decoding of the bytes, which the
                        // reader (PartitionValueParser) encodes back.
                        return Encoding.UTF8.GetString(array.GetBuffer(2).Span[start..end]);
                    }
                    case DeltaPrimitiveKind.Long:
                        return BinaryPrimitives.ReadInt64LittleEndian(data[(abs * 8)..]).ToString(inv);
                    case DeltaPrimitiveKind.Integer:
                        return BinaryPrimitives.ReadInt32LittleEndian(data[(abs * 4)..]).ToString(inv);
                    case DeltaPrimitiveKind.Short:
                        return BinaryPrimitives.ReadInt16LittleEndian(data[(abs * 2)..]).ToString(inv);
                    case DeltaPrimitiveKind.Byte:
                        return ((sbyte)data[abs]).ToString(inv);
                    case DeltaPrimitiveKind.Float:
                        return BinaryPrimitives.ReadSingleLittleEndian(data[(abs * 4)..]).ToString("R", inv);
                    case DeltaPrimitiveKind.Double:
                        return BinaryPrimitives.ReadDoubleLittleEndian(data[(abs * 8)..]).ToString("R", inv);
                    case DeltaPrimitiveKind.Boolean:
                        return BitUtility.GetBit(data, abs) ? "true" : "false";
                    case DeltaPrimitiveKind.Date:
                        return FormatDate(BinaryPrimitives.ReadInt32LittleEndian(data[(abs * 4)..]));
                    case DeltaPrimitiveKind.Timestamp or DeltaPrimitiveKind.TimestampNtz:
                        return FormatTimestamp(BinaryPrimitives.ReadInt64LittleEndian(data[(abs * 8)..]));
                }
                break;
            case DeltaDecimalType d:
                return FormatDecimal(new BigInteger(data.Slice(abs * 16, 16), isUnsigned: false, isBigEndian: false), d.Scale);
        }
        throw new DeltaUnsupportedFeatureException(type.TypeName, $"Partition columns of type {type.TypeName} are not supported.");
    }

    public static string FormatDate(int days) =>
        DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>yyyy-MM-dd HH:mm:ss.ffffff</c> in UTC from microseconds since the epoch.</summary>
    public static string FormatTimestamp(long micros)
    {
        DateTime t = DateTime.UnixEpoch.AddTicks(micros * 10);
        return t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    public static string FormatDecimal(BigInteger unscaled, int scale)
    {
        if (scale <= 0)
        {
            return (unscaled * BigInteger.Pow(10, -scale)).ToString(CultureInfo.InvariantCulture);
        }
        bool negative = unscaled.Sign < 0;
        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        return (negative ? "-" : string.Empty) + digits[..^scale] + "." + digits[^scale..];
    }

    /// <summary>Hive escaping of a directory name component (<c>%XX</c> for the characters Hive escapes).</summary>
    public static string EscapeHive(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c < ' ' || c is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '\u007F' or '{' or '[' or ']' or '^')
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>The relative directory of a partition: <c>col=value/col2=value2/</c> (empty when unpartitioned).</summary>
    public static string Directory(string[] columns, string?[] values)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < columns.Length; i++)
        {
            sb.Append(EscapeHive(columns[i])).Append('=').Append(values[i] is { } v ? EscapeHive(v) : HiveDefaultPartition).Append('/');
        }
        return sb.ToString();
    }

    /// <summary>Percent-encodes a relative path for an action's <c>path</c> (a relative URI): everything but
    /// unreserved characters, <c>/</c> and <c>=</c> becomes UTF-8 <c>%XX</c>.</summary>
    public static string EncodeUriPath(string path)
    {
        var sb = new StringBuilder(path.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (Rune rune in path.EnumerateRunes())
        {
            int v = rune.Value;
            if (v < 128 && (char.IsAsciiLetterOrDigit((char)v) || v is '-' or '.' or '_' or '~' or '/' or '='))
            {
                sb.Append((char)v);
                continue;
            }
            int n = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++)
            {
                sb.Append('%').Append(utf8[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>True when <paramref name="name"/> is one of <paramref name="partitionColumns"/> (case-insensitive, as Delta column names are).</summary>
    public static bool IsPartitionColumn(IReadOnlyList<string> partitionColumns, string name)
    {
        foreach (string column in partitionColumns)
        {
            if (string.Equals(column, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
