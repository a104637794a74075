namespace DeltaSharp.Arrow.Ipc;

/// <summary>Body compression of Arrow IPC record batches and dictionary batches (Message.fbs BodyCompression).</summary>
public enum ArrowIpcCompression
{
    /// <summary>Buffers are written as they are.</summary>
    None,

    /// <summary>Each buffer is one LZ4 frame (<c>LZ4_FRAME</c>).</summary>
    Lz4Frame,

    /// <summary>Each buffer is one Zstandard frame (<c>ZSTD</c>).</summary>
    Zstd,
}
