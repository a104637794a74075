using System;
using System.Runtime.CompilerServices;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Fixed-width values of <typeparamref name="T"/>: integers, floats (<see cref="Half"/>, float, double) and
/// temporal types stored as integers (date32/time32: int; date64/time64/timestamp/duration: long).
/// </summary>
/// <typeparam name="T">The physical value type; its size must match the Arrow type's width.</typeparam>
public sealed class PrimitiveArray<T> : ArrowArray
    where T : unmanaged
{
    internal unsafe PrimitiveArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type.BitWidth == sizeof(T) * 8 && data.Type.TypeId is not (ArrowTypeId.Boolean or ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256 or ArrowTypeId.FixedSizeBinary or ArrowTypeId.Dictionary), $"{sizeof(T) * 8}-bit fixed-width");
    }

    /// <summary>The values of slots <c>[0, Length)</c> (null slots hold unspecified values).</summary>
    public ReadOnlySpan<T> Values => Data.GetBuffer(1).AsSpan<T>().Slice(Data.Offset, Data.Length);

    /// <summary>The value at <paramref name="index"/>, or null when the slot is null.</summary>
    public T? this[int index] => IsValid(index) ? GetValue(index) : null;

    /// <summary>The value at <paramref name="index"/> (unspecified for a null slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetValue(int index)
    {
        CheckIndex(index);
        return Data.GetBuffer(1).AsSpan<T>()[Data.Offset + index];
    }

    /// <summary>An owning slice sharing memory.</summary>
    public new PrimitiveArray<T> Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
