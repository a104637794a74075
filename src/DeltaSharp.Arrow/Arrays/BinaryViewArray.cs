using System;
using System.Buffers.Binary;
using System.Text;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// <c>binary_view</c> / <c>string_view</c>: 16-byte views [validity, views, data buffers…]. A view holds the
/// int32 length, then either the value inline (≤ 12 bytes) or a 4-byte prefix, int32 buffer index and int32
/// offset into that data buffer.
/// </summary>
public sealed class BinaryViewArray : ArrowArray
{
    /// <summary>Longest value stored inline in its view.</summary>
    public const int MaxInlineLength = 12;

    internal BinaryViewArray(ArrayData data, bool ownsData)
        : base(data, ownsData) =>
        CheckType(data, data.Type.TypeId is ArrowTypeId.BinaryView or ArrowTypeId.StringView, "binary_view or string_view");

    /// <summary>Number of variadic data buffers.</summary>
    public int DataBufferCount => Data.Buffers.Count - 2;

    /// <summary>The bytes of slot <paramref name="index"/> (empty for a null slot).</summary>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        ReadOnlySpan<byte> view = Data.GetBuffer(1).Span.Slice((Data.Offset + index) * 16, 16);
        int length = BinaryPrimitives.ReadInt32LittleEndian(view);
        if (length <= MaxInlineLength)
        {
            return view.Slice(4, Math.Max(length, 0));
        }
        int bufferIndex = BinaryPrimitives.ReadInt32LittleEndian(view[8..]);
        int offset = BinaryPrimitives.ReadInt32LittleEndian(view[12..]);
        return Data.GetBuffer(2 + bufferIndex).Span.Slice(offset, length);
    }

    /// <summary>The value decoded as UTF-8, or null for a null slot.</summary>
    public string? GetString(int index) => IsValid(index) ? Encoding.UTF8.GetString(GetBytes(index)) : null;

    /// <summary>An owning slice sharing memory.</summary>
    public new BinaryViewArray Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
