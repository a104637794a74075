using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Builds fixed-size list arrays: after <see cref="Append"/>, append exactly <c>ListSize</c> values to
/// <see cref="Values"/>. <see cref="AppendNull"/> appends <c>ListSize</c> null child values itself.</summary>
public sealed class FixedSizeListBuilder : ArrowArrayBuilder
{
    private readonly ValidityBuilder _validity;

    /// <summary>Creates a fixed-size list builder.</summary>
    public FixedSizeListBuilder(FixedSizeListType type, ArrowAllocator? allocator = null)
        : base(type, allocator)
    {
        ListSize = type.ListSize;
        Values = Create(type.ValueType, Allocator);
        _validity = new ValidityBuilder(Allocator);
    }

    /// <summary>Values per slot.</summary>
    public int ListSize { get; }

    /// <summary>The child builder (owned by this builder).</summary>
    public ArrowArrayBuilder Values { get; }

    /// <inheritdoc />
    public override int Length => _validity.Length;

    /// <inheritdoc />
    public override int NullCount => _validity.NullCount;

    /// <summary>Appends a non-null slot; append its <c>ListSize</c> values to <see cref="Values"/>.</summary>
    public void Append() => _validity.AppendValid();

    /// <inheritdoc />
    public override void AppendNull()
    {
        _validity.AppendNull();
        Values.AppendNulls(ListSize);
    }

    private protected override void AppendFromCore(ArrowArray source, int index)
    {
        FixedSizeListArray array = (FixedSizeListArray)source;
        if (array.IsNull(index))
        {
            AppendNull();
            return;
        }
        Append();
        Values.AppendRangeFrom(array.Values, array.GetValueStart(index), ListSize);
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public override FixedSizeListArray Build() => new(BuildData(), true);

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        ThrowIfDisposed();
        int length = _validity.Length;
        if (Values.Length != (long)length * ListSize)
        {
            throw new InvalidOperationException($"{length} fixed-size lists of {ListSize} need {(long)length * ListSize} child values, found {Values.Length}.");
        }
        ArrayData child = Values.BuildData();
        ArrowBuffer? validity = _validity.Build(out int nullCount);
        return new ArrayData(Type, length, nullCount, 0, [validity], [child]);
    }

    /// <inheritdoc />
    public override void Clear()
    {
        _validity.Clear();
        Values.Clear();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _validity.Dispose();
        Values.Dispose();
    }
}
