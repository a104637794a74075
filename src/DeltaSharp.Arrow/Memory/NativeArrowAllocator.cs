using System.Runtime.InteropServices;

namespace DeltaSharp.Arrow.Memory;

/// <summary>
/// The production allocator: 64-byte aligned native memory from <see cref="NativeMemory.AlignedAlloc"/>.
/// Thread-safe; has no configuration. Use <see cref="ArrowAllocator.Default"/> for the shared instance, or create a
/// private instance to count one component's memory separately.
/// </summary>
public sealed unsafe class NativeArrowAllocator : ArrowAllocator
{
    internal static readonly NativeArrowAllocator Shared = new();

    /// <inheritdoc />
    protected override void* AllocateCore(nuint byteLength) => NativeMemory.AlignedAlloc(byteLength, Alignment);

    /// <inheritdoc />
    protected override void FreeCore(void* pointer, nuint byteLength) => NativeMemory.AlignedFree(pointer);

    /// <inheritdoc />
    protected override void* ReallocateCore(void* pointer, nuint oldByteLength, nuint newByteLength) =>
        NativeMemory.AlignedRealloc(pointer, newByteLength, Alignment);
}
