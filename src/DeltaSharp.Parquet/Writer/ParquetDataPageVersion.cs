namespace DeltaSharp.Parquet.Writer;

/// <summary>Which data page header the writer emits.</summary>
public enum ParquetDataPageVersion
{
    /// <summary>DATA_PAGE (v1): levels and values compressed together. Read by every reader; the default.</summary>
    V1 = 1,

    /// <summary>DATA_PAGE_V2: levels uncompressed and outside the compressed values; pages start at row boundaries.</summary>
    V2 = 2,
}
