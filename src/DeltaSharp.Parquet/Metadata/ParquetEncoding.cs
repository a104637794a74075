namespace DeltaSharp.Parquet.Metadata;

/// <summary>Value and level encodings; values match parquet.thrift <c>Encoding</c>.</summary>
public enum ParquetEncoding
{
    /// <summary>Plain encoding.</summary>
    Plain = 0,
    /// <summary>Deprecated dictionary encoding (data pages: RLE indices; dictionary pages: plain).</summary>
    PlainDictionary = 2,
    /// <summary>RLE/bit-packed hybrid.</summary>
    Rle = 3,
    /// <summary>Deprecated bit-packed levels.</summary>
    BitPacked = 4,
    /// <summary>Delta encoding of integers.</summary>
    DeltaBinaryPacked = 5,
    /// <summary>Delta-encoded lengths followed by concatenated bytes.</summary>
    DeltaLengthByteArray = 6,
    /// <summary>Incremental (prefix/suffix) byte arrays.</summary>
    DeltaByteArray = 7,
    /// <summary>Dictionary indices in RLE/bit-packed hybrid.</summary>
    RleDictionary = 8,
    /// <summary>Byte streams of fixed-width values split by byte position.</summary>
    ByteStreamSplit = 9,
}
