namespace DeltaSharp.Parquet.Metadata;

/// <summary>Page compression codecs; values match parquet.thrift <c>CompressionCodec</c>.</summary>
public enum ParquetCompressionCodec
{
    /// <summary>No compression.</summary>
    Uncompressed = 0,
    /// <summary>Snappy raw format.</summary>
    Snappy = 1,
    /// <summary>Gzip (RFC 1952), possibly several concatenated members.</summary>
    Gzip = 2,
    /// <summary>LZO (not supported).</summary>
    Lzo = 3,
    /// <summary>Brotli.</summary>
    Brotli = 4,
    /// <summary>Deprecated LZ4: Hadoop framing in practice (raw LZ4 block in some writers).</summary>
    Lz4 = 5,
    /// <summary>Zstandard frame.</summary>
    Zstd = 6,
    /// <summary>LZ4 block format without framing.</summary>
    Lz4Raw = 7,
}
