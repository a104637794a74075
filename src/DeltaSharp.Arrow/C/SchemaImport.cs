using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.C;

/// <summary>Reads <see cref="ArrowCSchema"/> structs into managed <see cref="Schema"/>/<see cref="Field"/> copies
/// (does not release them; the public importer does).</summary>
internal static unsafe class SchemaImport
{
    private const int MaxDepth = 64;

    internal static Schema ReadSchema(ArrowCSchema* source)
    {
        CheckLive(source, "schema");
        string format = NativeStrings.ReadUtf8(source->Format) ?? throw new FormatException("Arrow C schema has no format string.");
        if (format != "+s")
        {
            throw new FormatException($"A record batch schema must be a struct ('+s'), got format '{format}'.");
        }
        return new Schema(ReadChildren(source, 0), NativeStrings.ReadMetadata(source->Metadata));
    }

    internal static Field ReadField(ArrowCSchema* source, int depth)
    {
        CheckLive(source, "field");
        if (depth > MaxDepth)
        {
            throw new FormatException($"Arrow C schema nests deeper than {MaxDepth} levels.");
        }
        string name = NativeStrings.ReadUtf8(source->Name) ?? string.Empty;
        return new Field(name, ReadType(source, depth), (source->Flags & ArrowCFormat.FlagNullable) != 0, NativeStrings.ReadMetadata(source->Metadata));
    }

    private static ArrowType ReadType(ArrowCSchema* source, int depth)
    {
        string format = NativeStrings.ReadUtf8(source->Format) ?? throw new FormatException("Arrow C schema has no format string.");
        ArrowType type = ArrowCFormat.FromFormat(format, ReadChildren(source, depth), source->Flags);
        if (source->Dictionary is not null)
        {
            if (type is not IntegerType index)
            {
                throw new FormatException($"Dictionary-encoded field has non-integer index format '{format}'.");
            }
            CheckLive(source->Dictionary, "dictionary");
            ArrowType values = ReadType(source->Dictionary, depth + 1);
            type = new DictionaryType(index, values, (source->Flags & ArrowCFormat.FlagDictionaryOrdered) != 0);
        }
        return type;
    }

    private static List<Field> ReadChildren(ArrowCSchema* source, int depth)
    {
        if (source->ChildCount < 0 || source->ChildCount > int.MaxValue || (source->ChildCount > 0 && source->Children is null))
        {
            throw new FormatException($"Arrow C schema has an invalid child count {source->ChildCount}.");
        }
        var children = new List<Field>((int)source->ChildCount);
        for (long i = 0; i < source->ChildCount; i++)
        {
            children.Add(ReadField(source->Children[i], depth + 1));
        }
        return children;
    }

    private static void CheckLive(ArrowCSchema* source, string what)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source), $"Arrow C {what} pointer is null.");
        }
        if (source->Release is null)
        {
            throw new ArgumentException($"Arrow C {what} was already released (its release callback is null).", nameof(source));
        }
    }
}
