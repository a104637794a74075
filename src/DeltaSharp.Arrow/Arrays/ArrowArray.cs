using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// A typed, read-only view over an <see cref="ArrayData"/>. Concrete classes add typed accessors
/// (<see cref="PrimitiveArray{T}"/>, <see cref="BinaryArray"/>, <see cref="StructArray"/>, …).
/// </summary>
/// <remarks>
/// <para><b>Ownership.</b> An array returned by a builder, <see cref="FromData"/> or <see cref="Slice"/> OWNS its
/// data: dispose it once (disposing twice is harmless). Arrays returned by accessors of another array (struct
/// fields, list values, dictionary, indices, <see cref="RecordBatch.Column(int)"/>) are BORROWED: they stay valid
/// while their parent lives, and disposing them does nothing. To keep a borrowed array beyond its parent, take an
/// owning copy with <see cref="Retain"/> (shares memory, no copy).</para>
/// <para><b>Indexes.</b> Accessors take 0-based slot indexes relative to this array (its <see cref="Offset"/> is
/// applied for you). Value spans such as <see cref="PrimitiveArray{T}.Values"/> are already sliced to
/// <see cref="Length"/>.</para>
/// <para><b>Threads.</b> Reading is thread-safe; disposing while another thread reads is a caller bug.</para>
/// </remarks>
public abstract class ArrowArray : IDisposable
{
    private readonly bool _ownsData;

    /// <summary>Wraps <paramref name="data"/>; when <paramref name="ownsData"/> the array disposes it.</summary>
    private protected ArrowArray(ArrayData data, bool ownsData)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        _ownsData = ownsData;
    }

    /// <summary>The physical data (borrowed from this array).</summary>
    public ArrayData Data { get; }

    /// <summary>The type.</summary>
    public ArrowType Type => Data.Type;

    /// <summary>Number of slots.</summary>
    public int Length => Data.Length;

    /// <summary>Slot offset into the buffers.</summary>
    public int Offset => Data.Offset;

    /// <summary>Number of null slots.</summary>
    public int NullCount => Data.NullCount;

    /// <summary>True when this array owns (and will dispose) its data.</summary>
    public bool OwnsData => _ownsData;

    /// <summary>The whole validity bitmap (index it with <c>Offset + i</c>), or empty when there is none.</summary>
    public ReadOnlySpan<byte> ValidityBitmap => Data.ValidityBuffer is { } b ? b.Span : ReadOnlySpan<byte>.Empty;

    /// <summary>True when slot <paramref name="index"/> is non-null.</summary>
    public bool IsValid(int index) => Data.IsValid(index);

    /// <summary>True when slot <paramref name="index"/> is null.</summary>
    public bool IsNull(int index) => !Data.IsValid(index);

    /// <summary>An owning array over slots <c>[offset, offset + length)</c> that shares memory (no copy).</summary>
    public ArrowArray Slice(int offset, int length) => FromData(Data.Slice(offset, length));

    /// <summary>An owning array over the same slots that shares memory (no copy).</summary>
    public ArrowArray Retain() => FromData(Data.Retain());

    /// <summary>
    /// Wraps <paramref name="data"/> in the typed array class for its type, taking ownership of it.
    /// </summary>
    /// <exception cref="NotSupportedException">The type has no array class.</exception>
    public static ArrowArray FromData(ArrayData data) => Create(data, ownsData: true);

    /// <summary>Wraps <paramref name="data"/> without taking ownership (the caller keeps it alive).</summary>
    public static ArrowArray Borrow(ArrayData data) => Create(data, ownsData: false);

    /// <summary>Releases the data when owned. Idempotent.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}<{Type}>[{Length}]";

    /// <summary>Releases the data when owned.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _ownsData)
        {
            Data.Dispose();
        }
    }

    private static ArrowArray Create(ArrayData data, bool ownsData)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Type.TypeId switch
        {
            ArrowTypeId.Null => new NullArray(data, ownsData),
            ArrowTypeId.Boolean => new BooleanArray(data, ownsData),
            ArrowTypeId.Int8 => new PrimitiveArray<sbyte>(data, ownsData),
            ArrowTypeId.Int16 => new PrimitiveArray<short>(data, ownsData),
            ArrowTypeId.Int32 or ArrowTypeId.Date32 or ArrowTypeId.Time32 => new PrimitiveArray<int>(data, ownsData),
            ArrowTypeId.Int64 or ArrowTypeId.Date64 or ArrowTypeId.Time64 or ArrowTypeId.Timestamp or ArrowTypeId.Duration => new PrimitiveArray<long>(data, ownsData),
            ArrowTypeId.UInt8 => new PrimitiveArray<byte>(data, ownsData),
            ArrowTypeId.UInt16 => new PrimitiveArray<ushort>(data, ownsData),
            ArrowTypeId.UInt32 => new PrimitiveArray<uint>(data, ownsData),
            ArrowTypeId.UInt64 => new PrimitiveArray<ulong>(data, ownsData),
            ArrowTypeId.Float16 => new PrimitiveArray<Half>(data, ownsData),
            ArrowTypeId.Float32 => new PrimitiveArray<float>(data, ownsData),
            ArrowTypeId.Float64 => new PrimitiveArray<double>(data, ownsData),
            ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256 => new DecimalArray(data, ownsData),
            ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString => new BinaryArray(data, ownsData),
            ArrowTypeId.BinaryView or ArrowTypeId.StringView => new BinaryViewArray(data, ownsData),
            ArrowTypeId.FixedSizeBinary => new FixedSizeBinaryArray(data, ownsData),
            ArrowTypeId.List or ArrowTypeId.LargeList => new ListArray(data, ownsData),
            ArrowTypeId.Map => new MapArray(data, ownsData),
            ArrowTypeId.FixedSizeList => new FixedSizeListArray(data, ownsData),
            ArrowTypeId.Struct => new StructArray(data, ownsData),
            ArrowTypeId.Dictionary => new DictionaryArray(data, ownsData),
            _ => throw new NotSupportedException($"No array class for {data.Type}."),
        };
    }

    private protected static void CheckType(ArrayData data, bool ok, string expected)
    {
        if (!ok)
        {
            throw new ArgumentException($"Expected {expected} data, got {data.Type}.", nameof(data));
        }
    }

    private protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside an array of length {Data.Length}.");
        }
    }

    private protected static ReadOnlySpan<byte> BitsOf(ArrowBuffer buffer) => buffer.Span;
}
