using System;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Base of all array builders. A builder appends slots, then <see cref="Build"/> hands its memory (no copy) to a new
/// array that the caller owns, and the builder is empty and reusable (its scratch state is kept).
/// </summary>
/// <remarks>
/// <para>Ownership: the builder owns its unbuilt memory; <see cref="Dispose()"/> frees it (idempotent). Builders are
/// not thread-safe. Spans handed out by bulk methods (e.g. <see cref="PrimitiveBuilder{T}.AppendSpan(int)"/>) are
/// valid only until the next call on the builder.</para>
/// <para>Nested builders (<see cref="ListBuilder"/>, <see cref="StructBuilder"/>, <see cref="MapBuilder"/>,
/// <see cref="FixedSizeListBuilder"/>) expose child builders; the caller appends child values directly.</para>
/// </remarks>
public abstract class ArrowArrayBuilder : IDisposable
{
    private bool _disposed;

    /// <summary>Creates a builder for <paramref name="type"/> drawing from <paramref name="allocator"/>.</summary>
    private protected ArrowArrayBuilder(ArrowType type, ArrowAllocator? allocator)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        Allocator = ArrowAllocator.OrDefault(allocator);
    }

    /// <summary>The type of the arrays built.</summary>
    public ArrowType Type { get; }

    /// <summary>The allocator used.</summary>
    public ArrowAllocator Allocator { get; }

    /// <summary>Slots appended since the last build.</summary>
    public abstract int Length { get; }

    /// <summary>Null slots appended since the last build.</summary>
    public abstract int NullCount { get; }

    /// <summary>Appends one null slot.</summary>
    public abstract void AppendNull();

    /// <summary>Appends <paramref name="count"/> null slots.</summary>
    public virtual void AppendNulls(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int i = 0; i < count; i++)
        {
            AppendNull();
        }
    }

    /// <summary>Appends a copy of slot <paramref name="index"/> of <paramref name="source"/> (an array of this
    /// builder's type; borrowed, not retained).</summary>
    /// <exception cref="ArgumentException">The source type differs from <see cref="Type"/>.</exception>
    public void AppendFrom(ArrowArray source, int index)
    {
        CheckSource(source);
        AppendFromCore(source, index);
    }

    /// <summary>Appends copies of slots <c>[start, start + count)</c> of <paramref name="source"/> (same type).</summary>
    /// <exception cref="ArgumentException">The source type differs from <see cref="Type"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the source.</exception>
    public void AppendRangeFrom(ArrowArray source, int start, int count)
    {
        CheckSource(source);
        if (start < 0 || count < 0 || start > source.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Range [{start}, +{count}) is outside an array of length {source.Length}.");
        }
        AppendRangeFromCore(source, start, count);
    }

    /// <summary>Appends slot <paramref name="index"/> of <paramref name="source"/>, whose type has been checked.</summary>
    private protected abstract void AppendFromCore(ArrowArray source, int index);

    /// <summary>Appends a checked range; the default appends slot by slot.</summary>
    private protected virtual void AppendRangeFromCore(ArrowArray source, int start, int count)
    {
        for (int i = 0; i < count; i++)
        {
            AppendFromCore(source, start + i);
        }
    }

    /// <summary>Builds the array (owned by the caller) and resets this builder.</summary>
    public virtual ArrowArray Build() => ArrowArray.FromData(BuildData());

    /// <summary>Builds the array data (owned by the caller) and resets this builder.</summary>
    /// <exception cref="InvalidOperationException">Child builders are inconsistent with this builder (e.g. a struct
    /// field has a different number of slots).</exception>
    public abstract ArrayData BuildData();

    /// <summary>Discards everything appended (keeps the memory for reuse).</summary>
    public abstract void Clear();

    /// <summary>
    /// Creates a builder for any supported type, recursively for nested types (list of struct of map …).
    /// Returns <see cref="PrimitiveBuilder{T}"/> for fixed-width numeric and temporal types,
    /// <see cref="BooleanBuilder"/>, <see cref="BinaryBuilder"/>, <see cref="FixedSizeBinaryBuilder"/>,
    /// <see cref="DecimalBuilder"/>, <see cref="ListBuilder"/>, <see cref="FixedSizeListBuilder"/>,
    /// <see cref="StructBuilder"/>, <see cref="MapBuilder"/>, <see cref="DictionaryBuilder"/> or
    /// <see cref="NullBuilder"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">View types (read-only here) and unknown types.</exception>
    public static ArrowArrayBuilder Create(ArrowType type, ArrowAllocator? allocator = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.TypeId switch
        {
            ArrowTypeId.Null => new NullBuilder(),
            ArrowTypeId.Boolean => new BooleanBuilder(allocator),
            ArrowTypeId.Int8 => new PrimitiveBuilder<sbyte>(type, allocator),
            ArrowTypeId.Int16 => new PrimitiveBuilder<short>(type, allocator),
            ArrowTypeId.Int32 or ArrowTypeId.Date32 or ArrowTypeId.Time32 => new PrimitiveBuilder<int>(type, allocator),
            ArrowTypeId.Int64 or ArrowTypeId.Date64 or ArrowTypeId.Time64 or ArrowTypeId.Timestamp or ArrowTypeId.Duration => new PrimitiveBuilder<long>(type, allocator),
            ArrowTypeId.UInt8 => new PrimitiveBuilder<byte>(type, allocator),
            ArrowTypeId.UInt16 => new PrimitiveBuilder<ushort>(type, allocator),
            ArrowTypeId.UInt32 => new PrimitiveBuilder<uint>(type, allocator),
            ArrowTypeId.UInt64 => new PrimitiveBuilder<ulong>(type, allocator),
            ArrowTypeId.Float16 => new PrimitiveBuilder<Half>(type, allocator),
            ArrowTypeId.Float32 => new PrimitiveBuilder<float>(type, allocator),
            ArrowTypeId.Float64 => new PrimitiveBuilder<double>(type, allocator),
            ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256 => new DecimalBuilder((DecimalType)type, allocator),
            ArrowTypeId.Binary or ArrowTypeId.String or ArrowTypeId.LargeBinary or ArrowTypeId.LargeString => new BinaryBuilder((BinaryType)type, allocator),
            ArrowTypeId.FixedSizeBinary => new FixedSizeBinaryBuilder((FixedSizeBinaryType)type, allocator),
            ArrowTypeId.List or ArrowTypeId.LargeList => new ListBuilder((ListType)type, allocator),
            ArrowTypeId.FixedSizeList => new FixedSizeListBuilder((FixedSizeListType)type, allocator),
            ArrowTypeId.Struct => new StructBuilder((StructType)type, allocator),
            ArrowTypeId.Map => new MapBuilder((MapType)type, allocator),
            ArrowTypeId.Dictionary => new DictionaryBuilder((DictionaryType)type, allocator),
            _ => throw new NotSupportedException($"No builder for {type}."),
        };
    }

    /// <summary>Frees unbuilt memory. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees unbuilt memory.</summary>
    protected abstract void Dispose(bool disposing);

    private void CheckSource(ArrowArray source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!ReferenceEquals(source.Type, Type) && !source.Type.Equals(Type))
        {
            throw new ArgumentException($"Cannot append {source.Type} values to a {Type} builder.", nameof(source));
        }
    }

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
