namespace DeltaSharp.Arrow;

/// <summary>An array of the null type: every slot is null and there are no buffers.</summary>
public sealed class NullArray : ArrowArray
{
    internal NullArray(ArrayData data, bool ownsData)
        : base(data, ownsData) => CheckType(data, data.Type.TypeId == Types.ArrowTypeId.Null, "null");

    /// <summary>Creates an owning null array of <paramref name="length"/> slots (allocates nothing).</summary>
    public NullArray(int length)
        : this(new ArrayData(Types.ArrowType.Null, length, length, 0, []), true)
    {
    }
}
