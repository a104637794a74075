using System;
using System.Buffers;
using System.Collections.Generic;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Writes one leaf column of the current row group: computes levels per batch, cuts data pages at row
/// boundaries when they reach the size limits, encodes and compresses them into an in-memory chunk buffer, and
/// at <see cref="FinishChunk"/> prepends the dictionary page. Memory is bounded by one column chunk. Not
/// thread-safe.
/// </summary>
internal sealed class ColumnChunkWriter : IDisposable
{
    private const int SliceLevels = 1024;

    private readonly LeafColumnPlan _plan;
    private readonly ParquetWriterOptions _options;
    private readonly PageCompressor _compressor;
    private readonly ValueEncoder _values;
    private readonly LevelBuffers _levels = new();
    private readonly PooledByteBuffer _chunk = new(64 * 1024);
    private readonly PooledByteBuffer _dictionaryPage = new(1024);
    private readonly PooledByteBuffer _body = new(64 * 1024);
    private readonly PooledByteBuffer _compressed = new(64 * 1024);
    private readonly SortedSet<ParquetEncoding> _encodings = [];
    private readonly Dictionary<ParquetEncoding, int> _dataPageEncodingCounts = [];
    private short[] _pageDef = ArrayPool<short>.Shared.Rent(SliceLevels * 2);
    private short[] _pageRep = ArrayPool<short>.Shared.Rent(SliceLevels * 2);
    private int _pageLevels;
    private int _pageRows;
    private int _pageNulls;
    private long _chunkLevels;
    private long _chunkNulls;
    private long _chunkUncompressed;
    private long _chunkCompressed;

    public ColumnChunkWriter(LeafColumnPlan plan, ParquetWriterOptions options, PageCompressor compressor)
    {
        _plan = plan;
        _options = options;
        _compressor = compressor;
        _values = plan.PhysicalType switch
        {
            ParquetPhysicalType.Boolean => new BooleanValueEncoder(plan, options),
            ParquetPhysicalType.Int32 or ParquetPhysicalType.Float => new NumericValueEncoder<int>(plan, options),
            ParquetPhysicalType.Int64 or ParquetPhysicalType.Double => new NumericValueEncoder<long>(plan, options),
            _ => new BinaryValueEncoder(plan, options),
        };
    }

    public LeafColumnPlan Plan => _plan;

    /// <summary>Bytes buffered for this chunk so far (encoded pages plus an estimate of the open page).</summary>
    public long BufferedBytes => _chunk.Length + _values.PageValueBytes + (_pageLevels / 2);

    /// <summary>Appends the leaf values of one top-level column array.</summary>
    public void Write(ArrayData column)
    {
        LevelBuilder.Build(_plan, column, _levels);
        AppendLevels();
    }

    /// <summary>Appends the selected rows of one top-level column array.</summary>
    public void Write(ArrayData column, ReadOnlySpan<int> rows)
    {
        LevelBuilder.Build(_plan, column, rows, _levels);
        AppendLevels();
    }

    private void AppendLevels()
    {
        ReadOnlySpan<short> def = _levels.Definition;
        ReadOnlySpan<short> rep = _levels.Repetition;
        ReadOnlySpan<int> slots = _levels.Values;
        ArrayData? valuesArray = _levels.ValuesArray;
        short maxDef = _plan.MaxDefinitionLevel;
        bool repeated = _plan.MaxRepetitionLevel > 0;
        int n = def.Length;
        int position = 0;
        int valuePosition = 0;
        while (position < n)
        {
            int end = Math.Min(n, position + SliceLevels);
            if (repeated)
            {
                while (end < n && rep[end] != 0)
                {
                    end++;
                }
            }
            int count = end - position;
            int valueCount = 0;
            int rows = repeated ? 0 : count;
            for (int i = position; i < end; i++)
            {
                if (def[i] == maxDef)
                {
                    valueCount++;
                }
                if (repeated && rep[i] == 0)
                {
                    rows++;
                }
            }
            if (_plan.ValueKind == LeafValueKind.Null)
            {
                valueCount = 0;
            }
            EnsurePageLevelCapacity(count);
            def.Slice(position, count).CopyTo(_pageDef.AsSpan(_pageLevels));
            rep.Slice(position, count).CopyTo(_pageRep.AsSpan(_pageLevels));
            _pageLevels += count;
            _pageRows += rows;
            _pageNulls += count - valueCount;
            if (valueCount > 0)
            {
                _values.Append(valuesArray!, slots.Slice(valuePosition, valueCount));
                valuePosition += valueCount;
            }
            position = end;
            if (_values.DictionaryTooLarge)
            {
                FlushPage();
                _values.FallBackToPlain();
            }
            else if (_values.PageValueBytes + (_pageLevels / 2) >= _options.DataPageSize || _pageLevels >= _options.DataPageRowCountLimit)
            {
                FlushPage();
            }
        }
    }

    private void EnsurePageLevelCapacity(int additional)
    {
        if (_pageLevels + additional <= _pageDef.Length)
        {
            return;
        }
        int size = Math.Max(_pageDef.Length * 2, _pageLevels + additional);
        short[] def = ArrayPool<short>.Shared.Rent(size);
        short[] rep = ArrayPool<short>.Shared.Rent(size);
        _pageDef.AsSpan(0, _pageLevels).CopyTo(def);
        _pageRep.AsSpan(0, _pageLevels).CopyTo(rep);
        ArrayPool<short>.Shared.Return(_pageDef);
        ArrayPool<short>.Shared.Return(_pageRep);
        _pageDef = def;
        _pageRep = rep;
    }

    private void FlushPage()
    {
        if (_pageLevels == 0)
        {
            return;
        }
        _body.Clear();
        _compressed.Clear();
        int repBitWidth = RleBitPackedEncoder.BitWidth(_plan.MaxRepetitionLevel);
        int defBitWidth = RleBitPackedEncoder.BitWidth(_plan.MaxDefinitionLevel);
        ParquetEncoding encoding;
        int uncompressedSize;
        int compressedSize;
        int headerStart = _chunk.Length;
        if (_options.DataPageVersion == ParquetDataPageVersion.V1)
        {
            if (_plan.MaxRepetitionLevel > 0)
            {
                WriteLengthPrefixedLevels(_pageRep.AsSpan(0, _pageLevels), repBitWidth);
            }
            if (_plan.MaxDefinitionLevel > 0)
            {
                WriteLengthPrefixedLevels(_pageDef.AsSpan(0, _pageLevels), defBitWidth);
            }
            encoding = _values.WritePageValues(_body);
            uncompressedSize = _body.Length;
            compressedSize = _compressor.Compress(_body.WrittenSpan, _compressed);
            ParquetMetadataSerializer.WriteDataPageHeaderV1(_chunk, uncompressedSize, compressedSize, _pageLevels, encoding);
            _chunk.Write(_compressed.WrittenSpan);
            Count(ParquetPageType.DataPage, encoding);
        }
        else
        {
            if (_plan.MaxRepetitionLevel > 0)
            {
                RleBitPackedEncoder.Encode(_pageRep.AsSpan(0, _pageLevels), repBitWidth, _compressed);
            }
            int repLength = _compressed.Length;
            if (_plan.MaxDefinitionLevel > 0)
            {
                RleBitPackedEncoder.Encode(_pageDef.AsSpan(0, _pageLevels), defBitWidth, _compressed);
            }
            int defLength = _compressed.Length - repLength;
            encoding = _values.WritePageValues(_body);
            bool compress = _compressor.Codec != ParquetCompressionCodec.Uncompressed;
            uncompressedSize = repLength + defLength + _body.Length;
            int valuesCompressed = _compressor.Compress(_body.WrittenSpan, _compressed);
            compressedSize = repLength + defLength + valuesCompressed;
            ParquetMetadataSerializer.WriteDataPageHeaderV2(
                _chunk, uncompressedSize, compressedSize, _pageLevels, _pageNulls, _pageRows, encoding, defLength, repLength, compress);
            _chunk.Write(_compressed.WrittenSpan);
            Count(ParquetPageType.DataPageV2, encoding);
        }
        int headerSize = _chunk.Length - headerStart - compressedSize;
        _chunkUncompressed += headerSize + uncompressedSize;
        _chunkCompressed += headerSize + compressedSize;
        _chunkLevels += _pageLevels;
        _chunkNulls += _pageNulls;
        _pageLevels = 0;
        _pageRows = 0;
        _pageNulls = 0;
    }

    private void Count(ParquetPageType pageType, ParquetEncoding encoding)
    {
        _ = pageType;
        _encodings.Add(encoding);
        _dataPageEncodingCounts[encoding] = _dataPageEncodingCounts.GetValueOrDefault(encoding) + 1;
    }

    private void WriteLengthPrefixedLevels(ReadOnlySpan<short> levels, int bitWidth)
    {
        int lengthPosition = _body.Length;
        _body.WriteInt32LittleEndian(0);
        RleBitPackedEncoder.Encode(levels, bitWidth, _body);
        _body.PatchInt32LittleEndian(lengthPosition, _body.Length - lengthPosition - 4);
    }

    /// <summary>Closes the chunk: flushes the open page and builds the dictionary page. The chunk's bytes are then
    /// <see cref="DictionaryPageBytes"/> followed by <see cref="DataPageBytes"/> until <see cref="Reset"/>.</summary>
    public ColumnChunkSummary FinishChunk()
    {
        FlushPage();
        _dictionaryPage.Clear();
        if (_values.HasDictionary)
        {
            _body.Clear();
            _compressed.Clear();
            _values.WriteDictionary(_body);
            int compressedSize = _compressor.Compress(_body.WrittenSpan, _compressed);
            ParquetMetadataSerializer.WriteDictionaryPageHeader(_dictionaryPage, _body.Length, compressedSize, _values.DictionaryCount);
            int headerSize = _dictionaryPage.Length;
            _dictionaryPage.Write(_compressed.WrittenSpan);
            _chunkUncompressed += headerSize + _body.Length;
            _chunkCompressed += headerSize + compressedSize;
        }
        var encodings = new List<ParquetEncoding>();
        if (_values.HasDictionary)
        {
            encodings.Add(ParquetEncoding.Plain);
        }
        encodings.Add(ParquetEncoding.Rle);
        foreach (ParquetEncoding e in _encodings)
        {
            if (!encodings.Contains(e))
            {
                encodings.Add(e);
            }
        }
        var stats = new List<ParquetPageEncodingStats>();
        if (_values.HasDictionary)
        {
            stats.Add(new ParquetPageEncodingStats(ParquetPageType.DictionaryPage, ParquetEncoding.Plain, 1));
        }
        ParquetPageType dataPageType = _options.DataPageVersion == ParquetDataPageVersion.V1 ? ParquetPageType.DataPage : ParquetPageType.DataPageV2;
        foreach (ParquetEncoding e in _encodings)
        {
            stats.Add(new ParquetPageEncodingStats(dataPageType, e, _dataPageEncodingCounts[e]));
        }
        return new ColumnChunkSummary(
            encodings, stats, _chunkLevels, _chunkUncompressed, _chunkCompressed, _values.BuildStatistics(_chunkNulls), _values.HasDictionary);
    }

    /// <summary>The encoded dictionary page (empty without a dictionary), valid after <see cref="FinishChunk"/>.</summary>
    public ReadOnlyMemory<byte> DictionaryPageBytes => _dictionaryPage.WrittenMemory;

    /// <summary>The encoded data pages, valid after <see cref="FinishChunk"/>.</summary>
    public ReadOnlyMemory<byte> DataPageBytes => _chunk.WrittenMemory;

    /// <summary>Starts a new column chunk.</summary>
    public void Reset()
    {
        _chunk.Clear();
        _dictionaryPage.Clear();
        _encodings.Clear();
        _dataPageEncodingCounts.Clear();
        _values.ResetChunk();
        _pageLevels = 0;
        _pageRows = 0;
        _pageNulls = 0;
        _chunkLevels = 0;
        _chunkNulls = 0;
        _chunkUncompressed = 0;
        _chunkCompressed = 0;
    }

    public void Dispose()
    {
        _values.Dispose();
        _levels.Dispose();
        _chunk.Dispose();
        _dictionaryPage.Dispose();
        _body.Dispose();
        _compressed.Dispose();
        if (_pageDef.Length > 0)
        {
            ArrayPool<short>.Shared.Return(_pageDef);
            ArrayPool<short>.Shared.Return(_pageRep);
            _pageDef = [];
            _pageRep = [];
        }
    }
}
