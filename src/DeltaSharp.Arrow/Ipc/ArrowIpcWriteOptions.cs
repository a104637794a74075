namespace DeltaSharp.Arrow.Ipc;

/// <summary>Options for <see cref="ArrowStreamWriter"/> and <see cref="ArrowFileWriter"/>. Immutable once built.</summary>
public sealed class ArrowIpcWriteOptions
{
    /// <summary>The defaults: no compression.</summary>
    public static ArrowIpcWriteOptions Default { get; } = new();

    /// <summary>Body compression for record batches and dictionary batches (default <see cref="ArrowIpcCompression.None"/>).
    /// Buffers that do not shrink are stored uncompressed (length prefix -1), as the format allows.</summary>
    public ArrowIpcCompression Compression { get; init; }

    /// <summary>zstd level when <see cref="Compression"/> is <see cref="ArrowIpcCompression.Zstd"/> (default 1, fast).</summary>
    public int ZstdLevel { get; init; } = 1;
}
