using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Options of <see cref="ParquetFileWriter"/>. Immutable once handed to a writer (the writer reads them at
/// construction); safe to share between writers.
/// </summary>
public sealed class ParquetWriterOptions
{
    /// <summary>The default options: SNAPPY, dictionary on, data page v1, 1 MiB pages, 1 Mi-row row groups.</summary>
    public static ParquetWriterOptions Default { get; } = new();

    /// <summary>Page compression. Supported: <see cref="ParquetCompressionCodec.Uncompressed"/>,
    /// <see cref="ParquetCompressionCodec.Snappy"/> (default), <see cref="ParquetCompressionCodec.Gzip"/>,
    /// <see cref="ParquetCompressionCodec.Zstd"/>.</summary>
    public ParquetCompressionCodec Compression { get; init; } = ParquetCompressionCodec.Snappy;

    /// <summary>Codec level for ZSTD (default 3) and GZIP (0 = fastest, 1 = optimal, 2 = smallest); null = codec default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Data page header version.</summary>
    public ParquetDataPageVersion DataPageVersion { get; init; } = ParquetDataPageVersion.V1;

    /// <summary>Target uncompressed size of a data page in bytes (pages are cut when they reach it).</summary>
    public int DataPageSize { get; init; } = 1024 * 1024;

    /// <summary>Upper bound of levels per data page (keeps pages of tiny values small).</summary>
    public int DataPageRowCountLimit { get; init; } = 20_000;

    /// <summary>Whether to try RLE_DICTIONARY encoding (booleans never use it).</summary>
    public bool EnableDictionary { get; init; } = true;

    /// <summary>Largest PLAIN-encoded dictionary size per column chunk; past it the chunk falls back to PLAIN.</summary>
    public int DictionaryPageSizeLimit { get; init; } = 1024 * 1024;

    /// <summary>Most rows in a row group; batches are split to respect it.</summary>
    public int RowGroupMaxRows { get; init; } = 1024 * 1024;

    /// <summary>Row group is closed once its buffered (encoded, compressed) bytes reach this size.</summary>
    public long RowGroupMaxBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Whether to write column chunk statistics (min/max, null count).</summary>
    public bool WriteStatistics { get; init; } = true;

    /// <summary>Byte length past which BYTE_ARRAY min/max statistics are truncated (min to a prefix, max to a
    /// prefix rounded up); null disables truncation.</summary>
    public int? StatisticsTruncateLength { get; init; } = 64;

    /// <summary>File key/value metadata to add to the footer.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; init; } = [];

    /// <summary>Whether to store the Arrow schema (IPC schema message, base64) under <c>ARROW:schema</c> in the
    /// footer, as Arrow C++/Rust writers do, so Arrow readers recover types Parquet cannot express exactly.</summary>
    public bool StoreArrowSchema { get; init; }

    /// <summary>The <c>created_by</c> string of the footer.</summary>
    public string CreatedBy { get; init; } = "DeltaSharp version 0.1 (build parquet-writer)";

    /// <summary>
    /// Starts a piece of column-encoding work on another thread and returns its task (for example
    /// <c>work =&gt; DeltaRuntime.Shared.RunAsync(work)</c>, so that every thread comes from the host's runtime).
    /// When set, the asynchronous paths (<c>WriteBatchAsync</c>, <c>FlushRowGroupAsync</c>, <c>CloseAsync</c>) encode
    /// and compress the leaf columns of each batch, and finish the column chunks of each row group, on up to
    /// <see cref="EncodingParallelism"/> participants: the calling thread plus work items started through this
    /// function, each taking the next unencoded column. Null (default): one thread. The synchronous paths always
    /// use one thread. The output bytes do not depend on it, nor does memory (each column buffers only its own chunk).
    /// </summary>
    public Func<Action, Task>? ParallelWorkScheduler { get; init; }

    /// <summary>Upper bound of threads encoding columns at once when <see cref="ParallelWorkScheduler"/> is set
    /// (default: the processor count).</summary>
    public int EncodingParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Checks the option values; throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public void Validate()
    {
        if (Compression is not (ParquetCompressionCodec.Uncompressed or ParquetCompressionCodec.Snappy
            or ParquetCompressionCodec.Gzip or ParquetCompressionCodec.Zstd))
        {
            throw new ArgumentException($"Compression {Compression} is not supported by the writer (use UNCOMPRESSED, SNAPPY, GZIP or ZSTD).");
        }
        if (DataPageSize < 1024)
        {
            throw new ArgumentException("DataPageSize must be at least 1024 bytes.");
        }
        if (DataPageRowCountLimit < 1)
        {
            throw new ArgumentException("DataPageRowCountLimit must be positive.");
        }
        if (RowGroupMaxRows < 1)
        {
            throw new ArgumentException("RowGroupMaxRows must be positive.");
        }
        if (RowGroupMaxBytes < 1)
        {
            throw new ArgumentException("RowGroupMaxBytes must be positive.");
        }
        if (DictionaryPageSizeLimit < 0)
        {
            throw new ArgumentException("DictionaryPageSizeLimit must not be negative.");
        }
        if (StatisticsTruncateLength is < 1)
        {
            throw new ArgumentException("StatisticsTruncateLength must be positive or null.");
        }
        if (EncodingParallelism < 1)
        {
            throw new ArgumentException("EncodingParallelism must be positive.");
        }
        if (DataPageVersion is not (ParquetDataPageVersion.V1 or ParquetDataPageVersion.V2))
        {
            throw new ArgumentException($"DataPageVersion {DataPageVersion} is not defined.");
        }
    }
}
