namespace DeltaSharp.Arrow.Types;

/// <summary>IEEE 754 floating point of 16, 32 or 64 bits. Use the static instances.</summary>
public sealed class FloatingPointType : ArrowType
{
    private readonly int _bitWidth;

    private FloatingPointType(ArrowTypeId id, int bitWidth)
        : base(id) => _bitWidth = bitWidth;

    /// <summary>Half precision (<see cref="System.Half"/>).</summary>
    public static new FloatingPointType Float16 { get; } = new(ArrowTypeId.Float16, 16);

    /// <summary>Single precision (<see cref="float"/>).</summary>
    public static new FloatingPointType Float32 { get; } = new(ArrowTypeId.Float32, 32);

    /// <summary>Double precision (<see cref="double"/>).</summary>
    public static new FloatingPointType Float64 { get; } = new(ArrowTypeId.Float64, 64);

    /// <inheritdoc />
    public override int BitWidth => _bitWidth;

    /// <inheritdoc />
    public override string ToString() => _bitWidth switch { 16 => "halffloat", 32 => "float", _ => "double" };
}
