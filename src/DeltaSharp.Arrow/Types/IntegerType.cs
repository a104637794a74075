namespace DeltaSharp.Arrow.Types;

/// <summary>Signed or unsigned integers of 8, 16, 32 or 64 bits. Use the static instances.</summary>
public sealed class IntegerType : ArrowType
{
    private readonly int _bitWidth;

    private IntegerType(ArrowTypeId id, int bitWidth, bool isSigned)
        : base(id)
    {
        _bitWidth = bitWidth;
        IsSigned = isSigned;
    }

    /// <summary>Signed 8-bit.</summary>
    public static new IntegerType Int8 { get; } = new(ArrowTypeId.Int8, 8, true);

    /// <summary>Signed 16-bit.</summary>
    public static new IntegerType Int16 { get; } = new(ArrowTypeId.Int16, 16, true);

    /// <summary>Signed 32-bit.</summary>
    public static new IntegerType Int32 { get; } = new(ArrowTypeId.Int32, 32, true);

    /// <summary>Signed 64-bit.</summary>
    public static new IntegerType Int64 { get; } = new(ArrowTypeId.Int64, 64, true);

    /// <summary>Unsigned 8-bit.</summary>
    public static new IntegerType UInt8 { get; } = new(ArrowTypeId.UInt8, 8, false);

    /// <summary>Unsigned 16-bit.</summary>
    public static new IntegerType UInt16 { get; } = new(ArrowTypeId.UInt16, 16, false);

    /// <summary>Unsigned 32-bit.</summary>
    public static new IntegerType UInt32 { get; } = new(ArrowTypeId.UInt32, 32, false);

    /// <summary>Unsigned 64-bit.</summary>
    public static new IntegerType UInt64 { get; } = new(ArrowTypeId.UInt64, 64, false);

    /// <summary>True for signed types.</summary>
    public bool IsSigned { get; }

    /// <inheritdoc />
    public override int BitWidth => _bitWidth;

    /// <summary>Returns the integer type with the given width and signedness.</summary>
    public static IntegerType Get(int bitWidth, bool isSigned) => (bitWidth, isSigned) switch
    {
        (8, true) => Int8,
        (16, true) => Int16,
        (32, true) => Int32,
        (64, true) => Int64,
        (8, false) => UInt8,
        (16, false) => UInt16,
        (32, false) => UInt32,
        (64, false) => UInt64,
        _ => throw new System.ArgumentOutOfRangeException(nameof(bitWidth), $"No {bitWidth}-bit integer type."),
    };

    /// <inheritdoc />
    public override string ToString() => (IsSigned ? "int" : "uint") + _bitWidth.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
