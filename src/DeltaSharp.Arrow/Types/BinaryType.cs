namespace DeltaSharp.Arrow.Types;

/// <summary>
/// Variable-length values: bytes or UTF-8 text, with int32 offsets, int64 offsets ("large") or 16-byte views.
/// Use the static instances (<see cref="Binary"/>, <see cref="Utf8"/>, …).
/// </summary>
public sealed class BinaryType : ArrowType
{
    private BinaryType(ArrowTypeId id)
        : base(id)
    {
    }

    /// <summary>Bytes, int32 offsets.</summary>
    public static new BinaryType Binary { get; } = new(ArrowTypeId.Binary);

    /// <summary>Bytes, int64 offsets.</summary>
    public static new BinaryType LargeBinary { get; } = new(ArrowTypeId.LargeBinary);

    /// <summary>UTF-8, int32 offsets.</summary>
    public static new BinaryType Utf8 { get; } = new(ArrowTypeId.String);

    /// <summary>UTF-8, int64 offsets.</summary>
    public static new BinaryType LargeUtf8 { get; } = new(ArrowTypeId.LargeString);

    /// <summary>Bytes in views.</summary>
    public static new BinaryType BinaryView { get; } = new(ArrowTypeId.BinaryView);

    /// <summary>UTF-8 in views.</summary>
    public static new BinaryType Utf8View { get; } = new(ArrowTypeId.StringView);

    /// <summary>True for the UTF-8 variants.</summary>
    public bool IsUtf8 => TypeId is ArrowTypeId.String or ArrowTypeId.LargeString or ArrowTypeId.StringView;

    /// <summary>True for the int64-offset variants.</summary>
    public bool IsLarge => TypeId is ArrowTypeId.LargeBinary or ArrowTypeId.LargeString;

    /// <summary>True for the view variants.</summary>
    public bool IsView => TypeId is ArrowTypeId.BinaryView or ArrowTypeId.StringView;

    /// <inheritdoc />
    public override string ToString() => TypeId switch
    {
        ArrowTypeId.Binary => "binary",
        ArrowTypeId.LargeBinary => "large_binary",
        ArrowTypeId.String => "string",
        ArrowTypeId.LargeString => "large_string",
        ArrowTypeId.BinaryView => "binary_view",
        _ => "string_view",
    };
}
