using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>Options for <see cref="ArrowStreamReader"/> and <see cref="ArrowFileReader"/>. Immutable once built.</summary>
public sealed class ArrowIpcReadOptions
{
    /// <summary>The defaults.</summary>
    public static ArrowIpcReadOptions Default { get; } = new();

    /// <summary>Allocator for message bodies and decompressed buffers; null for <see cref="ArrowAllocator.Default"/>.</summary>
    public ArrowAllocator? Allocator { get; init; }

    /// <summary>Largest accepted message metadata (flatbuffer) in bytes (default 64 MiB). Larger declared sizes are
    /// rejected as malformed before anything is allocated.</summary>
    public int MaxMetadataLength { get; init; } = 64 << 20;

    /// <summary>Largest accepted field nesting depth in a schema (default 64).</summary>
    public int MaxNestingDepth { get; init; } = 64;
}
