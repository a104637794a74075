namespace DeltaSharp.Schema;

/// <summary>
/// A Delta column type (PROTOCOL.md "Schema Serialization Format"): <see cref="DeltaPrimitiveType"/>,
/// <see cref="DeltaDecimalType"/>, <see cref="DeltaStructType"/>, <see cref="DeltaArrayType"/> or
/// <see cref="DeltaMapType"/>. Instances are immutable; equality is structural.
/// </summary>
public abstract class DeltaDataType
{
    /// <summary>Only the types of this assembly derive from this class.</summary>
    private protected DeltaDataType()
    {
    }

    /// <summary>The type as Delta's schema JSON spells a simple type (<c>long</c>, <c>decimal(10,2)</c>), or the
    /// kind (<c>struct</c>, <c>array</c>, <c>map</c>) for nested types.</summary>
    public abstract string TypeName { get; }

    /// <inheritdoc />
    public override string ToString() => TypeName;
}
