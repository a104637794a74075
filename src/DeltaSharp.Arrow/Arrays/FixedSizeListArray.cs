using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Lists of exactly <see cref="ListSize"/> values; slot <c>i</c> holds child values
/// <c>[(Offset + i) × size, (Offset + i + 1) × size)</c>. Buffers: [validity]; one child.</summary>
public sealed class FixedSizeListArray : ArrowArray
{
    private ArrowArray? _values;

    internal FixedSizeListArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type.TypeId == ArrowTypeId.FixedSizeList, "fixed_size_list");
        ListSize = ((FixedSizeListType)data.Type).ListSize;
    }

    /// <summary>Values per slot.</summary>
    public int ListSize { get; }

    /// <summary>All child values (borrowed; not sliced).</summary>
    public ArrowArray Values => _values ??= Borrow(Data.Children[0]);

    /// <summary>Index in <see cref="Values"/> of the first value of slot <paramref name="index"/>.</summary>
    public int GetValueStart(int index)
    {
        CheckIndex(index);
        return checked((Data.Offset + index) * ListSize);
    }
}
