using System;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Values of exactly <see cref="ByteWidth"/> bytes each. Buffers: [validity, values].</summary>
public sealed class FixedSizeBinaryArray : ArrowArray
{
    internal FixedSizeBinaryArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type.TypeId == ArrowTypeId.FixedSizeBinary, "fixed_size_binary");
        ByteWidth = ((FixedSizeBinaryType)data.Type).ByteWidth;
    }

    /// <summary>Bytes per value.</summary>
    public int ByteWidth { get; }

    /// <summary>The bytes of slot <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        return Data.GetBuffer(1).Span.Slice((Data.Offset + index) * ByteWidth, ByteWidth);
    }

    /// <summary>An owning slice sharing memory.</summary>
    public new FixedSizeBinaryArray Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
