using System.Collections.Generic;

namespace DeltaSharp.Parquet.Metadata;

/// <summary>The decoded footer of a Parquet file. Immutable and thread-safe to share.</summary>
public sealed class ParquetFileMetaData
{
    /// <summary>Format version (1 or 2).</summary>
    public required int Version { get; init; }

    /// <summary>Flattened depth-first schema; element 0 is the root.</summary>
    public required IReadOnlyList<ParquetSchemaElement> Schema { get; init; }

    /// <summary>Total rows.</summary>
    public required long NumRows { get; init; }

    /// <summary>Row groups.</summary>
    public required IReadOnlyList<ParquetRowGroup> RowGroups { get; init; }

    /// <summary>File key/value metadata (for example the Arrow schema or Spark metadata).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; init; } = [];

    /// <summary>The writer, e.g. <c>parquet-mr version 1.12.3</c>.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Per-leaf statistics order; empty when not written.</summary>
    public IReadOnlyList<ParquetColumnOrder> ColumnOrders { get; init; } = [];

    /// <summary>True when the footer declares an encryption algorithm (plaintext-footer encrypted file).</summary>
    public bool IsEncrypted { get; init; }
}
