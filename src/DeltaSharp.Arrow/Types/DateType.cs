namespace DeltaSharp.Arrow.Types;

/// <summary>Calendar dates: <see cref="ArrowTypeId.Date32"/> (int32 days since 1970-01-01) or
/// <see cref="ArrowTypeId.Date64"/> (int64 milliseconds since the epoch, a whole number of days).</summary>
public sealed class DateType : ArrowType
{
    private DateType(ArrowTypeId id)
        : base(id)
    {
    }

    /// <summary>int32 days since the epoch.</summary>
    public static new DateType Date32 { get; } = new(ArrowTypeId.Date32);

    /// <summary>int64 milliseconds since the epoch.</summary>
    public static new DateType Date64 { get; } = new(ArrowTypeId.Date64);

    /// <inheritdoc />
    public override int BitWidth => TypeId == ArrowTypeId.Date32 ? 32 : 64;

    /// <inheritdoc />
    public override string ToString() => TypeId == ArrowTypeId.Date32 ? "date32[day]" : "date64[ms]";
}
