using System;
using DeltaSharp.Parquet.Encodings;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Pages;

/// <summary>
/// Decodes one column chunk page by page: each <see cref="ReadNextDataPage"/> appends the levels and values of the
/// next data page to a <see cref="ColumnChunkData"/> (which the caller may drain between calls with
/// <see cref="ColumnChunkData.Consume"/>), so decoded memory stays bounded by what the caller keeps plus one page.
/// Holds the chunk's dictionary; dispose it. Not thread-safe.
/// </summary>
internal sealed class ColumnChunkReader : IDisposable
{
    private readonly ParquetColumnMetaData _meta;
    private readonly bool _verifyChecksums;
    private ColumnValues? _dictionary;
    private int _position;
    private int _page;
    private long _decoded;

    public ColumnChunkReader(ColumnDescriptor column, ParquetColumnMetaData meta, bool verifyChecksums)
    {
        Column = column;
        _meta = meta;
        _verifyChecksums = verifyChecksums;
    }

    public ColumnDescriptor Column { get; }

    /// <summary>True once every value the chunk declares has been decoded.</summary>
    public bool IsFinished => _decoded >= _meta.NumValues;

    /// <summary>Index (within the chunk) of the next page to decode.</summary>
    public int NextPage => _page;

    /// <summary>Decodes pages of <paramref name="chunk"/> (the same bytes on every call) until one data page has
    /// been appended to <paramref name="output"/> (true) or all declared values are decoded (false).</summary>
    /// <exception cref="ParquetFormatException">A page is malformed (page index set; no file/column).</exception>
    public bool ReadNextDataPage(ReadOnlySpan<byte> chunk, ColumnChunkData output) =>
        ColumnChunkDecoder.DecodeNextDataPage(chunk, ref _position, ref _page, ref _decoded, ref _dictionary, Column, _meta, _verifyChecksums, output);

    public void Dispose()
    {
        _dictionary?.Dispose();
        _dictionary = null;
    }
}
