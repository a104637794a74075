using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;

namespace DeltaSharp.Parquet.Writer;

/// <summary>
/// Writes Arrow record batches as a Parquet file to a <see cref="Stream"/> or an <see cref="IBufferWriter{T}"/>.
/// Each leaf column buffers its encoded, compressed pages for the current row group only; a row group is written
/// to the destination when it reaches <see cref="ParquetWriterOptions.RowGroupMaxRows"/> or
/// <see cref="ParquetWriterOptions.RowGroupMaxBytes"/>, on <see cref="FlushRowGroup"/>, or on <see cref="Close"/>,
/// so memory is bounded by one row group, not by the file.
/// </summary>
/// <remarks>
/// <para>Call <see cref="Close"/> (or <see cref="CloseAsync"/>) to write the footer; disposing without closing
/// releases the buffers and leaves an incomplete file. Batches are only read during the call; the caller keeps
/// ownership. Not thread-safe: one writer per thread at a time (with
/// <see cref="ParquetWriterOptions.ParallelWorkScheduler"/> the asynchronous paths spread one call's column work
/// over several threads internally and return when all of it is done).</para>
/// <para>Errors: <see cref="ArgumentException"/> for a batch whose schema differs from the writer's or whose
/// non-nullable column holds nulls; <see cref="ParquetUnsupportedException"/> (at construction) for an Arrow
/// type Parquet cannot store; I/O exceptions of the destination pass through, after which the writer is
/// unusable.</para>
/// </remarks>
public sealed class ParquetFileWriter : IDisposable, IAsyncDisposable
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly Stream? _stream;
    private readonly IBufferWriter<byte>? _bufferWriter;
    private readonly bool _leaveOpen;
    private readonly ParquetWriterOptions _options;
    private readonly List<ParquetSchemaElement> _schemaElements;
    private readonly ColumnChunkWriter[] _columns;
    private readonly int[] _encodeOrder;
    private readonly List<ParquetRowGroup> _rowGroups = [];
    private long _position;
    private long _rowGroupRows;
    private long _totalRows;
    private bool _closed;
    private bool _failed;
    private bool _disposed;

    /// <summary>Creates a writer to a stream (written sequentially; need not be seekable).</summary>
    /// <param name="destination">The output stream.</param>
    /// <param name="schema">The Arrow schema every batch must have.</param>
    /// <param name="options">Options; null = <see cref="ParquetWriterOptions.Default"/>.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="destination"/> open.</param>
    public ParquetFileWriter(Stream destination, Schema schema, ParquetWriterOptions? options = null, bool leaveOpen = false)
        : this(schema, options)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable.", nameof(destination));
        }
        _stream = destination;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Creates a writer to a buffer writer (bytes are appended as row groups complete).</summary>
    /// <param name="destination">The output buffer writer.</param>
    /// <param name="schema">The Arrow schema every batch must have.</param>
    /// <param name="options">Options; null = <see cref="ParquetWriterOptions.Default"/>.</param>
    public ParquetFileWriter(IBufferWriter<byte> destination, Schema schema, ParquetWriterOptions? options = null)
        : this(schema, options)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _bufferWriter = destination;
    }

    private ParquetFileWriter(Schema schema, ParquetWriterOptions? options)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _options = options ?? ParquetWriterOptions.Default;
        _options.Validate();
        Schema = schema;
        (List<ParquetSchemaElement> elements, List<LeafColumnPlan> leaves) = ArrowSchemaMapper.Map(schema);
        _schemaElements = elements;
        var compressor = new PageCompressor(_options.Compression, _options.CompressionLevel);
        _columns = new ColumnChunkWriter[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            _columns[i] = new ColumnChunkWriter(leaves[i], _options, compressor);
        }
        _encodeOrder = EncodeOrder(_columns);
    }

    /// <summary>Column indices, most expensive to encode first (so parallel participants finish together).</summary>
    private static int[] EncodeOrder(ColumnChunkWriter[] columns)
    {
        var order = new int[columns.Length];
        var cost = new int[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            order[i] = i;
            cost[i] = columns[i].Plan.PhysicalType switch
            {
                ParquetPhysicalType.ByteArray or ParquetPhysicalType.FixedLenByteArray => 3,
                ParquetPhysicalType.Int64 or ParquetPhysicalType.Double or ParquetPhysicalType.Int96 => 2,
                ParquetPhysicalType.Boolean => 0,
                _ => 1,
            };
        }
        Array.Sort(cost, order);
        Array.Reverse(order);
        return order;
    }

    /// <summary>The Arrow schema of the file.</summary>
    public Schema Schema { get; }

    /// <summary>Rows accepted so far (including rows still buffered in the open row group).</summary>
    public long RowCount => _totalRows + _rowGroupRows;

    /// <summary>Bytes written to the destination so far.</summary>
    public long BytesWritten => _position;

    /// <summary>The footer written by <see cref="Close"/>; null before.</summary>
    public ParquetFileMetaData? Metadata { get; private set; }

    /// <summary>Appends a batch (split across row groups as the limits require).</summary>
    public void WriteBatch(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfUnusable();
        CheckSchema(batch);
        int offset = 0;
        while (offset < batch.Length)
        {
            int take = EncodeSome(batch, offset);
            offset += take;
            if (RowGroupFull)
            {
                CompleteSynchronously(WriteRowGroup(null, CancellationToken.None));
            }
        }
    }

    /// <summary>Appends the rows of <paramref name="batch"/> at <paramref name="rows"/> (logical row indices, in
    /// the order given; used to split a batch by partition without copying it).</summary>
    public void WriteRows(RecordBatch batch, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfUnusable();
        CheckSchema(batch);
        int offset = 0;
        while (offset < rows.Length)
        {
            int room = (int)Math.Min(int.MaxValue, _options.RowGroupMaxRows - _rowGroupRows);
            int take = Math.Min(rows.Length - offset, room);
            ReadOnlySpan<int> selection = rows.Slice(offset, take);
            try
            {
                foreach (ColumnChunkWriter column in _columns)
                {
                    column.Write(batch.Column(column.Plan.TopLevelIndex).Data, selection);
                }
            }
            catch
            {
                _failed = true;
                throw;
            }
            _rowGroupRows += take;
            offset += take;
            if (RowGroupFull)
            {
                CompleteSynchronously(WriteRowGroup(null, CancellationToken.None));
            }
        }
    }

    /// <summary>Appends a batch; row groups that complete are written with asynchronous I/O.</summary>
    public async ValueTask WriteBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfUnusable();
        CheckSchema(batch);
        int offset = 0;
        while (offset < batch.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int take = _options.ParallelWorkScheduler is null ? EncodeSome(batch, offset) : await EncodeSomeInParallelAsync(batch, offset).ConfigureAwait(false);
            offset += take;
            if (RowGroupFull)
            {
                await WriteRowGroup(true, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends the current row group (no-op when it is empty).</summary>
    public void FlushRowGroup()
    {
        ThrowIfUnusable();
        CompleteSynchronously(WriteRowGroup(null, CancellationToken.None));
    }

    /// <summary>Ends the current row group with asynchronous I/O (no-op when it is empty).</summary>
    public ValueTask FlushRowGroupAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        return WriteRowGroup(true, cancellationToken);
    }

    /// <summary>Writes the last row group and the footer; returns the footer. Idempotent.</summary>
    public ParquetFileMetaData Close()
    {
        ValueTask<ParquetFileMetaData> task = CloseCore(null, CancellationToken.None);
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("The synchronous close path did not complete synchronously.");
        }
        return task.Result;
    }

    /// <summary>The synchronous paths (<c>async</c> null) never await anything incomplete.</summary>
    private static void CompleteSynchronously(ValueTask task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("The synchronous write path did not complete synchronously.");
        }
        task.GetAwaiter().GetResult();
    }

    /// <summary>Writes the last row group and the footer with asynchronous I/O; returns the footer. Idempotent.</summary>
    public ValueTask<ParquetFileMetaData> CloseAsync(CancellationToken cancellationToken = default) =>
        CloseCore(true, cancellationToken);

    private async ValueTask<ParquetFileMetaData> CloseCore(bool? async, CancellationToken cancellationToken)
    {
        if (Metadata is { } done)
        {
            return done;
        }
        ThrowIfUnusable();
        await WriteRowGroup(async, cancellationToken).ConfigureAwait(false);
        if (_position == 0)
        {
            await Emit(Magic.ToArray(), async, cancellationToken).ConfigureAwait(false);
        }
        var orders = new ParquetColumnOrder[_columns.Length];
        Array.Fill(orders, ParquetColumnOrder.TypeDefined);
        var metadata = new ParquetFileMetaData
        {
            Version = _options.DataPageVersion == ParquetDataPageVersion.V2 ? 2 : 1,
            Schema = _schemaElements,
            NumRows = _totalRows,
            RowGroups = _rowGroups,
            KeyValueMetadata = KeyValueMetadata(),
            CreatedBy = _options.CreatedBy,
            ColumnOrders = orders,
        };
        using var footer = new PooledByteBuffer(4096);
        ParquetMetadataSerializer.WriteFileMetaData(footer, metadata);
        int footerLength = footer.Length;
        footer.WriteInt32LittleEndian(footerLength);
        footer.Write(Magic);
        await Emit(footer.WrittenMemory, async, cancellationToken).ConfigureAwait(false);
        if (_stream is not null)
        {
            if (async == true)
            {
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _stream.Flush();
            }
        }
        _closed = true;
        Metadata = metadata;
        return metadata;
    }

    private IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata()
    {
        if (!_options.StoreArrowSchema)
        {
            return _options.KeyValueMetadata;
        }
        var pairs = new List<KeyValuePair<string, string?>>(_options.KeyValueMetadata.Count + 1);
        foreach (KeyValuePair<string, string?> pair in _options.KeyValueMetadata)
        {
            if (pair.Key != ArrowSchemaMetadata.Key)
            {
                pairs.Add(pair);
            }
        }
        pairs.Add(new(ArrowSchemaMetadata.Key, ArrowSchemaMetadata.Encode(Schema)));
        return pairs;
    }

    private bool RowGroupFull
    {
        get
        {
            if (_rowGroupRows >= _options.RowGroupMaxRows)
            {
                return true;
            }
            long bytes = 0;
            foreach (ColumnChunkWriter column in _columns)
            {
                bytes += column.BufferedBytes;
            }
            return bytes >= _options.RowGroupMaxBytes;
        }
    }

    /// <summary>As <see cref="EncodeSome"/>, with the columns spread over the parallel participants.</summary>
    private async ValueTask<int> EncodeSomeInParallelAsync(RecordBatch batch, int offset)
    {
        int room = (int)Math.Min(int.MaxValue, _options.RowGroupMaxRows - _rowGroupRows);
        int take = Math.Min(batch.Length - offset, room);
        var inputs = new ArrayData[batch.ColumnCount];
        bool sliced = offset != 0 || take != batch.Length;
        try
        {
            for (int c = 0; c < inputs.Length; c++)
            {
                inputs[c] = sliced ? batch.Column(c).Data.Slice(offset, take) : batch.Column(c).Data;
            }
            await ForEachColumnAsync(i => _columns[i].Write(inputs[_columns[i].Plan.TopLevelIndex])).ConfigureAwait(false);
        }
        catch
        {
            _failed = true;
            throw;
        }
        finally
        {
            if (sliced)
            {
                foreach (ArrayData? slice in inputs)
                {
                    slice?.Dispose();
                }
            }
        }
        _rowGroupRows += take;
        return take;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once for every column index: on this thread alone without a scheduler, otherwise
    /// on this thread plus up to <see cref="ParquetWriterOptions.EncodingParallelism"/> - 1 scheduled work items, each
    /// taking the next column (most expensive first). Returns when every participant ended; rethrows the first
    /// failure. Each column is touched by one thread only.
    /// </summary>
    private async ValueTask ForEachColumnAsync(Action<int> work)
    {
        Func<Action, Task>? scheduler = _options.ParallelWorkScheduler;
        int participants = Math.Min(_options.EncodingParallelism, _columns.Length);
        if (scheduler is null || participants <= 1)
        {
            foreach (int i in _encodeOrder)
            {
                work(i);
            }
            return;
        }
        var next = new StrongBox<int>(-1);
        int[] order = _encodeOrder;
        void Drain()
        {
            int taken;
            while ((taken = Interlocked.Increment(ref next.Value)) < order.Length)
            {
                try
                {
                    work(order[taken]);
                }
                catch
                {
                    Volatile.Write(ref next.Value, order.Length); // the others stop taking columns
                    throw;
                }
            }
        }
        var helpers = new Task[participants - 1];
        for (int h = 0; h < helpers.Length; h++)
        {
            helpers[h] = scheduler(Drain);
        }
        ExceptionDispatchInfo? failure = null;
        try
        {
            Drain();
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        try
        {
            await Task.WhenAll(helpers).ConfigureAwait(false);
        }
        catch (Exception ex) when (failure is null)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        catch (Exception)
        {
            // The first failure (this thread's) is the one reported.
        }
        failure?.Throw();
    }

    /// <summary>Encodes rows from <paramref name="offset"/> up to the row group's row limit; returns rows taken.</summary>
    private int EncodeSome(RecordBatch batch, int offset)
    {
        int room = (int)Math.Min(int.MaxValue, _options.RowGroupMaxRows - _rowGroupRows);
        int take = Math.Min(batch.Length - offset, room);
        try
        {
            if (offset == 0 && take == batch.Length)
            {
                foreach (ColumnChunkWriter column in _columns)
                {
                    column.Write(batch.Column(column.Plan.TopLevelIndex).Data);
                }
            }
            else
            {
                for (int c = 0; c < batch.ColumnCount; c++)
                {
                    using ArrayData slice = batch.Column(c).Data.Slice(offset, take);
                    foreach (ColumnChunkWriter column in _columns)
                    {
                        if (column.Plan.TopLevelIndex == c)
                        {
                            column.Write(slice);
                        }
                    }
                }
            }
        }
        catch
        {
            _failed = true;
            throw;
        }
        _rowGroupRows += take;
        return take;
    }

    private async ValueTask WriteRowGroup(bool? async, CancellationToken cancellationToken)
    {
        if (_rowGroupRows == 0)
        {
            return;
        }
        try
        {
            if (_position == 0)
            {
                await Emit(Magic.ToArray(), async, cancellationToken).ConfigureAwait(false);
            }
            long rowGroupStart = _position;
            long totalUncompressed = 0;
            long totalCompressed = 0;
            var chunks = new ParquetColumnChunk[_columns.Length];
            var summaries = new ColumnChunkSummary[_columns.Length];
            if (async == true && _options.ParallelWorkScheduler is not null)
            {
                await ForEachColumnAsync(i => summaries[i] = _columns[i].FinishChunk()).ConfigureAwait(false);
            }
            else
            {
                for (int i = 0; i < _columns.Length; i++)
                {
                    summaries[i] = _columns[i].FinishChunk();
                }
            }
            for (int i = 0; i < _columns.Length; i++)
            {
                ColumnChunkWriter column = _columns[i];
                ColumnChunkSummary summary = summaries[i];
                long start = _position;
                ReadOnlyMemory<byte> dictionary = column.DictionaryPageBytes;
                if (!dictionary.IsEmpty)
                {
                    await Emit(dictionary, async, cancellationToken).ConfigureAwait(false);
                }
                long dataStart = _position;
                await Emit(column.DataPageBytes, async, cancellationToken).ConfigureAwait(false);
                totalUncompressed += summary.TotalUncompressedSize;
                totalCompressed += summary.TotalCompressedSize;
                chunks[i] = new ParquetColumnChunk
                {
                    FileOffset = start,
                    MetaData = new ParquetColumnMetaData
                    {
                        PhysicalType = column.Plan.PhysicalType,
                        Encodings = summary.Encodings,
                        PathInSchema = column.Plan.PathInSchema,
                        Codec = _options.Compression,
                        NumValues = summary.NumValues,
                        TotalUncompressedSize = summary.TotalUncompressedSize,
                        TotalCompressedSize = summary.TotalCompressedSize,
                        DataPageOffset = dataStart,
                        DictionaryPageOffset = summary.HasDictionary ? start : null,
                        Statistics = summary.Statistics,
                        EncodingStats = summary.EncodingStats,
                    },
                };
                column.Reset();
            }
            _rowGroups.Add(new ParquetRowGroup
            {
                Columns = chunks,
                TotalByteSize = totalUncompressed,
                NumRows = _rowGroupRows,
                FileOffset = rowGroupStart,
                TotalCompressedSize = totalCompressed,
                Ordinal = checked((short)(_rowGroups.Count)),
            });
            _totalRows += _rowGroupRows;
            _rowGroupRows = 0;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Writes bytes: <paramref name="async"/> true = async stream I/O, otherwise synchronous.</summary>
    private async ValueTask Emit(ReadOnlyMemory<byte> bytes, bool? async, CancellationToken cancellationToken)
    {
        if (_stream is not null)
        {
            if (async == true)
            {
                await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _stream.Write(bytes.Span);
            }
        }
        else
        {
            _bufferWriter!.Write(bytes.Span);
        }
        _position += bytes.Length;
    }

    private void CheckSchema(RecordBatch batch)
    {
        if (ReferenceEquals(batch.Schema, Schema))
        {
            return;
        }
        if (batch.ColumnCount != Schema.Fields.Count)
        {
            throw new ArgumentException($"The batch has {batch.ColumnCount} columns; the Parquet file has {Schema.Fields.Count}.", nameof(batch));
        }
        for (int i = 0; i < batch.ColumnCount; i++)
        {
            if (!batch.Column(i).Type.Equals(Schema.Fields[i].DataType))
            {
                throw new ArgumentException(
                    $"Column {i} ('{Schema.Fields[i].Name}') of the batch has type {batch.Column(i).Type}; the Parquet file expects {Schema.Fields[i].DataType}.",
                    nameof(batch));
            }
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_closed)
        {
            throw new InvalidOperationException("The Parquet writer is closed.");
        }
        if (_failed)
        {
            throw new InvalidOperationException("The Parquet writer failed earlier; the output is incomplete.");
        }
    }

    /// <summary>Releases buffers (and the stream unless leaveOpen). Does not write the footer.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (ColumnChunkWriter column in _columns)
        {
            column.Dispose();
        }
        if (_stream is not null && !_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Releases buffers (and the stream unless leaveOpen). Does not write the footer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (ColumnChunkWriter column in _columns)
        {
            column.Dispose();
        }
        if (_stream is not null && !_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
