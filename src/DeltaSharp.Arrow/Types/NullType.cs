namespace DeltaSharp.Arrow.Types;

/// <summary>The null type: every value is null and arrays have no buffers.</summary>
public sealed class NullType : ArrowType
{
    internal static readonly NullType Instance = new();

    private NullType()
        : base(ArrowTypeId.Null)
    {
    }

    /// <inheritdoc />
    public override string ToString() => "null";
}
