namespace DeltaSharp.Arrow.Ipc;

/// <summary>A decoded and bounds-checked RecordBatch table: row count, field nodes, buffer regions, compression.</summary>
internal sealed class RecordBatchMetadata
{
    public RecordBatchMetadata(long length, long[] nodeLengths, long[] nodeNullCounts, long[] bufferOffsets, long[] bufferLengths, int compression, long[] variadicCounts)
    {
        Length = length;
        NodeLengths = nodeLengths;
        NodeNullCounts = nodeNullCounts;
        BufferOffsets = bufferOffsets;
        BufferLengths = bufferLengths;
        Compression = compression;
        VariadicCounts = variadicCounts;
    }

    public long Length { get; }

    public long[] NodeLengths { get; }

    public long[] NodeNullCounts { get; }

    public long[] BufferOffsets { get; }

    public long[] BufferLengths { get; }

    /// <summary>-1 for none, else <see cref="IpcFormat.CompressionLz4Frame"/> or <see cref="IpcFormat.CompressionZstd"/>.</summary>
    public int Compression { get; }

    public long[] VariadicCounts { get; }
}
