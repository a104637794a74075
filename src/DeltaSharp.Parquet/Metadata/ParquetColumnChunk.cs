namespace DeltaSharp.Parquet.Metadata;

/// <summary>A column chunk of a row group: where its pages live and its page index locations. Immutable.</summary>
public sealed class ParquetColumnChunk
{
    /// <summary>External file holding the data (summary files only; not supported for reading).</summary>
    public string? FilePath { get; init; }

    /// <summary>Deprecated file offset.</summary>
    public long FileOffset { get; init; }

    /// <summary>The chunk metadata; null only in malformed or encrypted-column files.</summary>
    public ParquetColumnMetaData? MetaData { get; init; }

    /// <summary>Offset index location.</summary>
    public long? OffsetIndexOffset { get; init; }

    /// <summary>Offset index length.</summary>
    public int? OffsetIndexLength { get; init; }

    /// <summary>Column index location.</summary>
    public long? ColumnIndexOffset { get; init; }

    /// <summary>Column index length.</summary>
    public int? ColumnIndexLength { get; init; }

    /// <summary>True when the chunk carries crypto metadata (modular encryption).</summary>
    public bool IsEncrypted { get; init; }
}
