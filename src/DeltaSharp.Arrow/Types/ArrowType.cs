using System;
using System.Collections.Generic;

namespace DeltaSharp.Arrow.Types;

/// <summary>
/// An Arrow data type. Types are immutable and compare structurally (<see cref="Equals(object)"/>), including child
/// field names, nullability and metadata. Use the static members for the parameterless types.
/// </summary>
public abstract class ArrowType : IEquatable<ArrowType>
{
    private protected ArrowType(ArrowTypeId id) => TypeId = id;

    /// <summary>The kind of this type.</summary>
    public ArrowTypeId TypeId { get; }

    /// <summary>Bits per value for fixed-width types (1 for boolean), or 0 for the others.</summary>
    public virtual int BitWidth => 0;

    /// <summary>The child fields (list item, struct fields, map entries), empty when none.</summary>
    public virtual IReadOnlyList<Field> Children => Array.Empty<Field>();

    /// <summary>The null type.</summary>
    public static NullType Null => NullType.Instance;

    /// <summary>The boolean type.</summary>
    public static BooleanType Boolean => BooleanType.Instance;

    /// <summary>Signed 8-bit integers.</summary>
    public static IntegerType Int8 => IntegerType.Int8;

    /// <summary>Signed 16-bit integers.</summary>
    public static IntegerType Int16 => IntegerType.Int16;

    /// <summary>Signed 32-bit integers.</summary>
    public static IntegerType Int32 => IntegerType.Int32;

    /// <summary>Signed 64-bit integers.</summary>
    public static IntegerType Int64 => IntegerType.Int64;

    /// <summary>Unsigned 8-bit integers.</summary>
    public static IntegerType UInt8 => IntegerType.UInt8;

    /// <summary>Unsigned 16-bit integers.</summary>
    public static IntegerType UInt16 => IntegerType.UInt16;

    /// <summary>Unsigned 32-bit integers.</summary>
    public static IntegerType UInt32 => IntegerType.UInt32;

    /// <summary>Unsigned 64-bit integers.</summary>
    public static IntegerType UInt64 => IntegerType.UInt64;

    /// <summary>Half-precision floats.</summary>
    public static FloatingPointType Float16 => FloatingPointType.Float16;

    /// <summary>Single-precision floats.</summary>
    public static FloatingPointType Float32 => FloatingPointType.Float32;

    /// <summary>Double-precision floats.</summary>
    public static FloatingPointType Float64 => FloatingPointType.Float64;

    /// <summary>UTF-8 strings with int32 offsets.</summary>
    public static BinaryType Utf8 => BinaryType.Utf8;

    /// <summary>UTF-8 strings with int64 offsets.</summary>
    public static BinaryType LargeUtf8 => BinaryType.LargeUtf8;

    /// <summary>Bytes with int32 offsets.</summary>
    public static BinaryType Binary => BinaryType.Binary;

    /// <summary>Bytes with int64 offsets.</summary>
    public static BinaryType LargeBinary => BinaryType.LargeBinary;

    /// <summary>UTF-8 string views.</summary>
    public static BinaryType Utf8View => BinaryType.Utf8View;

    /// <summary>Binary views.</summary>
    public static BinaryType BinaryView => BinaryType.BinaryView;

    /// <summary>Days since the epoch (int32).</summary>
    public static DateType Date32 => DateType.Date32;

    /// <summary>Milliseconds since the epoch (int64).</summary>
    public static DateType Date64 => DateType.Date64;

    /// <inheritdoc />
    public virtual bool Equals(ArrowType? other) => other is not null && other.TypeId == TypeId;

    /// <inheritdoc />
    public sealed override bool Equals(object? obj) => obj is ArrowType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)TypeId;

    /// <summary>A readable rendering such as <c>timestamp[us, tz=UTC]</c> or <c>list&lt;item: int32&gt;</c>.</summary>
    public abstract override string ToString();
}
