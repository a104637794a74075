using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds list and large-list arrays. <see cref="Append"/> opens a slot; child values appended to
/// <see cref="Values"/> until the next <see cref="Append"/>, <see cref="AppendNull"/> or build belong to it.
/// </summary>
/// <remarks>Bulk path: <see cref="AppendLengths(ReadOnlySpan{int})"/> appends many slots by length at once; the caller then appends
/// exactly that many child values before the next call on this builder.</remarks>
public sealed class ListBuilder : ArrowArrayBuilder
{
    private readonly OffsetsBuilder _offsets;
    private readonly ValidityBuilder _validity;
    private bool _open;

    /// <summary>Creates a list builder; the child builder is created for the item type unless given.</summary>
    public ListBuilder(ListType type, ArrowAllocator? allocator = null, ArrowArrayBuilder? valuesBuilder = null)
        : base(type, allocator)
    {
        ListType = type;
        Values = valuesBuilder ?? Create(type.ValueType, Allocator);
        _offsets = new OffsetsBuilder(type.IsLarge, Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <summary>The list type.</summary>
    public ListType ListType { get; }

    /// <summary>The child builder (owned by this builder).</summary>
    public ArrowArrayBuilder Values { get; }

    /// <inheritdoc />
    public override int Length => _offsets.Count + (_open ? 1 : 0);

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Opens a new non-null slot; append its items to <see cref="Values"/>.</summary>
    public void Append()
    {
        Close();
        _open = true;
        _validity.AppendValid();
    }

    /// <inheritdoc />
    public override void AppendNull()
    {
        Close();
        _offsets.AppendEnd(_offsets.Last);
        _validity.AppendNull();
    }

    /// <summary>Appends an empty, non-null slot.</summary>
    public void AppendEmpty()
    {
        Close();
        _offsets.AppendEnd(_offsets.Last);
        _validity.AppendValid();
    }

    /// <summary>Appends one non-null slot per element of <paramref name="lengths"/>; the caller then appends
    /// their items (the sum of the lengths) to <see cref="Values"/>.</summary>
    public void AppendLengths(ReadOnlySpan<int> lengths)
    {
        Close();
        _offsets.AppendLengths(lengths);
        _validity.AppendRun(true, lengths.Length);
    }

    /// <summary>Like <see cref="AppendLengths(ReadOnlySpan{int})"/> with validity from an LSB-first bitmap (null slots must have
    /// length 0).</summary>
    public void AppendLengths(ReadOnlySpan<int> lengths, ReadOnlySpan<byte> validityBitmap, int bitOffset)
    {
        Close();
        _offsets.AppendLengths(lengths);
        _validity.AppendBits(validityBitmap, bitOffset, lengths.Length);
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        ListArray array = (ListArray)source;
        if (array.IsNull(index))
        {
            AppendNull();
            return;
        }
        Append();
        Values.AppendRangeFrom(array.Values, array.GetValueStart(index), array.GetValueLength(index));
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override ListArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        Close();
        if (Values.Length != _offsets.Last)
        {
            throw new InvalidOperationException($"List offsets end at {_offsets.Last} but the child builder has {Values.Length} values.");
        }
        int length = _offsets.Count;
        ArrayData child = Values.BuildData();
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        ArrowBuffer offsets = _offsets.Build();
        return new ArrayData(Type, length, nullCount, 0, [validity, offsets], [child]);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _open = false;
        _offsets.Clear();
        _validity.Clear();
        Values.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _offsets.Dispose();
        _validity.Dispose();
        Values.Dispose();
    }

    private void Close()
    {
        if (_open)
        {
            _offsets.AppendEnd(Values.Length);
            _open = false;
        }
    }
}
