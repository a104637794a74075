namespace DeltaSharp.Parquet.Metadata;

/// <summary>How many pages of a kind used an encoding in a column chunk.</summary>
/// <param name="PageType">The page kind.</param>
/// <param name="Encoding">The encoding.</param>
/// <param name="Count">The number of pages.</param>
public readonly record struct ParquetPageEncodingStats(ParquetPageType PageType, ParquetEncoding Encoding, int Count);
