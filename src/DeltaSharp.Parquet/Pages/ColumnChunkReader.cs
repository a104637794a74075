using System;
using DeltaSharp.Parquet.Encodings;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Pages;

/// <summary>
/// Decodes one column chunk page by page: each <see cref="ReadNextDataPage"/> appends the levels and values of the
/// next data page to a <see cref="ColumnChunkData"/> (which the caller may drain between calls with
/// <see cref="ColumnChunkData.Consume"/>), so decoded memory stays bounded by what the caller keeps plus one page.
/// <see cref="SkipDataPage"/> steps over a data page located by the page index without decompressing it. Holds the
/// chunk's dictionary; dispose it. Not thread-safe.
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

    /// <summary>Chunk byte offset of the next page to read (the start of its header).</summary>
    public int Position => _position;

    /// <summary>True once every value the chunk declares has been decoded (or skipped).</summary>
    public bool IsFinished => _decoded >= _meta.NumValues;

    /// <summary>Data pages decoded or skipped so far (the ordinal of the next data page in the offset index).</summary>
    public int DataPagesSeen { get; private set; }

    /// <summary>Data pages actually decompressed and decoded.</summary>
    public int DataPagesDecoded { get; private set; }

    /// <summary>Decodes pages of <paramref name="chunk"/> (the same bytes on every call) until one data page has
    /// been appended to <paramref name="output"/> (true) or all declared values are decoded (false).</summary>
    /// <exception cref="ParquetFormatException">A page is malformed (page index set; no file/column).</exception>
    public bool ReadNextDataPage(ReadOnlySpan<byte> chunk, ColumnChunkData output)
    {
        long expected = _meta.NumValues;
        if (expected < 0)
        {
            throw new ParquetFormatException($"column chunk declares {expected} values");
        }
        while (_decoded < expected)
        {
            if (_position >= chunk.Length)
            {
                throw new ParquetFormatException($"column chunk ends after {_decoded} of its {expected} values");
            }
            int added = ColumnChunkDecoder.DecodePage(chunk, ref _position, _page, expected - _decoded, _decoded == 0, ref _dictionary, Column, _meta, _verifyChecksums, output, out bool isDataPage);
            _page++;
            if (isDataPage)
            {
                DataPagesSeen++;
                DataPagesDecoded++;
            }
            _decoded += added;
            if (added > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Steps over the next data page, which the offset index places at chunk byte
    /// <paramref name="chunkOffset"/>: pages before it (dictionary, index pages) are decoded as usual, then the data
    /// page's header is read and its body skipped. Returns the page's value count.</summary>
    /// <exception cref="ParquetFormatException">The offset index does not match the pages found.</exception>
    public int SkipDataPage(ReadOnlySpan<byte> chunk, long chunkOffset, ColumnChunkData scratch)
    {
        try
        {
            while (_position < chunkOffset)
            {
                int start = _position;
                PageHeader peek = PeekPageHeader(chunk, start);
                if (peek.Type is ParquetPageType.DataPage or ParquetPageType.DataPageV2)
                {
                    throw new ParquetFormatException($"the offset index places data page {DataPagesSeen} at chunk byte {chunkOffset}, but a data page starts at byte {start}");
                }
                ColumnChunkDecoder.DecodePage(chunk, ref _position, _page, _meta.NumValues - _decoded, _decoded == 0, ref _dictionary, Column, _meta, _verifyChecksums, scratch, out _);
                _page++;
            }
            if (_position != chunkOffset)
            {
                throw new ParquetFormatException($"the offset index places data page {DataPagesSeen} at chunk byte {chunkOffset}, which is inside another page");
            }
            PageHeader header = ColumnChunkDecoder.ReadPageHeader(chunk, ref _position, out _);
            if (header.Type is not (ParquetPageType.DataPage or ParquetPageType.DataPageV2))
            {
                throw new ParquetFormatException($"the offset index places data page {DataPagesSeen} at chunk byte {chunkOffset}, but a {header.Type} page is there");
            }
            if (header.NumValues < 0 || header.NumValues > _meta.NumValues - _decoded)
            {
                throw new ParquetFormatException($"data page declares {header.NumValues} values but the column chunk has {_meta.NumValues - _decoded} left");
            }
            _page++;
            DataPagesSeen++;
            _decoded += header.NumValues;
            return header.NumValues;
        }
        catch (ParquetFormatException e)
        {
            throw e.WithLocation(null, null, null, _page);
        }
    }

    private static PageHeader PeekPageHeader(ReadOnlySpan<byte> chunk, int position)
    {
        int probe = position;
        return ColumnChunkDecoder.ReadPageHeader(chunk, ref probe, out _);
    }

    public void Dispose()
    {
        _dictionary?.Dispose();
        _dictionary = null;
    }
}
