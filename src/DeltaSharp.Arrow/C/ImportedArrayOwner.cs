using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeltaSharp.Arrow.C;

/// <summary>
/// Owns an imported (moved) <see cref="ArrowCArray"/> and calls its producer's release exactly once, when the
/// importer and every buffer wrapping its memory have let go. Reference counted: the import itself holds one
/// reference; each wrapped buffer holds one through a <see cref="Lease"/>.
/// </summary>
internal sealed unsafe class ImportedArrayOwner
{
    private ArrowCArray* _moved;
    private int _references = 1;

    /// <summary>Moves <paramref name="source"/> into owned memory (the source is left released, per the spec's
    /// move semantics).</summary>
    internal ImportedArrayOwner(ArrowCArray* source)
    {
        _moved = (ArrowCArray*)NativeMemory.Alloc((nuint)sizeof(ArrowCArray));
        *_moved = *source;
        source->Release = null;
    }

    internal ArrowCArray* Array => _moved;

    /// <summary>A reference for one wrapped buffer; disposing it (once) drops the reference.</summary>
    internal IDisposable Lease()
    {
        Interlocked.Increment(ref _references);
        return new LeaseHandle(this);
    }

    /// <summary>Drops the importer's own reference.</summary>
    internal void ReleaseImporterReference() => Drop();

    private void Drop()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }
        ArrowCArray* moved = _moved;
        _moved = null;
        if (moved->Release is not null)
        {
            moved->Release(moved);
        }
        NativeMemory.Free(moved);
    }

    private sealed class LeaseHandle(ImportedArrayOwner owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Drop();
            }
        }
    }
}
