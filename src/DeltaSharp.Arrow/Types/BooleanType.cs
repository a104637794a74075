namespace DeltaSharp.Arrow.Types;

/// <summary>Booleans, bit-packed LSB-first.</summary>
public sealed class BooleanType : ArrowType
{
    internal static readonly BooleanType Instance = new();

    private BooleanType()
        : base(ArrowTypeId.Boolean)
    {
    }

    /// <inheritdoc />
    public override int BitWidth => 1;

    /// <inheritdoc />
    public override string ToString() => "bool";
}
