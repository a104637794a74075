using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Maps: a list of <c>entries</c> structs with <see cref="Keys"/> and <see cref="Items"/> children.</summary>
public sealed class MapArray : ListArray
{
    internal MapArray(ArrayData data, bool ownsData)
        : base(data, ownsData) => CheckType(data, data.Type.TypeId == ArrowTypeId.Map, "map");

    /// <summary>The entries (borrowed; same as <see cref="ListArray.Values"/>).</summary>
    public StructArray Entries => (StructArray)Values;

    /// <summary>All keys (borrowed), indexed like <see cref="Entries"/>.</summary>
    public ArrowArray Keys => Entries.GetField(0);

    /// <summary>All values (borrowed), indexed like <see cref="Entries"/>.</summary>
    public ArrowArray Items => Entries.GetField(1);
}
