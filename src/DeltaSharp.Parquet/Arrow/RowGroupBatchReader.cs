using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Pages;
using DeltaSharp.Parquet.Sources;

namespace DeltaSharp.Parquet.Arrow;

/// <summary>
/// Streams one row group as Arrow batches of a caller-chosen row count. The projected column chunks are fetched
/// once (compressed); each batch then decodes only the pages it needs per leaf column (page by page), assembles
/// exactly that many whole rows from the decoded prefix of every leaf, and drops them. Decoded memory is therefore
/// bounded by the batch plus one page per leaf, for flat and nested columns alike (a nested row never spans
/// batches). Owns pooled memory: dispose it. Not thread-safe.
/// </summary>
internal sealed class RowGroupBatchReader : IDisposable
{
    private readonly string _file;
    private readonly int _rowGroup;
    private readonly ReadOnlyMemory<byte>[] _chunks;
    private readonly List<byte[]> _rentals;
    private readonly ColumnChunkReader[] _readers;
    private readonly ColumnChunkData[] _data;
    private readonly Dictionary<int, ColumnChunkData> _byLeaf;
    private readonly IReadOnlyList<ArrowNode> _nodes;
    private readonly Schema _schema;
    private readonly ArrowAllocator _allocator;
    private readonly long _totalRows;
    private readonly IReadOnlyList<(long Start, long End)> _ranges;
    private readonly PageIndex?[] _pageIndexes;
    private readonly long[] _chunkStarts;
    private readonly long[] _leafRows;
    private int _rangeIndex;
    private long _position;

    private RowGroupBatchReader(
        string file, int rowGroup, long rows, ReadOnlyMemory<byte>[] chunks, List<byte[]> rentals, ColumnChunkReader[] readers, ColumnChunkData[] data,
        IReadOnlyList<int> leaves, IReadOnlyList<ArrowNode> nodes, Schema schema, ArrowAllocator allocator, RowGroupSelection? selection, long[] chunkStarts)
    {
        _file = file;
        _rowGroup = rowGroup;
        _totalRows = rows;
        _ranges = selection?.Ranges ?? [(0, rows)];
        RowsLeft = selection?.RowCount ?? rows;
        _pageIndexes = new PageIndex?[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            _pageIndexes[i] = selection is not null && selection.PageIndexes.TryGetValue(leaves[i], out PageIndex? index) ? index : null;
        }
        _chunkStarts = chunkStarts;
        _leafRows = new long[leaves.Count];
        _chunks = chunks;
        _rentals = rentals;
        _readers = readers;
        _data = data;
        _nodes = nodes;
        _schema = schema;
        _allocator = allocator;
        _byLeaf = new Dictionary<int, ColumnChunkData>(leaves.Count);
        for (int i = 0; i < leaves.Count; i++)
        {
            _byLeaf[leaves[i]] = data[i];
        }
    }

    /// <summary>Rows of the row group not yet returned.</summary>
    public long RowsLeft { get; private set; }

    /// <summary>Fetches the projected chunks of row group <paramref name="rowGroup"/> and prepares to stream it.</summary>
    public static async ValueTask<RowGroupBatchReader> OpenAsync(
        IParquetSource source, ParquetFileMetaData metadata, ParquetSchema schema, int rowGroup, IReadOnlyList<int> leaves,
        IReadOnlyList<ArrowNode> nodes, Schema arrowSchema, ArrowAllocator allocator, bool verifyChecksums, RowGroupSelection? selection, CancellationToken cancellationToken)
    {
        ParquetRowGroup group = metadata.RowGroups[rowGroup];
        if (group.NumRows < 0)
        {
            throw new ParquetFormatException($"row group declares {group.NumRows} rows", source.Description, rowGroup, null, null);
        }
        List<byte[]> rentals = [];
        ReadOnlyMemory<byte>[] chunks = await RowGroupDecoder.FetchAsync(source, metadata, schema, rowGroup, leaves, cancellationToken, rentals).ConfigureAwait(false);
        ColumnChunkReader[] readers = new ColumnChunkReader[leaves.Count];
        long[] chunkStarts = new long[leaves.Count];
        ColumnChunkData[] data = new ColumnChunkData[leaves.Count];
        int created = 0;
        try
        {
            for (; created < leaves.Count; created++)
            {
                ParquetSchemaNode leaf = schema.Leaves[leaves[created]];
                ColumnDescriptor column = new(leaf);
                try
                {
                    data[created] = ColumnChunkDecoder.CreateOutput(column);
                }
                catch (ParquetFormatException e)
                {
                    throw e.WithLocation(source.Description, rowGroup, leaf.DottedPath);
                }
                readers[created] = new ColumnChunkReader(column, group.Columns[leaves[created]].MetaData!, verifyChecksums);
                chunkStarts[created] = ParquetFooter.ChunkStart(group.Columns[leaves[created]].MetaData!);
            }
        }
        catch
        {
            for (int i = 0; i < created; i++)
            {
                readers[i].Dispose();
                data[i].Dispose();
            }
            ReturnAll(rentals);
            throw;
        }
        return new RowGroupBatchReader(source.Description, rowGroup, group.NumRows, chunks, rentals, readers, data, leaves, nodes, arrowSchema, allocator, selection, chunkStarts);
    }

    /// <summary>Decodes and returns the next <paramref name="rows"/> rows (fewer at the end of the row group; 0 only
    /// when the row group is empty). The caller owns the batch.</summary>
    /// <exception cref="ParquetFormatException">A page is malformed or the columns disagree on the row count.</exception>
    public RecordBatch ReadBatch(int rows)
    {
        rows = (int)Math.Min(rows, RowsLeft);
        if (rows > 0)
        {
            (long start, long end) = _ranges[_rangeIndex];
            if (_position < start)
            {
                for (int i = 0; i < _readers.Length; i++)
                {
                    SkipRows(i, start - _position);
                }
                _position = start;
            }
            rows = (int)Math.Min(rows, end - _position);
        }
        for (int i = 0; i < _readers.Length; i++)
        {
            PrepareWindow(i, rows);
        }
        List<ArrowArray> columns = new(_nodes.Count);
        try
        {
            ArrayAssembler assembler = new(_allocator, _byLeaf);
            foreach (ArrowNode node in _nodes)
            {
                ArrayData array;
                try
                {
                    array = assembler.Assemble(node);
                }
                catch (ParquetFormatException e)
                {
                    throw e.WithLocation(_file, _rowGroup, node.Source.DottedPath);
                }
                columns.Add(ArrowArray.FromData(array));
                if (array.Length != rows)
                {
                    throw new ParquetFormatException($"column '{node.Field.Name}' has {array.Length} rows where {rows} were expected", _file, _rowGroup, node.Source.DottedPath, null);
                }
            }
            for (int i = 0; i < _data.Length; i++)
            {
                _data[i].Consume(rows);
                _leafRows[i] += rows;
            }
            RowsLeft -= rows;
            _position += rows;
            if (_rangeIndex < _ranges.Count && _position == _ranges[_rangeIndex].End)
            {
                _rangeIndex++;
            }
            if (RowsLeft == 0 && _position == _totalRows)
            {
                CheckExhausted();
            }
            return new RecordBatch(_schema, columns, rows);
        }
        catch
        {
            foreach (ArrowArray column in columns)
            {
                column.Dispose();
            }
            throw;
        }
    }

    /// <summary>Decodes pages of leaf <paramref name="i"/> until its held levels contain <paramref name="rows"/>
    /// whole rows, and sets its window to them.</summary>
    private void PrepareWindow(int i, int rows)
    {
        ColumnChunkData data = _data[i];
        ColumnChunkReader reader = _readers[i];
        try
        {
            int boundary;
            while ((boundary = data.FindRowBoundary(rows, reader.IsFinished)) < 0)
            {
                if (!reader.ReadNextDataPage(_chunks[i].Span, data))
                {
                    boundary = data.FindRowBoundary(rows, complete: true);
                    if (boundary < 0)
                    {
                        throw new ParquetFormatException($"column chunk ends after {_totalRows - RowsLeft + data.RowsSeen} rows but the row group has {_totalRows}");
                    }
                    break;
                }
            }
            data.SetWindow(boundary);
        }
        catch (ParquetFormatException e)
        {
            throw e.WithLocation(_file, _rowGroup, reader.Column.Path);
        }
        catch (ParquetUnsupportedException e)
        {
            throw new ParquetUnsupportedException($"{_file}, row group {_rowGroup}, column '{reader.Column.Path}': {e.Message}", e);
        }
    }

    /// <summary>Data pages decompressed and decoded so far, over all leaves.</summary>
    public int DataPagesDecoded
    {
        get
        {
            int total = 0;
            foreach (ColumnChunkReader reader in _readers)
            {
                total += reader.DataPagesDecoded;
            }
            return total;
        }
    }

    /// <summary>Drops the next <paramref name="count"/> rows of leaf <paramref name="i"/>: whole data pages inside
    /// them are stepped over with the offset index (flat leaves, nothing buffered); other rows are decoded and
    /// dropped.</summary>
    private void SkipRows(int i, long count)
    {
        ColumnChunkData data = _data[i];
        ColumnChunkReader reader = _readers[i];
        PageIndex? index = _pageIndexes[i];
        bool flat = reader.Column.MaxRepetitionLevel == 0;
        try
        {
            while (count > 0)
            {
                if (data.LevelCount == 0)
                {
                    int page = reader.DataPagesSeen;
                    if (flat && index is not null && page < index.Locations.Length && index.Locations[page].FirstRowIndex == _leafRows[i]
                        && index.PageRows(page, _totalRows) <= count)
                    {
                        int values = reader.SkipDataPage(_chunks[i].Span, index.Locations[page].Offset - _chunkStarts[i], data);
                        if (values != index.PageRows(page, _totalRows))
                        {
                            throw new ParquetFormatException($"data page {page} holds {values} values but the offset index gives it {index.PageRows(page, _totalRows)} rows");
                        }
                        count -= values;
                        _leafRows[i] += values;
                        continue;
                    }
                    if (!reader.ReadNextDataPage(_chunks[i].Span, data))
                    {
                        throw new ParquetFormatException($"column chunk ends after {_leafRows[i]} rows but the row group has {_totalRows}");
                    }
                    continue;
                }
                int buffered = data.BufferedRowStarts();
                int usable = flat || reader.IsFinished ? buffered : buffered - 1;
                if (usable <= 0)
                {
                    if (!reader.ReadNextDataPage(_chunks[i].Span, data) && buffered == 0)
                    {
                        throw new ParquetFormatException($"column chunk ends after {_leafRows[i]} rows but the row group has {_totalRows}");
                    }
                    continue;
                }
                int take = (int)Math.Min(count, usable);
                int boundary = data.FindRowBoundary(take, complete: flat || reader.IsFinished);
                if (boundary < 0)
                {
                    throw new ParquetFormatException($"column chunk ends after {_leafRows[i] + data.RowsSeen} rows but the row group has {_totalRows}");
                }
                data.SetWindow(boundary);
                data.Consume(take);
                _leafRows[i] += take;
                count -= take;
            }
        }
        catch (ParquetFormatException e)
        {
            throw e.WithLocation(_file, _rowGroup, reader.Column.Path);
        }
    }

    /// <summary>After the last row: every leaf must have no levels left, and its remaining pages none either.</summary>
    private void CheckExhausted()
    {
        for (int i = 0; i < _readers.Length; i++)
        {
            ColumnChunkData data = _data[i];
            ColumnChunkReader reader = _readers[i];
            try
            {
                while (data.LevelCount == 0 && reader.ReadNextDataPage(_chunks[i].Span, data))
                {
                }
                if (data.LevelCount != 0)
                {
                    throw new ParquetFormatException($"column chunk holds more rows than the row group's {_totalRows}");
                }
            }
            catch (ParquetFormatException e)
            {
                throw e.WithLocation(_file, _rowGroup, reader.Column.Path);
            }
        }
    }

    public void Dispose()
    {
        for (int i = 0; i < _readers.Length; i++)
        {
            _readers[i].Dispose();
            _data[i].Dispose();
        }
        for (int i = 0; i < _chunks.Length; i++)
        {
            _chunks[i] = default;
        }
        ReturnAll(_rentals);
    }

    private static void ReturnAll(List<byte[]> rentals)
    {
        foreach (byte[] array in rentals)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        rentals.Clear();
    }
}
