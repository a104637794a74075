using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Fills <see cref="ArrowCSchema"/> structs. Everything an exported schema owns is native memory reachable from the
/// struct itself (strings, the children block, the dictionary struct), so its release needs no managed state: it
/// runs on any thread, never throws, and frees exactly once.
/// </summary>
internal static unsafe class SchemaExport
{
    internal static void ExportSchema(Schema schema, ArrowCSchema* target)
    {
        Fill(target, "+s", string.Empty, schema.Metadata, 0, schema.Fields, dictionaryValueType: null);
    }

    internal static void ExportField(Field field, ArrowCSchema* target) =>
        ExportType(field.Name, field.DataType, field.IsNullable, field.Metadata, target);

    private static void ExportType(string name, ArrowType type, bool nullable, IReadOnlyList<KeyValuePair<string, string>> metadata, ArrowCSchema* target)
    {
        long flags = nullable ? ArrowCFormat.FlagNullable : 0;
        IReadOnlyList<Field> children = type.Children;
        ArrowType? dictionaryValueType = null;
        if (type is DictionaryType dictionary)
        {
            children = [];
            dictionaryValueType = dictionary.ValueType;
            if (dictionary.Ordered)
            {
                flags |= ArrowCFormat.FlagDictionaryOrdered;
            }
        }
        else if (type is MapType { KeysSorted: true })
        {
            flags |= ArrowCFormat.FlagMapKeysSorted;
        }
        Fill(target, ArrowCFormat.ToFormat(type), name, metadata, flags, children, dictionaryValueType);
    }

    private static void Fill(
        ArrowCSchema* target,
        string format,
        string? name,
        IReadOnlyList<KeyValuePair<string, string>> metadata,
        long flags,
        IReadOnlyList<Field> children,
        ArrowType? dictionaryValueType)
    {
        *target = default;
        int count = children.Count;
        try
        {
            target->Format = NativeStrings.Utf8(format);
            target->Name = NativeStrings.Utf8(name);
            target->Metadata = NativeStrings.Metadata(metadata);
            target->Flags = flags;
            if (count > 0)
            {
                // One block: the child pointer array, then the child structs (zeroed: release null until filled).
                byte* block = (byte*)NativeMemory.AllocZeroed((nuint)(count * (sizeof(ArrowCSchema*) + sizeof(ArrowCSchema))));
                target->Children = (ArrowCSchema**)block;
                ArrowCSchema* structs = (ArrowCSchema*)(block + (count * sizeof(ArrowCSchema*)));
                for (int i = 0; i < count; i++)
                {
                    target->Children[i] = &structs[i];
                }
                target->ChildCount = count;
                for (int i = 0; i < count; i++)
                {
                    ExportField(children[i], &structs[i]);
                }
            }
            if (dictionaryValueType is not null)
            {
                target->Dictionary = (ArrowCSchema*)NativeMemory.AllocZeroed((nuint)sizeof(ArrowCSchema));
                ExportType(string.Empty, dictionaryValueType, true, [], target->Dictionary);
            }
        }
        catch
        {
            FreeContents(target);
            *target = default;
            throw;
        }
        target->Release = &Release;
        ArrowCDiagnostics.SchemaExported();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Release(ArrowCSchema* schema)
    {
#pragma warning disable CA1031 // A release callback must never throw into native code.
        try
        {
            if (schema is null || Interlocked.Exchange(ref *(nint*)&schema->Release, 0) == 0)
            {
                return; // already released (or moved): exactly once
            }
            FreeContents(schema);
            ArrowCDiagnostics.SchemaReleased();
        }
        catch (Exception)
        {
            ArrowCDiagnostics.ReleaseFailed();
        }
#pragma warning restore CA1031
    }

    /// <summary>Releases children and dictionary (unless moved out), frees strings and blocks.</summary>
    private static void FreeContents(ArrowCSchema* schema)
    {
        for (long i = 0; i < schema->ChildCount; i++)
        {
            ArrowCSchema* child = schema->Children[i];
            if (child is not null && child->Release is not null)
            {
                child->Release(child);
            }
        }
        if (schema->Dictionary is not null)
        {
            if (schema->Dictionary->Release is not null)
            {
                schema->Dictionary->Release(schema->Dictionary);
            }
            NativeMemory.Free(schema->Dictionary);
        }
        NativeMemory.Free(schema->Children);
        NativeMemory.Free(schema->Format);
        NativeMemory.Free(schema->Name);
        NativeMemory.Free(schema->Metadata);
        schema->Children = null;
        schema->Dictionary = null;
        schema->Format = null;
        schema->Name = null;
        schema->Metadata = null;
        schema->ChildCount = 0;
        schema->PrivateData = null;
    }
}
