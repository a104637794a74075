using System;

namespace DeltaSharp.Schema;

// The members are named after the Delta protocol's type names (string, long, integer, ...).
#pragma warning disable CA1720

/// <summary>A primitive Delta type. Use the static instances; equality is by <see cref="Kind"/>.</summary>
public sealed class DeltaPrimitiveType : DeltaDataType, IEquatable<DeltaPrimitiveType>
{
    private static readonly DeltaPrimitiveType[] Instances = CreateInstances();

    private DeltaPrimitiveType(DeltaPrimitiveKind kind)
    {
        Kind = kind;
    }

    /// <summary>The <c>string</c> type.</summary>
    public static DeltaPrimitiveType String => Get(DeltaPrimitiveKind.String);

    /// <summary>The <c>long</c> type.</summary>
    public static DeltaPrimitiveType Long => Get(DeltaPrimitiveKind.Long);

    /// <summary>The <c>integer</c> type.</summary>
    public static DeltaPrimitiveType Integer => Get(DeltaPrimitiveKind.Integer);

    /// <summary>The <c>short</c> type.</summary>
    public static DeltaPrimitiveType Short => Get(DeltaPrimitiveKind.Short);

    /// <summary>The <c>byte</c> type.</summary>
    public static DeltaPrimitiveType Byte => Get(DeltaPrimitiveKind.Byte);

    /// <summary>The <c>float</c> type.</summary>
    public static DeltaPrimitiveType Float => Get(DeltaPrimitiveKind.Float);

    /// <summary>The <c>double</c> type.</summary>
    public static DeltaPrimitiveType Double => Get(DeltaPrimitiveKind.Double);

    /// <summary>The <c>boolean</c> type.</summary>
    public static DeltaPrimitiveType Boolean => Get(DeltaPrimitiveKind.Boolean);

    /// <summary>The <c>binary</c> type.</summary>
    public static DeltaPrimitiveType Binary => Get(DeltaPrimitiveKind.Binary);

    /// <summary>The <c>date</c> type.</summary>
    public static DeltaPrimitiveType Date => Get(DeltaPrimitiveKind.Date);

    /// <summary>The <c>timestamp</c> type.</summary>
    public static DeltaPrimitiveType Timestamp => Get(DeltaPrimitiveKind.Timestamp);

    /// <summary>The <c>timestamp_ntz</c> type.</summary>
    public static DeltaPrimitiveType TimestampNtz => Get(DeltaPrimitiveKind.TimestampNtz);

    /// <summary>The <c>variant</c> type.</summary>
    public static DeltaPrimitiveType Variant => Get(DeltaPrimitiveKind.Variant);

    /// <summary>The <c>void</c> type.</summary>
    public static DeltaPrimitiveType Void => Get(DeltaPrimitiveKind.Void);

    /// <summary>Which primitive type this is.</summary>
    public DeltaPrimitiveKind Kind { get; }

    /// <inheritdoc />
    public override string TypeName => Kind switch
    {
        DeltaPrimitiveKind.String => "string",
        DeltaPrimitiveKind.Long => "long",
        DeltaPrimitiveKind.Integer => "integer",
        DeltaPrimitiveKind.Short => "short",
        DeltaPrimitiveKind.Byte => "byte",
        DeltaPrimitiveKind.Float => "float",
        DeltaPrimitiveKind.Double => "double",
        DeltaPrimitiveKind.Boolean => "boolean",
        DeltaPrimitiveKind.Binary => "binary",
        DeltaPrimitiveKind.Date => "date",
        DeltaPrimitiveKind.Timestamp => "timestamp",
        DeltaPrimitiveKind.TimestampNtz => "timestamp_ntz",
        DeltaPrimitiveKind.Variant => "variant",
        DeltaPrimitiveKind.Void => "void",
        _ => throw new InvalidOperationException($"Unknown primitive kind {Kind}."),
    };

    /// <summary>The shared instance for <paramref name="kind"/>.</summary>
    public static DeltaPrimitiveType Get(DeltaPrimitiveKind kind) => Instances[(int)kind];

    /// <summary>Looks up a primitive type by its schema-JSON name; false when the name is not a primitive type.</summary>
    public static bool TryParse(string name, out DeltaPrimitiveType? type)
    {
        ArgumentNullException.ThrowIfNull(name);
        DeltaPrimitiveKind? kind = name switch
        {
            "string" => DeltaPrimitiveKind.String,
            "long" => DeltaPrimitiveKind.Long,
            "integer" => DeltaPrimitiveKind.Integer,
            "short" => DeltaPrimitiveKind.Short,
            "byte" => DeltaPrimitiveKind.Byte,
            "float" => DeltaPrimitiveKind.Float,
            "double" => DeltaPrimitiveKind.Double,
            "boolean" => DeltaPrimitiveKind.Boolean,
            "binary" => DeltaPrimitiveKind.Binary,
            "date" => DeltaPrimitiveKind.Date,
            "timestamp" => DeltaPrimitiveKind.Timestamp,
            "timestamp_ntz" => DeltaPrimitiveKind.TimestampNtz,
            "variant" => DeltaPrimitiveKind.Variant,
            "void" => DeltaPrimitiveKind.Void,
            _ => null,
        };
        type = kind is DeltaPrimitiveKind k ? Get(k) : null;
        return type is not null;
    }

    /// <inheritdoc />
    public bool Equals(DeltaPrimitiveType? other) => other is not null && other.Kind == Kind;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeltaPrimitiveType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Kind;

    private static DeltaPrimitiveType[] CreateInstances()
    {
        DeltaPrimitiveKind[] values = Enum.GetValues<DeltaPrimitiveKind>();
        var result = new DeltaPrimitiveType[values.Length];
        foreach (DeltaPrimitiveKind kind in values)
        {
            result[(int)kind] = new DeltaPrimitiveType(kind);
        }
        return result;
    }
}
