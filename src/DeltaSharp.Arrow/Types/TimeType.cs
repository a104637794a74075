using System;

namespace DeltaSharp.Arrow.Types;

/// <summary>Time of day since midnight: int32 for seconds/milliseconds (<see cref="ArrowTypeId.Time32"/>), int64
/// for microseconds/nanoseconds (<see cref="ArrowTypeId.Time64"/>).</summary>
public sealed class TimeType : ArrowType
{
    /// <summary>Creates a time type; the storage width follows from <paramref name="unit"/>.</summary>
    public TimeType(TimeUnit unit)
        : base(unit is TimeUnit.Second or TimeUnit.Millisecond ? ArrowTypeId.Time32 : ArrowTypeId.Time64) => Unit = unit;

    /// <summary>The resolution.</summary>
    public TimeUnit Unit { get; }

    /// <inheritdoc />
    public override int BitWidth => TypeId == ArrowTypeId.Time32 ? 32 : 64;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) => other is TimeType t && t.Unit == Unit;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, Unit);

    /// <inheritdoc />
    public override string ToString() => (TypeId == ArrowTypeId.Time32 ? "time32[" : "time64[") + TimeUnits.Abbreviation(Unit) + "]";
}
