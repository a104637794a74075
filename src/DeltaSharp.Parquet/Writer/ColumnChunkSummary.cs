using System.Collections.Generic;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>What a finished column chunk reports for its footer metadata (offsets are added by the file writer).</summary>
internal sealed record ColumnChunkSummary(
    IReadOnlyList<ParquetEncoding> Encodings,
    IReadOnlyList<ParquetPageEncodingStats> EncodingStats,
    long NumValues,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    ParquetStatistics? Statistics,
    bool HasDictionary);
