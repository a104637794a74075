using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Bit-packed booleans (LSB-first values bitmap in buffer 1).</summary>
public sealed class BooleanArray : ArrowArray
{
    internal BooleanArray(ArrayData data, bool ownsData)
        : base(data, ownsData) => CheckType(data, data.Type.TypeId == ArrowTypeId.Boolean, "boolean");

    /// <summary>The whole values bitmap (index it with <c>Offset + i</c>).</summary>
    public ReadOnlySpan<byte> ValueBitmap => Data.GetBuffer(1).Span;

    /// <summary>The value at <paramref name="index"/>, or null when the slot is null.</summary>
    public bool? this[int index] => IsValid(index) ? GetValue(index) : null;

    /// <summary>The value at <paramref name="index"/> (unspecified for a null slot).</summary>
    public bool GetValue(int index)
    {
        CheckIndex(index);
        return BitUtility.GetBit(Data.GetBuffer(1).Span, Data.Offset + index);
    }

    /// <summary>An owning slice sharing memory.</summary>
    public new BooleanArray Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
