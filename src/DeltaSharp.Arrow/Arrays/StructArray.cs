using System;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Rows of named fields. Buffers: [validity]; one child per field. Children are not sliced: slot <c>i</c> of this
/// array is slot <c>Offset + i</c> of each child (use <see cref="GetFieldSlot"/>).
/// </summary>
public sealed class StructArray : ArrowArray
{
    private readonly ArrowArray?[] _fields;

    internal StructArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type.TypeId == ArrowTypeId.Struct, "struct");
        StructType = (StructType)data.Type;
        _fields = new ArrowArray?[data.Children.Count];
    }

    /// <summary>The struct type.</summary>
    public StructType StructType { get; }

    /// <summary>Number of fields.</summary>
    public int FieldCount => _fields.Length;

    /// <summary>The child array of field <paramref name="index"/> (borrowed; not sliced).</summary>
    public ArrowArray GetField(int index) => _fields[index] ??= Borrow(Data.Children[index]);

    /// <summary>The child array of the field named <paramref name="name"/> (borrowed; not sliced).</summary>
    /// <exception cref="ArgumentException">No such field.</exception>
    public ArrowArray GetField(string name)
    {
        int index = StructType.GetFieldIndex(name);
        if (index < 0)
        {
            throw new ArgumentException($"Struct has no field '{name}'.", nameof(name));
        }
        return GetField(index);
    }

    /// <summary>The child slot that holds row <paramref name="index"/> of this array.</summary>
    public int GetFieldSlot(int index)
    {
        CheckIndex(index);
        return Data.Offset + index;
    }

    /// <summary>An owning slice sharing memory.</summary>
    public new StructArray Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
