namespace DeltaSharp.Parquet.Metadata;

/// <summary>Page kinds; values match parquet.thrift <c>PageType</c>.</summary>
public enum ParquetPageType
{
    /// <summary>Data page, version 1.</summary>
    DataPage = 0,
    /// <summary>Index page (unused by writers; skipped).</summary>
    IndexPage = 1,
    /// <summary>Dictionary page.</summary>
    DictionaryPage = 2,
    /// <summary>Data page, version 2.</summary>
    DataPageV2 = 3,
}
