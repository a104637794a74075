using System.Collections.Generic;

namespace DeltaSharp.Parquet.Metadata;

/// <summary>Metadata of one column chunk. Immutable.</summary>
public sealed class ParquetColumnMetaData
{
    /// <summary>Physical type.</summary>
    public required ParquetPhysicalType PhysicalType { get; init; }

    /// <summary>Encodings used by the chunk's pages (including level encodings).</summary>
    public required IReadOnlyList<ParquetEncoding> Encodings { get; init; }

    /// <summary>Path of the leaf in the schema.</summary>
    public required IReadOnlyList<string> PathInSchema { get; init; }

    /// <summary>Compression codec of the pages.</summary>
    public required ParquetCompressionCodec Codec { get; init; }

    /// <summary>Number of values (levels) including nulls.</summary>
    public required long NumValues { get; init; }

    /// <summary>Uncompressed size of all pages including headers.</summary>
    public required long TotalUncompressedSize { get; init; }

    /// <summary>Compressed size of all pages including headers.</summary>
    public required long TotalCompressedSize { get; init; }

    /// <summary>Per-chunk key/value metadata.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; init; } = [];

    /// <summary>File offset of the first data page.</summary>
    public required long DataPageOffset { get; init; }

    /// <summary>File offset of the (unused) index page.</summary>
    public long? IndexPageOffset { get; init; }

    /// <summary>File offset of the dictionary page, when the writer recorded one (0 is treated as absent).</summary>
    public long? DictionaryPageOffset { get; init; }

    /// <summary>Chunk statistics.</summary>
    public ParquetStatistics? Statistics { get; init; }

    /// <summary>Per page-kind encoding counts.</summary>
    public IReadOnlyList<ParquetPageEncodingStats> EncodingStats { get; init; } = [];

    /// <summary>File offset of the Bloom filter.</summary>
    public long? BloomFilterOffset { get; init; }

    /// <summary>Length of the Bloom filter including its header.</summary>
    public int? BloomFilterLength { get; init; }
}
