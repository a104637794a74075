using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using ArrowSchema = DeltaSharp.Arrow.Schema;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.Runtime;
using DeltaSharp.Schema;
using DeltaSharp.Storage;

namespace DeltaSharp.Writing;

/// <summary>
/// Writes the data files of one transaction: checks each batch against the table schema, splits rows by
/// partition values (Hive-style directories), streams each partition's rows into a Parquet file written through
/// an <see cref="ObjectUpload"/> (staged in place on local disk, spooled to a temporary file and uploaded for the
/// cloud stores), completes finished files, and returns their add-action data with
/// statistics. Memory is bounded by one row group per open file. Not thread-safe (it spreads the column encoding
/// of each batch over the runtime's worker threads internally).
/// </summary>
internal sealed class DataFileWriter : IAsyncDisposable
{
    private readonly IObjectStore _store;
    private readonly DeltaStructType _tableSchema;
    private readonly string[] _partitionColumns;
    private readonly DeltaStructType _dataSchema;
    private readonly IReadOnlyDictionary<string, string?> _configuration;
    private readonly DeltaWriteOptions _options;
    private readonly Dictionary<string, OpenFile> _open = new(StringComparer.Ordinal);
    private readonly List<WrittenFile> _written = [];
    private ArrowSchema? _writerSchema;

    public DataFileWriter(IObjectStore store, DeltaStructType tableSchema, IReadOnlyList<string> partitionColumns, IReadOnlyDictionary<string, string?> configuration, DeltaWriteOptions options)
    {
        _store = store;
        _tableSchema = tableSchema;
        _partitionColumns = [.. partitionColumns];
        var dataFields = new List<DeltaStructField>();
        foreach (DeltaStructField field in tableSchema.Fields)
        {
            if (!PartitionValueFormatter.IsPartitionColumn(partitionColumns, field.Name))
            {
                dataFields.Add(field);
            }
        }
        _dataSchema = new DeltaStructType(dataFields);
        _configuration = configuration;
        _options = options;
    }

    /// <summary>A data file written and uploaded.</summary>
    internal sealed record WrittenFile(string ActionPath, string StorePath, IReadOnlyDictionary<string, string?> PartitionValues, long Size, long ModificationTime, byte[] Stats, long Rows);

    private sealed class OpenFile
    {
        public required string StorePath { get; init; }
        public required ObjectUpload Upload { get; init; }
        public required ParquetFileWriter Writer { get; init; }
        public required Dictionary<string, string?> PartitionValues { get; init; }
    }

    public long RowCount { get; private set; }

    public IReadOnlyList<WrittenFile> Written => _written;

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        int[] tableToBatch = ResolveColumns(batch);
        using RecordBatch data = Project(batch, tableToBatch);
        if (batch.Length == 0)
        {
            return;
        }
        if (_partitionColumns.Length == 0)
        {
            OpenFile file = await GetOrOpenAsync(string.Empty, [], cancellationToken).ConfigureAwait(false);
            await file.Writer.WriteBatchAsync(data, cancellationToken).ConfigureAwait(false);
            await RollIfFullAsync(string.Empty, file, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var groups = new Dictionary<string, (string?[] Values, List<int> Rows)>(StringComparer.Ordinal);
            var partitionArrays = new (ArrayData Array, DeltaDataType Type)[_partitionColumns.Length];
            for (int p = 0; p < _partitionColumns.Length; p++)
            {
                int tableIndex = _tableSchema.IndexOf(_partitionColumns[p]);
                partitionArrays[p] = (batch.Column(tableToBatch[tableIndex]).Data, _tableSchema.Fields[tableIndex].Type);
            }
            var keyBuilder = new System.Text.StringBuilder();
            for (int row = 0; row < batch.Length; row++)
            {
                var values = new string?[_partitionColumns.Length];
                keyBuilder.Clear();
                for (int p = 0; p < values.Length; p++)
                {
                    values[p] = PartitionValueFormatter.Format(partitionArrays[p].Array, partitionArrays[p].Type, row);
                    keyBuilder.Append(values[p] is null ? "\u0000N" : "\u0000V" + values[p]);
                }
                string key = keyBuilder.ToString();
                if (!groups.TryGetValue(key, out var group))
                {
                    group = (values, []);
                    groups.Add(key, group);
                }
                group.Rows.Add(row);
            }
            foreach (KeyValuePair<string, (string?[] Values, List<int> Rows)> group in groups)
            {
                OpenFile file = await GetOrOpenAsync(group.Key, group.Value.Values, cancellationToken).ConfigureAwait(false);
                file.Writer.WriteRows(data, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(group.Value.Rows));
                await RollIfFullAsync(group.Key, file, cancellationToken).ConfigureAwait(false);
            }
        }
        RowCount += batch.Length;
    }

    /// <summary>Closes and uploads every open file.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (KeyValuePair<string, OpenFile> entry in _open)
        {
            await FinishAsync(entry.Value, cancellationToken).ConfigureAwait(false);
        }
        _open.Clear();
    }

    /// <summary>Best-effort removal of uploaded files (after a failed commit).</summary>
    public async Task DeleteWrittenAsync()
    {
        foreach (WrittenFile file in _written)
        {
            try
            {
                await _store.DeleteAsync(file.StorePath, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DeltaStorageException)
            {
                // Orphaned data files are harmless (not referenced by the log); VACUUM removes them.
            }
        }
    }

    private async Task RollIfFullAsync(string key, OpenFile file, CancellationToken cancellationToken)
    {
        if (file.Writer.RowCount >= _options.MaxRowsPerFile)
        {
            _open.Remove(key);
            await FinishAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<OpenFile> GetOrOpenAsync(string key, string?[] values, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(key, out OpenFile? file))
        {
            return file;
        }
        string directory = PartitionValueFormatter.Directory(_partitionColumns, values);
        string extension = _options.Compression switch
        {
            ParquetCompressionCodec.Snappy => ".snappy.parquet",
            ParquetCompressionCodec.Zstd => ".zstd.parquet",
            ParquetCompressionCodec.Gzip => ".gz.parquet",
            _ => ".parquet",
        };
        string name = "part-" + _written.Count.ToString("D5", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("D") + "-c000" + extension;
        var partitionValues = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 0; i < _partitionColumns.Length; i++)
        {
            partitionValues[_partitionColumns[i]] = values[i];
        }
        var parquetOptions = new ParquetWriterOptions
        {
            Compression = _options.Compression,
            RowGroupMaxRows = _options.RowGroupMaxRows,
            StatisticsTruncateLength = null, // exact bounds; Delta statistics truncate by their own rules
            // Columns of a batch are encoded and compressed on the runtime's workers too (threads from the one
            // factory, with the host's hooks); output and memory bound are the same as with one thread.
            ParallelWorkScheduler = ScheduleOnRuntime,
        };
        ObjectUpload upload = await _store.StartPutAsync(directory + name, cancellationToken).ConfigureAwait(false);
        file = new OpenFile
        {
            StorePath = directory + name,
            Upload = upload,
            Writer = new ParquetFileWriter(upload.Content, _writerSchema!, parquetOptions, leaveOpen: true),
            PartitionValues = partitionValues,
        };
        _open.Add(key, file);
        return file;
    }

    /// <summary>Runs column work on a runtime worker; if the runtime is being shut down, runs it here instead.</summary>
    private static Task ScheduleOnRuntime(Action work)
    {
        try
        {
            return DeltaRuntime.Shared.RunAsync(work);
        }
        catch (ObjectDisposedException)
        {
#pragma warning disable CA1031 // the failure belongs to the returned task, as it would from a worker
            try
            {
                work();
                return Task.CompletedTask;
            }
            catch (Exception failure)
            {
                return Task.FromException(failure);
            }
#pragma warning restore CA1031
        }
    }

    private async Task FinishAsync(OpenFile file, CancellationToken cancellationToken)
    {
        try
        {
            ParquetFileMetaData footer = await file.Writer.CloseAsync(cancellationToken).ConfigureAwait(false);
            long size = file.Upload.Length;
            await file.Upload.CompleteAsync(cancellationToken).ConfigureAwait(false);
            byte[] stats = DeltaStatisticsBuilder.Build(footer, _dataSchema, _configuration);
            _written.Add(new WrittenFile(
                PartitionValueFormatter.EncodeUriPath(file.StorePath), file.StorePath, file.PartitionValues, size,
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), stats, footer.NumRows));
        }
        finally
        {
            await file.Writer.DisposeAsync().ConfigureAwait(false);
            await file.Upload.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Maps each table column to its batch column; checks names, types and nullability.</summary>
    private int[] ResolveColumns(RecordBatch batch)
    {
        var map = new int[_tableSchema.Fields.Count];
        var used = new bool[batch.ColumnCount];
        for (int t = 0; t < _tableSchema.Fields.Count; t++)
        {
            DeltaStructField field = _tableSchema.Fields[t];
            int found = -1;
            for (int b = 0; b < batch.ColumnCount; b++)
            {
                if (string.Equals(batch.Schema.Fields[b].Name, field.Name, StringComparison.OrdinalIgnoreCase))
                {
                    if (found >= 0)
                    {
                        throw new DeltaSchemaMismatchException($"The data has two columns named '{field.Name}' (names are case-insensitive).");
                    }
                    found = b;
                }
            }
            if (found < 0)
            {
                throw new DeltaSchemaMismatchException($"The data has no column '{field.Name}' of the table schema.");
            }
            ArrowType expected = DeltaArrowSchema.ToArrowType(field.Type);
            ArrowType actual = batch.Column(found).Type;
            if (!Compatible(actual, expected))
            {
                throw new DeltaSchemaMismatchException($"Column '{field.Name}' has Arrow type {actual}; the table column is {field.Type} (Arrow {expected}).");
            }
            if (!field.Nullable && batch.Column(found).NullCount > 0)
            {
                throw new DeltaSchemaMismatchException($"Column '{field.Name}' is NOT NULL in the table but the data has {batch.Column(found).NullCount} nulls.");
            }
            map[t] = found;
            used[found] = true;
        }
        for (int b = 0; b < used.Length; b++)
        {
            if (!used[b])
            {
                throw new DeltaSchemaMismatchException($"The data has column '{batch.Schema.Fields[b].Name}', which the table schema lacks (schema evolution is not supported).");
            }
        }
        return map;
    }

    private RecordBatch Project(RecordBatch batch, int[] tableToBatch)
    {
        var fields = new List<Field>();
        var columns = new List<ArrowArray>();
        for (int t = 0; t < _tableSchema.Fields.Count; t++)
        {
            DeltaStructField field = _tableSchema.Fields[t];
            if (PartitionValueFormatter.IsPartitionColumn(_partitionColumns, field.Name))
            {
                continue;
            }
            ArrowArray column = batch.Column(tableToBatch[t]);
            fields.Add(new Field(field.Name, column.Type, nullable: true));
            columns.Add(column.Retain());
        }
        var schema = new ArrowSchema(fields);
        if (_writerSchema is null)
        {
            _writerSchema = schema;
        }
        else if (!_writerSchema.Equals(schema))
        {
            foreach (ArrowArray c in columns)
            {
                c.Dispose();
            }
            throw new DeltaSchemaMismatchException("All batches of one write must have the same Arrow types (e.g. the same timestamp time zone).");
        }
        return new RecordBatch(_writerSchema, columns, batch.Length);
    }

    /// <summary>Same Arrow shape, ignoring field names, nullability, and the time zone name of UTC timestamps.</summary>
    private static bool Compatible(ArrowType actual, ArrowType expected)
    {
        if (actual.TypeId != expected.TypeId)
        {
            return false;
        }
        switch (expected)
        {
            case TimestampType e:
                var a = (TimestampType)actual;
                return a.Unit == e.Unit && a.HasTimeZone == e.HasTimeZone;
            case DecimalType e:
                var d = (DecimalType)actual;
                return d.Precision == e.Precision && d.Scale == e.Scale;
            case ListType e:
                return Compatible(((ListType)actual).ValueType, e.ValueType);
            case MapType e:
                var m = (MapType)actual;
                return Compatible(m.KeyField.DataType, e.KeyField.DataType) && Compatible(m.ValueField.DataType, e.ValueField.DataType);
            case StructType e:
                var s = (StructType)actual;
                if (s.Fields.Count != e.Fields.Count)
                {
                    return false;
                }
                for (int i = 0; i < e.Fields.Count; i++)
                {
                    if (!string.Equals(s.Fields[i].Name, e.Fields[i].Name, StringComparison.OrdinalIgnoreCase) || !Compatible(s.Fields[i].DataType, e.Fields[i].DataType))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return actual.Equals(expected);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (OpenFile file in _open.Values)
        {
            await file.Writer.DisposeAsync().ConfigureAwait(false);
            await file.Upload.DisposeAsync().ConfigureAwait(false);
        }
        _open.Clear();
    }
}
