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

    // Late materialisation (null/unused without a row filter): see FilterNext / FetchRestAsync / TakeSelected.
    private readonly FilterPlan? _filterPlan;
    private readonly IReadOnlyList<int> _leaves;
    private readonly long[] _owed;
    private bool _restFetched;
    private RecordBatch? _filterBatch;
    private byte[] _selection = [];
    private int _windowRows;
    private int _windowSelected;

    private RowGroupBatchReader(
        string file, int rowGroup, long rows, ReadOnlyMemory<byte>[] chunks, List<byte[]> rentals, ColumnChunkReader[] readers, ColumnChunkData[] data,
        IReadOnlyList<int> leaves, IReadOnlyList<ArrowNode> nodes, Schema schema, ArrowAllocator allocator, RowGroupSelection? selection, long[] chunkStarts,
        FilterPlan? filterPlan)
    {
        _file = file;
        _filterPlan = filterPlan;
        _leaves = leaves;
        _owed = new long[leaves.Count];
        _restFetched = filterPlan is null;
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
        IReadOnlyList<ArrowNode> nodes, Schema arrowSchema, ArrowAllocator allocator, bool verifyChecksums, RowGroupSelection? selection, CancellationToken cancellationToken,
        FilterPlan? filterPlan = null)
    {
        ParquetRowGroup group = metadata.RowGroups[rowGroup];
        if (group.NumRows < 0)
        {
            throw new ParquetFormatException($"row group declares {group.NumRows} rows", source.Description, rowGroup, null, null);
        }
        List<byte[]> rentals = [];
        ReadOnlyMemory<byte>[] chunks;
        if (filterPlan is null)
        {
            chunks = await RowGroupDecoder.FetchAsync(source, metadata, schema, rowGroup, leaves, cancellationToken, rentals).ConfigureAwait(false);
        }
        else
        {
            // Only the filter's chunks now; the others when a row is first selected (FetchRestAsync).
            chunks = new ReadOnlyMemory<byte>[leaves.Count];
            await FetchIntoAsync(source, metadata, schema, rowGroup, leaves, filterPlan.IsFilterLeaf, true, chunks, rentals, cancellationToken).ConfigureAwait(false);
        }
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
        return new RowGroupBatchReader(source.Description, rowGroup, group.NumRows, chunks, rentals, readers, data, leaves, nodes, arrowSchema, allocator, selection, chunkStarts, filterPlan);
    }

    /// <summary>Fetches the chunks of the leaves whose flag in <paramref name="isFilterLeaf"/> equals
    /// <paramref name="filterLeaves"/> into their slots of <paramref name="chunks"/>.</summary>
    private static async ValueTask FetchIntoAsync(
        IParquetSource source, ParquetFileMetaData metadata, ParquetSchema schema, int rowGroup, IReadOnlyList<int> leaves, bool[] isFilterLeaf,
        bool filterLeaves, ReadOnlyMemory<byte>[] chunks, List<byte[]> rentals, CancellationToken cancellationToken)
    {
        List<int> subset = [];
        List<int> slots = [];
        for (int i = 0; i < leaves.Count; i++)
        {
            if (isFilterLeaf[i] == filterLeaves)
            {
                subset.Add(leaves[i]);
                slots.Add(i);
            }
        }
        if (subset.Count == 0)
        {
            return;
        }
        ReadOnlyMemory<byte>[] fetched = await RowGroupDecoder.FetchAsync(source, metadata, schema, rowGroup, subset, cancellationToken, rentals).ConfigureAwait(false);
        for (int k = 0; k < slots.Count; k++)
        {
            chunks[slots[k]] = fetched[k];
        }
    }

    /// <summary>True when the current window has selected rows but the non-filter chunks are not fetched yet.</summary>
    public bool NeedsRest => !_restFetched && _windowSelected > 0;

    /// <summary>Fetches the chunks of the columns the filter does not read (once per row group).</summary>
    public async ValueTask FetchRestAsync(IParquetSource source, ParquetFileMetaData metadata, ParquetSchema schema, CancellationToken cancellationToken)
    {
        if (_restFetched)
        {
            return;
        }
        await FetchIntoAsync(source, metadata, schema, _rowGroup, _leaves, _filterPlan!.IsFilterLeaf, false, _chunks, _rentals, cancellationToken).ConfigureAwait(false);
        _restFetched = true;
    }

    /// <summary>
    /// Late materialisation, step 1: decodes the filter's columns for the next window of up to
    /// <paramref name="maxRows"/> rows (never crossing a selected range), evaluates the filter on it, and returns the
    /// number of selected rows. With none, the other columns owe the window's rows (stepped over when next needed,
    /// whole pages without decompression); otherwise call <see cref="FetchRestAsync"/> when <see cref="NeedsRest"/>,
    /// then <see cref="TakeSelected"/>. <paramref name="rowGroupFirstRow"/> is the row group's position in the file.
    /// </summary>
    public int FilterNext(int maxRows, long rowGroupFirstRow)
    {
        FilterPlan plan = _filterPlan!;
        DisposeWindow();
        int rows = (int)Math.Min(maxRows, RowsLeft);
        if (rows <= 0)
        {
            return 0;
        }
        (long start, long end) = _ranges[_rangeIndex];
        if (_position < start)
        {
            for (int i = 0; i < _readers.Length; i++)
            {
                if (plan.IsFilterLeaf[i])
                {
                    SkipRows(i, start - _position);
                }
                else
                {
                    _owed[i] += start - _position;
                }
            }
            _position = start;
        }
        rows = (int)Math.Min(rows, end - _position);
        for (int i = 0; i < _readers.Length; i++)
        {
            if (plan.IsFilterLeaf[i])
            {
                PrepareWindow(i, rows);
            }
        }
        List<ArrowArray> columns = new(plan.Nodes.Length);
        try
        {
            ArrayAssembler assembler = new(_allocator, _byLeaf);
            foreach (int n in plan.Nodes)
            {
                columns.Add(ArrowArray.FromData(AssembleChecked(assembler, _nodes[n], rows)));
            }
        }
        catch
        {
            foreach (ArrowArray column in columns)
            {
                column.Dispose();
            }
            throw;
        }
        _filterBatch = new RecordBatch(plan.Schema, columns, rows);
        for (int i = 0; i < _data.Length; i++)
        {
            if (plan.IsFilterLeaf[i])
            {
                _data[i].Consume(rows);
                _leafRows[i] += rows;
            }
        }
        int bytes = (rows + 7) >> 3;
        if (_selection.Length < bytes)
        {
            if (_selection.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_selection);
            }
            _selection = ArrayPool<byte>.Shared.Rent(bytes);
        }
        Span<byte> selection = _selection.AsSpan(0, bytes);
        selection.Clear();
        plan.Filter.Evaluate(_filterBatch, rowGroupFirstRow + _position, selection);
        if ((rows & 7) != 0)
        {
            selection[bytes - 1] &= (byte)((1 << (rows & 7)) - 1);
        }
        int selected = CountSetBits(selection);
        _windowRows = rows;
        _windowSelected = selected;
        RowsLeft -= rows;
        _position += rows;
        if (_rangeIndex < _ranges.Count && _position == _ranges[_rangeIndex].End)
        {
            _rangeIndex++;
        }
        if (selected == 0)
        {
            OweWindow();
            DisposeWindow();
            if (RowsLeft == 0 && _position == _totalRows)
            {
                CheckExhausted(onlySettled: true);
            }
        }
        return selected;
    }

    /// <summary>
    /// Late materialisation, step 2: the selected rows of the window <see cref="FilterNext"/> evaluated, every
    /// projected column, as a batch owned by the caller. The other columns are decoded only over stretches that hold
    /// selected rows (gaps of at least <see cref="GapRows"/> rows are stepped over).
    /// </summary>
    public RecordBatch TakeSelected()
    {
        FilterPlan plan = _filterPlan!;
        RecordBatch filterBatch = _filterBatch ?? throw new InvalidOperationException("No window with selected rows.");
        int rows = _windowRows;
        int selected = _windowSelected;
        ReadOnlySpan<byte> selection = _selection.AsSpan(0, (rows + 7) >> 3);
        ArrowArray?[] output = new ArrowArray?[_nodes.Count];
        ArrowArrayBuilder?[] builders = new ArrowArrayBuilder?[_nodes.Count];
        try
        {
            for (int k = 0; k < plan.Nodes.Length; k++)
            {
                ArrowArray column = filterBatch.Column(k);
                output[plan.Nodes[k]] = selected == rows ? column.Retain() : ArrayOperations.Filter(column, selection, _allocator);
            }
            if (plan.Nodes.Length < _nodes.Count)
            {
                MaterializeOthers(plan, selection, rows, selected, output, builders);
            }
            ArrowArray[] columns = new ArrowArray[output.Length];
            for (int n = 0; n < output.Length; n++)
            {
                columns[n] = output[n] ?? builders[n]!.Build();
                output[n] = columns[n];
            }
            if (RowsLeft == 0 && _position == _totalRows)
            {
                CheckExhausted(onlySettled: true);
            }
            return new RecordBatch(_schema, columns, selected);
        }
        catch
        {
            foreach (ArrowArray? column in output)
            {
                column?.Dispose();
            }
            throw;
        }
        finally
        {
            foreach (ArrowArrayBuilder? builder in builders)
            {
                builder?.Dispose();
            }
            DisposeWindow();
        }
    }

    /// <summary>Rows without a selected row between two selected ones from which the other columns step over the
    /// gap instead of decoding through it.</summary>
    internal const int GapRows = 1024;

    private void MaterializeOthers(FilterPlan plan, ReadOnlySpan<byte> selection, int rows, int selected, ArrowArray?[] output, ArrowArrayBuilder?[] builders)
    {
        int first = NextSet(selection, 0, rows);
        int last = PreviousSet(selection, rows - 1);
        int segmentStart = first;
        int done = 0; // window rows the other leaves have passed
        while (segmentStart <= last)
        {
            // Extend the segment while the next selected row is closer than GapRows.
            int segmentEnd = segmentStart + 1;
            while (segmentEnd <= last)
            {
                int next = NextSet(selection, segmentEnd, rows);
                if (next - segmentEnd >= GapRows)
                {
                    break;
                }
                segmentEnd = next + 1;
            }
            int length = segmentEnd - segmentStart;
            for (int i = 0; i < _readers.Length; i++)
            {
                if (!plan.IsFilterLeaf[i])
                {
                    Settle(i, segmentStart - done);
                    PrepareWindow(i, length);
                }
            }
            bool whole = segmentStart == 0 && segmentEnd == rows && selected == rows;
            ArrayAssembler assembler = new(_allocator, _byLeaf);
            for (int n = 0; n < _nodes.Count; n++)
            {
                if (plan.IsFilterNode[n])
                {
                    continue;
                }
                ArrowArray part = ArrowArray.FromData(AssembleChecked(assembler, _nodes[n], length));
                if (whole)
                {
                    output[n] = part;
                    continue;
                }
                using (part)
                {
                    ArrowArrayBuilder builder = builders[n] ??= ArrowArrayBuilder.Create(part.Type, _allocator);
                    int at = segmentStart;
                    while (at < segmentEnd)
                    {
                        int runStart = NextSet(selection, at, segmentEnd);
                        if (runStart >= segmentEnd)
                        {
                            break;
                        }
                        int runEnd = NextClear(selection, runStart, segmentEnd);
                        builder.AppendRangeFrom(part, runStart - segmentStart, runEnd - runStart);
                        at = runEnd;
                    }
                }
            }
            for (int i = 0; i < _data.Length; i++)
            {
                if (!plan.IsFilterLeaf[i])
                {
                    _data[i].Consume(length);
                    _leafRows[i] += length;
                }
            }
            done = segmentEnd;
            segmentStart = segmentEnd <= last ? NextSet(selection, segmentEnd, rows) : last + 1;
        }
        for (int i = 0; i < _readers.Length; i++)
        {
            if (!plan.IsFilterLeaf[i])
            {
                _owed[i] += rows - done;
            }
        }
    }

    /// <summary>Steps leaf <paramref name="i"/> over the rows it owes plus <paramref name="more"/>.</summary>
    private void Settle(int i, long more)
    {
        long count = _owed[i] + more;
        _owed[i] = 0;
        if (count > 0)
        {
            SkipRows(i, count);
        }
    }

    private void OweWindow()
    {
        for (int i = 0; i < _readers.Length; i++)
        {
            if (!_filterPlan!.IsFilterLeaf[i])
            {
                _owed[i] += _windowRows;
            }
        }
    }

    private void DisposeWindow()
    {
        _filterBatch?.Dispose();
        _filterBatch = null;
        _windowRows = 0;
        _windowSelected = 0;
    }

    private ArrayData AssembleChecked(ArrayAssembler assembler, ArrowNode node, int rows)
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
        if (array.Length != rows)
        {
            array.Dispose();
            throw new ParquetFormatException($"column '{node.Field.Name}' has {array.Length} rows where {rows} were expected", _file, _rowGroup, node.Source.DottedPath, null);
        }
        return array;
    }

    private static int CountSetBits(ReadOnlySpan<byte> bytes)
    {
        int count = 0;
        foreach (byte b in bytes)
        {
            count += System.Numerics.BitOperations.PopCount(b);
        }
        return count;
    }

    private static bool IsSet(ReadOnlySpan<byte> bits, int i) => (bits[i >> 3] & (1 << (i & 7))) != 0;

    /// <summary>The first set bit at or after <paramref name="from"/>, or <paramref name="end"/>.</summary>
    private static int NextSet(ReadOnlySpan<byte> bits, int from, int end)
    {
        int i = from;
        while (i < end)
        {
            if ((i & 7) == 0 && i + 8 <= end && bits[i >> 3] == 0)
            {
                i += 8;
                continue;
            }
            if (IsSet(bits, i))
            {
                return i;
            }
            i++;
        }
        return end;
    }

    /// <summary>The first clear bit at or after <paramref name="from"/>, or <paramref name="end"/>.</summary>
    private static int NextClear(ReadOnlySpan<byte> bits, int from, int end)
    {
        int i = from;
        while (i < end)
        {
            if ((i & 7) == 0 && i + 8 <= end && bits[i >> 3] == 0xFF)
            {
                i += 8;
                continue;
            }
            if (!IsSet(bits, i))
            {
                return i;
            }
            i++;
        }
        return end;
    }

    /// <summary>The last set bit at or before <paramref name="from"/>, or -1.</summary>
    private static int PreviousSet(ReadOnlySpan<byte> bits, int from)
    {
        for (int i = from; i >= 0; i--)
        {
            if (IsSet(bits, i))
            {
                return i;
            }
        }
        return -1;
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
                CheckExhausted(onlySettled: false);
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
                    if (flat && !reader.IsFinished && TrySkipPageByHeader(i, count) is int stepped)
                    {
                        count -= stepped;
                        _leafRows[i] += stepped;
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

    /// <summary>Flat leaf <paramref name="i"/> with nothing buffered: when its next data page (found by reading the
    /// page headers from the reader's position; dictionary pages before it are decoded as usual) holds at most
    /// <paramref name="count"/> rows, steps over it without decompressing it and returns its row count; else null.
    /// A flat column has one value slot per row, so a v1 page's value count is its row count.</summary>
    private int? TrySkipPageByHeader(int i, long count)
    {
        ReadOnlySpan<byte> chunk = _chunks[i].Span;
        ColumnChunkReader reader = _readers[i];
        int position = reader.Position;
        while (position < chunk.Length)
        {
            int start = position;
            PageHeader header = ColumnChunkDecoder.ReadPageHeader(chunk, ref position, out _);
            if (header.Type is ParquetPageType.DataPage or ParquetPageType.DataPageV2)
            {
                int rows = header.Type == ParquetPageType.DataPageV2 ? header.NumRows : header.NumValues;
                if (rows <= 0 || rows > count || (header.Type == ParquetPageType.DataPageV2 && header.NumRows != header.NumValues))
                {
                    return null;
                }
                int values = reader.SkipDataPage(chunk, start, _data[i]);
                if (values != rows)
                {
                    throw new ParquetFormatException($"data page {reader.DataPagesSeen - 1} declares {values} values for {rows} rows in a flat column");
                }
                return rows;
            }
        }
        return null;
    }

    /// <summary>After the last row: every leaf must have no levels left, and its remaining pages none either.
    /// With <paramref name="onlySettled"/>, leaves still owing rows (or never fetched) are not checked: their tail is
    /// never decoded.</summary>
    private void CheckExhausted(bool onlySettled)
    {
        for (int i = 0; i < _readers.Length; i++)
        {
            if (onlySettled && (_owed[i] > 0 || (!_restFetched && !_filterPlan!.IsFilterLeaf[i])))
            {
                continue;
            }
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
        DisposeWindow();
        if (_selection.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_selection);
            _selection = [];
        }
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
