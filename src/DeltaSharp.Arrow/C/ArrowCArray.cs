using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// The Arrow C Data Interface <c>struct ArrowArray</c>, field for field: the physical data of one array (or, for a
/// record batch, a struct array whose children are the columns).
/// </summary>
/// <remarks>Same ownership rules as <see cref="ArrowCSchema"/>: the holder of a struct with a non-null
/// <see cref="Release"/> calls it exactly once; DeltaSharp's callbacks work from any thread and never throw. A child
/// may be moved out (copy the struct, set the original's <see cref="Release"/> to null) and released on its own.</remarks>
[StructLayout(LayoutKind.Sequential)]
#pragma warning disable CA1051 // Interop layout: fields are the C struct's fields.
public unsafe struct ArrowCArray
{
    /// <summary>Logical length in slots.</summary>
    public long Length;

    /// <summary>Number of null slots, or -1 when not computed.</summary>
    public long NullCount;

    /// <summary>Slot offset into the buffers.</summary>
    public long Offset;

    /// <summary>Number of buffers.</summary>
    public long BufferCount;

    /// <summary>Number of children.</summary>
    public long ChildCount;

    /// <summary>Pointer to <see cref="BufferCount"/> buffer addresses (the validity entry may be null).</summary>
    public void** Buffers;

    /// <summary>Pointer to <see cref="ChildCount"/> child pointers.</summary>
    public ArrowCArray** Children;

    /// <summary>The dictionary values, for dictionary-encoded arrays; else null.</summary>
    public ArrowCArray* Dictionary;

    /// <summary>Release callback; null once released.</summary>
    public delegate* unmanaged[Cdecl]<ArrowCArray*, void> Release;

    /// <summary>Producer-private data.</summary>
    public void* PrivateData;
}
#pragma warning restore CA1051
