using System;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Variable-length lists: <c>list</c> (int32 offsets) and <c>large_list</c> (int64 offsets); also the base of
/// <see cref="MapArray"/>. Buffers: [validity, offsets]; one child holding all values. Slot <c>i</c> holds child
/// values <c>[start(i), end(i))</c>.
/// </summary>
public class ListArray : ArrowArray
{
    private readonly bool _large;
    private ArrowArray? _values;

    internal ListArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type.TypeId is ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map, "list");
        _large = data.Type.TypeId == ArrowTypeId.LargeList;
    }

    /// <summary>True for int64 offsets.</summary>
    public bool IsLarge => _large;

    /// <summary>All child values (borrowed; not sliced: index it with <see cref="GetValueStart"/>).</summary>
    public ArrowArray Values => _values ??= Borrow(Data.Children[0]);

    /// <summary>The <c>Length + 1</c> int32 offsets of this slice (list and map only).</summary>
    public ReadOnlySpan<int> ValueOffsets
    {
        get
        {
            if (_large)
            {
                throw new InvalidOperationException("Large lists have int64 offsets; use LargeValueOffsets.");
            }
            return Data.GetBuffer(1).AsSpan<int>().Slice(Data.Offset, Data.Length + 1);
        }
    }

    /// <summary>The <c>Length + 1</c> int64 offsets of this slice (large list only).</summary>
    public ReadOnlySpan<long> LargeValueOffsets
    {
        get
        {
            if (!_large)
            {
                throw new InvalidOperationException("This list has int32 offsets; use ValueOffsets.");
            }
            return Data.GetBuffer(1).AsSpan<long>().Slice(Data.Offset, Data.Length + 1);
        }
    }

    /// <summary>Index in <see cref="Values"/> of the first value of slot <paramref name="index"/>.</summary>
    public int GetValueStart(int index)
    {
        CheckIndex(index);
        int slot = Data.Offset + index;
        return _large ? checked((int)Data.GetBuffer(1).AsSpan<long>()[slot]) : Data.GetBuffer(1).AsSpan<int>()[slot];
    }

    /// <summary>Number of values in slot <paramref name="index"/> (0 for a null slot).</summary>
    public int GetValueLength(int index)
    {
        CheckIndex(index);
        int slot = Data.Offset + index;
        if (_large)
        {
            ReadOnlySpan<long> offsets = Data.GetBuffer(1).AsSpan<long>();
            return checked((int)(offsets[slot + 1] - offsets[slot]));
        }
        ReadOnlySpan<int> small = Data.GetBuffer(1).AsSpan<int>();
        return small[slot + 1] - small[slot];
    }

    /// <summary>The values of slot <paramref name="index"/> as an owning slice of the child (shares memory).</summary>
    public ArrowArray GetSlot(int index) => Values.Slice(GetValueStart(index), GetValueLength(index));
}
