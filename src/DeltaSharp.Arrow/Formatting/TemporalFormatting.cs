using System;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Formatting;

/// <summary>ISO 8601 text for dates, times and timestamps (proleptic Gregorian calendar, astronomical years).</summary>
internal static class TemporalFormatting
{
    public const long SecondsPerDay = 86_400;

    /// <summary>Writes <c>YYYY-MM-DD</c> (years outside 0001–9999 with a sign and at least 4 digits).</summary>
    public static int WriteDate(Span<byte> dest, long daysSinceEpoch)
    {
        CivilFromDays(daysSinceEpoch, out long year, out int month, out int day);
        int p = WriteYear(dest, year);
        dest[p++] = (byte)'-';
        p += Write2(dest[p..], month);
        dest[p++] = (byte)'-';
        p += Write2(dest[p..], day);
        return p;
    }

    /// <summary>Writes <c>YYYY-MM-DDTHH:MM:SS.ffffff</c> (9 fraction digits for nanoseconds), plus <c>Z</c> when
    /// <paramref name="utc"/>.</summary>
    public static int WriteTimestamp(Span<byte> dest, long value, TimeUnit unit, bool utc)
    {
        long perSecond = TimeUnits.PerSecond(unit);
        long perDay = SecondsPerDay * perSecond;
        long days = FloorDiv(value, perDay);
        long inDay = value - (days * perDay);
        int p = WriteDate(dest, days);
        dest[p++] = (byte)'T';
        p += WriteTimeOfDay(dest[p..], inDay, unit);
        if (utc)
        {
            dest[p++] = (byte)'Z';
        }
        return p;
    }

    /// <summary>Writes <c>HH:MM:SS.ffffff</c> (9 fraction digits for nanoseconds) for a time of day.</summary>
    public static int WriteTimeOfDay(Span<byte> dest, long inDay, TimeUnit unit)
    {
        long perSecond = TimeUnits.PerSecond(unit);
        long seconds = inDay / perSecond;
        long fraction = inDay % perSecond;
        int p = Write2(dest, (int)(seconds / 3600));
        dest[p++] = (byte)':';
        p += Write2(dest[p..], (int)(seconds / 60 % 60));
        dest[p++] = (byte)':';
        p += Write2(dest[p..], (int)(seconds % 60));
        dest[p++] = (byte)'.';
        int digits = unit == TimeUnit.Nanosecond ? 9 : 6;
        long scaled = unit switch
        {
            TimeUnit.Second => 0,
            TimeUnit.Millisecond => fraction * 1000,
            _ => fraction,
        };
        for (int i = digits - 1; i >= 0; i--)
        {
            dest[p + i] = (byte)('0' + (scaled % 10));
            scaled /= 10;
        }
        return p + digits;
    }

    public static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

    /// <summary>Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).</summary>
    public static void CivilFromDays(long days, out long year, out int month, out int day)
    {
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - (era * 146_097);
        long yoe = (doe - (doe / 1460) + (doe / 36_524) - (doe / 146_096)) / 365;
        long doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        long mp = ((5 * doy) + 2) / 153;
        day = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = yoe + (era * 400) + (month <= 2 ? 1 : 0);
    }

    private static int WriteYear(Span<byte> dest, long year)
    {
        int p = 0;
        if (year is < 1 or > 9999)
        {
            dest[p++] = year < 0 ? (byte)'-' : (byte)'+';
        }
        ulong magnitude = year < 0 ? (ulong)(-(year + 1)) + 1 : (ulong)year;
        Span<byte> tmp = stackalloc byte[20];
        int n = 0;
        do
        {
            tmp[n++] = (byte)('0' + (magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0);
        for (int pad = n; pad < 4; pad++)
        {
            dest[p++] = (byte)'0';
        }
        while (n > 0)
        {
            dest[p++] = tmp[--n];
        }
        return p;
    }

    private static int Write2(Span<byte> dest, int value)
    {
        dest[0] = (byte)('0' + (value / 10));
        dest[1] = (byte)('0' + (value % 10));
        return 2;
    }
}
