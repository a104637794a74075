using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Checkpoints;

/// <summary>Creates the Parquet checkpoint reader used by tables.</summary>
internal static class CheckpointReaders
{
    /// <summary>The reader for Parquet checkpoints and sidecars, allocating Arrow buffers from <paramref name="allocator"/>.</summary>
    public static ICheckpointFileReader? Create(ArrowAllocator? allocator) => new ParquetCheckpointReader(allocator);
}
