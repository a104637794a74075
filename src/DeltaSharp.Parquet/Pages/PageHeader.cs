using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Pages;

/// <summary>A decoded page header (the union of the data v1, v2 and dictionary headers).</summary>
internal sealed class PageHeader
{
    public ParquetPageType Type;
    public int UncompressedPageSize;
    public int CompressedPageSize;
    public int? Crc;
    public bool HasDataPageHeader;
    public bool HasDataPageHeaderV2;
    public bool HasDictionaryPageHeader;

    // Data page v1 / v2 / dictionary.
    public int NumValues;
    public ParquetEncoding Encoding;
    public ParquetEncoding DefinitionLevelEncoding = ParquetEncoding.Rle;
    public ParquetEncoding RepetitionLevelEncoding = ParquetEncoding.Rle;

    // Data page v2.
    public int NumNulls;
    public int NumRows;
    public int DefinitionLevelsByteLength;
    public int RepetitionLevelsByteLength;
    public bool IsCompressed = true;

    // Dictionary.
    public bool IsSorted;
}
