using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// The Arrow C Stream Interface <c>struct ArrowArrayStream</c>: a pull-based stream of record batches sharing one
/// schema.
/// </summary>
/// <remarks>Callbacks return 0 on success or an errno-compatible code; after an error,
/// <see cref="GetLastError"/> describes it. <see cref="GetNext"/> signals the end by writing an array whose
/// <c>Release</c> is null. The holder calls <see cref="Release"/> exactly once. The stream's callbacks are not
/// re-entrant: one call at a time (any thread).</remarks>
[StructLayout(LayoutKind.Sequential)]
#pragma warning disable CA1051 // Interop layout: fields are the C struct's fields.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Named after the C struct ArrowArrayStream.")]
public unsafe struct ArrowCArrayStream
{
    /// <summary>Writes the stream's schema into the second argument (which the caller then owns).</summary>
    public delegate* unmanaged[Cdecl]<ArrowCArrayStream*, ArrowCSchema*, int> GetSchema;

    /// <summary>Writes the next batch into the second argument (caller owns it), or a released array at the end.</summary>
    public delegate* unmanaged[Cdecl]<ArrowCArrayStream*, ArrowCArray*, int> GetNext;

    /// <summary>Describes the last error (UTF-8, valid until the next call), or null.</summary>
    public delegate* unmanaged[Cdecl]<ArrowCArrayStream*, byte*> GetLastError;

    /// <summary>Release callback; null once released.</summary>
    public delegate* unmanaged[Cdecl]<ArrowCArrayStream*, void> Release;

    /// <summary>Producer-private data.</summary>
    public void* PrivateData;
}
#pragma warning restore CA1051
