using System;

namespace DeltaSharp.Arrow.Types;

/// <summary>Elapsed time as int64 in <see cref="Unit"/>.</summary>
public sealed class DurationType : ArrowType
{
    /// <summary>Creates a duration type.</summary>
    public DurationType(TimeUnit unit)
        : base(ArrowTypeId.Duration) => Unit = unit;

    /// <summary>The resolution.</summary>
    public TimeUnit Unit { get; }

    /// <inheritdoc />
    public override int BitWidth => 64;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) => other is DurationType t && t.Unit == Unit;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, Unit);

    /// <inheritdoc />
    public override string ToString() => "duration[" + TimeUnits.Abbreviation(Unit) + "]";
}
