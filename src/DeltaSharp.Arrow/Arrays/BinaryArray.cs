using System;
using System.Text;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Variable-length bytes or UTF-8 strings with offsets: <c>binary</c>, <c>string</c> (int32 offsets) and
/// <c>large_binary</c>, <c>large_string</c> (int64 offsets). Buffers: [validity, offsets, data].
/// </summary>
public sealed class BinaryArray : ArrowArray
{
    private readonly bool _large;

    internal BinaryArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type.TypeId is ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString, "binary or string");
        _large = data.Type.TypeId is ArrowTypeId.LargeBinary or ArrowTypeId.LargeString;
    }

    /// <summary>True for int64 offsets.</summary>
    public bool IsLarge => _large;

    /// <summary>True for the string variants.</summary>
    public bool IsUtf8 => ((BinaryType)Type).IsUtf8;

    /// <summary>The <c>Length + 1</c> int32 offsets of this slice (int32-offset types only).</summary>
    public ReadOnlySpan<int> ValueOffsets
    {
        get
        {
            if (_large)
            {
                throw new InvalidOperationException("Large binary arrays have int64 offsets; use LargeValueOffsets.");
            }
            return Data.GetBuffer(1).AsSpan<int>().Slice(Data.Offset, Data.Length + 1);
        }
    }

    /// <summary>The <c>Length + 1</c> int64 offsets of this slice (large types only).</summary>
    public ReadOnlySpan<long> LargeValueOffsets
    {
        get
        {
            if (!_large)
            {
                throw new InvalidOperationException("This array has int32 offsets; use ValueOffsets.");
            }
            return Data.GetBuffer(1).AsSpan<long>().Slice(Data.Offset, Data.Length + 1);
        }
    }

    /// <summary>The whole data buffer (offsets index into it).</summary>
    public ReadOnlySpan<byte> ValueData => Data.GetBuffer(2).Span;

    /// <summary>The bytes of slot <paramref name="index"/> (empty for a null slot).</summary>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        int slot = Data.Offset + index;
        if (_large)
        {
            ReadOnlySpan<long> offsets = Data.GetBuffer(1).AsSpan<long>();
            long start = offsets[slot];
            return Data.GetBuffer(2).Span.Slice(checked((int)start), checked((int)(offsets[slot + 1] - start)));
        }
        ReadOnlySpan<int> small = Data.GetBuffer(1).AsSpan<int>();
        int begin = small[slot];
        return Data.GetBuffer(2).Span.Slice(begin, small[slot + 1] - begin);
    }

    /// <summary>Length in bytes of slot <paramref name="index"/>.</summary>
    public int GetValueLength(int index) => GetBytes(index).Length;

    /// <summary>The value decoded as UTF-8, or null for a null slot (allocates a string).</summary>
    public string? GetString(int index) => IsValid(index) ? Encoding.UTF8.GetString(GetBytes(index)) : null;

    /// <summary>An owning slice sharing memory.</summary>
    public new BinaryArray Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
