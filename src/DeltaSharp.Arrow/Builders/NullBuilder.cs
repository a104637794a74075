using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>Builds null-type arrays (counts slots; allocates nothing).</summary>
public sealed class NullBuilder : ArrowArrayBuilder
{
    private int _length;

    /// <summary>Creates a null builder.</summary>
    public NullBuilder()
        : base(ArrowType.Null, null)
    {
    }

    /// <inheritdoc />
    public override int Length => _length;

    /// <inheritdoc />
    public override int NullCount => _length;

    /// <inheritdoc />
    public override void AppendNull() => _length++;

    /// <inheritdoc />
    public override void AppendNulls(int count)
    {
        System.ArgumentOutOfRangeException.ThrowIfNegative(count);
        _length += count;
    }

    private protected override void AppendFromCore(ArrowArray source, int index) => _length++;

    private protected override void AppendRangeFromCore(ArrowArray source, int start, int count) => _length += count;

    /// <inheritdoc />
    public override ArrayData BuildData()
    {
        int length = _length;
        _length = 0;
        return new ArrayData(ArrowType.Null, length, length, 0, []);
    }

    /// <inheritdoc />
    public override void Clear() => _length = 0;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }
}
