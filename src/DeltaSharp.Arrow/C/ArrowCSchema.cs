using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// The Arrow C Data Interface <c>struct ArrowSchema</c>, field for field (see the Arrow specification,
/// "The Arrow C data interface"). Describes a type (and, for a record batch, a struct of the columns).
/// </summary>
/// <remarks>
/// <para>Ownership: whoever holds a struct whose <see cref="Release"/> is non-null owns it and must call
/// <see cref="Release"/> exactly once (on the base struct only, never on children it did not move out).
/// DeltaSharp's release callbacks may be called from any thread, including threads the .NET runtime has never seen,
/// never throw, and set <see cref="Release"/> to null.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
#pragma warning disable CA1051 // Interop layout: fields are the C struct's fields.
public unsafe struct ArrowCSchema
{
    /// <summary>Null-terminated UTF-8 format string of the type (e.g. <c>"l"</c> for int64, <c>"+s"</c> for struct).</summary>
    public byte* Format;

    /// <summary>Null-terminated UTF-8 field name, or null.</summary>
    public byte* Name;

    /// <summary>Binary-encoded key/value metadata (int32 count, then length-prefixed keys and values), or null.</summary>
    public byte* Metadata;

    /// <summary>Bit flags: 1 dictionary ordered, 2 nullable, 4 map keys sorted.</summary>
    public long Flags;

    /// <summary>Number of children.</summary>
    public long ChildCount;

    /// <summary>Pointer to <see cref="ChildCount"/> child pointers.</summary>
    public ArrowCSchema** Children;

    /// <summary>The dictionary's value type, for dictionary-encoded types; else null.</summary>
    public ArrowCSchema* Dictionary;

    /// <summary>Release callback; null once released.</summary>
    public delegate* unmanaged[Cdecl]<ArrowCSchema*, void> Release;

    /// <summary>Producer-private data.</summary>
    public void* PrivateData;
}
#pragma warning restore CA1051
