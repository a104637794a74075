using System;

namespace DeltaSharp.Arrow.Types;

/// <summary>
/// int64 time since 1970-01-01T00:00:00 in <see cref="Unit"/>. With a <see cref="TimeZone"/> the value is an
/// instant in UTC (Delta <c>timestamp</c>); without one it is a wall-clock time (Delta <c>timestamp_ntz</c>).
/// </summary>
public sealed class TimestampType : ArrowType
{
    /// <summary>Creates a timestamp type.</summary>
    /// <param name="unit">Resolution.</param>
    /// <param name="timeZone">Time zone name such as <c>UTC</c> or <c>+00:00</c>; null or empty for none.</param>
    public TimestampType(TimeUnit unit, string? timeZone = null)
        : base(ArrowTypeId.Timestamp)
    {
        Unit = unit;
        TimeZone = string.IsNullOrEmpty(timeZone) ? null : timeZone;
    }

    /// <summary>The resolution.</summary>
    public TimeUnit Unit { get; }

    /// <summary>The time zone, or null for a wall-clock (zone-less) timestamp.</summary>
    public string? TimeZone { get; }

    /// <summary>True when the values are UTC instants.</summary>
    public bool HasTimeZone => TimeZone is not null;

    /// <inheritdoc />
    public override int BitWidth => 64;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) =>
        other is TimestampType t && t.Unit == Unit && string.Equals(t.TimeZone, TimeZone, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, Unit, TimeZone);

    /// <inheritdoc />
    public override string ToString() =>
        "timestamp[" + TimeUnits.Abbreviation(Unit) + (TimeZone is null ? "]" : ", tz=" + TimeZone + "]");
}
