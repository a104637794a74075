using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Builds map arrays. <see cref="Append"/> opens a map; append each entry's key to <see cref="Keys"/> and value to
/// <see cref="Items"/> (same count) until the next <see cref="Append"/>, <see cref="AppendNull"/> or build.
/// </summary>
public sealed class MapBuilder : ArrowArrayBuilder
{
    private readonly OffsetsBuilder _offsets;
    private readonly ValidityBuilder _validity;
    private bool _open;

    /// <summary>Creates a map builder with child builders for the key and value types.</summary>
    public MapBuilder(MapType type, ArrowAllocator? allocator = null)
        : base(type, allocator)
    {
        MapType = type;
        Keys = Create(type.KeyField.DataType, Allocator);
        Items = Create(type.ValueField.DataType, Allocator);
        _offsets = new OffsetsBuilder(false, Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <summary>The map type.</summary>
    public MapType MapType { get; }

    /// <summary>The key builder (owned by this builder). Keys must not be null.</summary>
    public ArrowArrayBuilder Keys { get; }

    /// <summary>The value builder (owned by this builder).</summary>
    public ArrowArrayBuilder Items { get; }

    /// <inheritdoc />
    public override int Length => _offsets.Count + (_open ? 1 : 0);

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Opens a new non-null map.</summary>
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

    /// <summary>Appends one non-null map per element of <paramref name="entryCounts"/>; the caller then appends
    /// the keys and values.</summary>
    public void AppendLengths(ReadOnlySpan<int> entryCounts)
    {
        Close();
        _offsets.AppendLengths(entryCounts);
        _validity.AppendRun(true, entryCounts.Length);
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        MapArray array = (MapArray)source;
        if (array.IsNull(index))
        {
            AppendNull();
            return;
        }
        Append();
        int start = array.GetValueStart(index);
        int count = array.GetValueLength(index);
        Keys.AppendRangeFrom(array.Keys, start, count);
        Items.AppendRangeFrom(array.Items, start, count);
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override MapArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        Close();
        if (Keys.Length != Items.Length || Keys.Length != _offsets.Last)
        {
            throw new InvalidOperationException($"Map offsets end at {_offsets.Last} but there are {Keys.Length} keys and {Items.Length} values.");
        }
        if (Keys.NullCount != 0)
        {
            throw new InvalidOperationException("Map keys must not be null.");
        }
        int length = _offsets.Count;
        int entries = Keys.Length;
        ArrayData keys = Keys.BuildData();
        ArrayData items = Items.BuildData();
        ArrayData entriesData = new(MapType.EntriesField.DataType, entries, 0, 0, [null], [keys, items]);
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        ArrowBuffer offsets = _offsets.Build();
        return new ArrayData(Type, length, nullCount, 0, [validity, offsets], [entriesData]);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _open = false;
        _offsets.Clear();
        _validity.Clear();
        Keys.Clear();
        Items.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _offsets.Dispose();
        _validity.Dispose();
        Keys.Dispose();
        Items.Dispose();
    }

    private void Close()
    {
        if (_open)
        {
            _offsets.AppendEnd(Keys.Length);
            _open = false;
        }
    }
}
