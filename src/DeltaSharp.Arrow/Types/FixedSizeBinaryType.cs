using System;
using System.Globalization;

namespace DeltaSharp.Arrow.Types;

/// <summary>Byte strings of exactly <see cref="ByteWidth"/> bytes.</summary>
public sealed class FixedSizeBinaryType : ArrowType
{
    /// <summary>Creates a fixed-size binary type.</summary>
    public FixedSizeBinaryType(int byteWidth)
        : base(ArrowTypeId.FixedSizeBinary)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteWidth);
        ByteWidth = byteWidth;
    }

    /// <summary>Bytes per value.</summary>
    public int ByteWidth { get; }

    /// <inheritdoc />
    public override int BitWidth => ByteWidth * 8;

    /// <inheritdoc />
    public override bool Equals(ArrowType? other) => other is FixedSizeBinaryType t && t.ByteWidth == ByteWidth;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeId, ByteWidth);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"fixed_size_binary[{ByteWidth}]");
}
