using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Checkpoints;
using DeltaSharp.DeletionVectors;
using DeltaSharp.Expressions;
using DeltaSharp.Parquet;
using DeltaSharp.Runtime;
using DeltaSharp.Schema;
using DeltaSharp.State;

namespace DeltaSharp.Scanning;

/// <summary>
/// Reads a snapshot's rows: for each active file (in path order) streams its Parquet batches, maps physical
/// columns to logical ones (<see cref="ColumnConverter"/>), materialises partition columns with their real types,
/// fills columns the file lacks with nulls, and drops the rows its deletion vector deletes (by slicing the batch
/// around them, no copy). With a filter (<see cref="DeltaScanOptions.Filter"/>) files are skipped by partition
/// values and statistics, row groups by Parquet statistics, and each batch is filtered row by row (columns read only
/// for the filter are dropped afterwards). Up to <see cref="DeltaScanOptions.MaxConcurrentFiles"/> files are read
/// concurrently (<see cref="FileReadAhead"/>), batches still returned in path order; memory is bounded by that many
/// files' decoding row groups plus <see cref="FileReadAhead.Capacity"/> buffered batches each.
/// </summary>
internal static class DeltaScanner
{
    public static async IAsyncEnumerable<RecordBatch> ReadAsync(DeltaSnapshot snapshot, DeltaScanOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ProcessGuard.ThrowIfForked();
        var plan = new ScanPlan(snapshot, options);
        // Files in path order, decided from the columnar table: skipping reads partition values and statistics in
        // place, and an AddFile is materialised only for a file that is read.
        FileTable table = snapshot.FileTable;
        int[] files = table.RowsInPathOrder();
        plan.Report?.AddFilesTotal(files.Length);
        var partitionSource = new PartitionSummarySource(snapshot.PartitionColumns, plan.Mode);
        using var statsSource = new StatsSummarySource(plan.Mode);
        int readAhead = options.MaxConcurrentFiles ?? Environment.ProcessorCount;
        if (readAhead < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), readAhead, "MaxConcurrentFiles must be at least 1.");
        }
        if (readAhead == 1)
        {
            foreach (int row in files)
            {
                ProcessGuard.ThrowIfForked();
                cancellationToken.ThrowIfCancellationRequested();
                if (Skip(plan, table, row, partitionSource, statsSource))
                {
                    continue;
                }
                await foreach (RecordBatch batch in ReadFileAsync(plan, table.ToAddFile(row), cancellationToken).ConfigureAwait(false))
                {
                    yield return batch;
                }
            }
            yield break;
        }
        // Read ahead: up to readAhead files are read concurrently, each into its own small bounded buffer; batches are
        // returned strictly in path order, so the output is the same as the sequential scan.
        var pending = new Queue<FileReadAhead>();
        int next = 0;
        try
        {
            while (true)
            {
                while (pending.Count < readAhead && next < files.Length)
                {
                    int row = files[next++];
                    if (!Skip(plan, table, row, partitionSource, statsSource))
                    {
                        pending.Enqueue(FileReadAhead.Start(ReadFileAsync(plan, table.ToAddFile(row), CancellationToken.None), cancellationToken));
                    }
                }
                if (pending.Count == 0)
                {
                    break;
                }
                FileReadAhead head = pending.Peek();
                while (true)
                {
                    ProcessGuard.ThrowIfForked();
                    RecordBatch? batch = await head.NextAsync().ConfigureAwait(false);
                    if (batch is null)
                    {
                        break;
                    }
                    yield return batch;
                }
                await pending.Dequeue().DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            while (pending.Count > 0)
            {
                await pending.Dequeue().DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Decides from partition values and statistics whether file <paramref name="row"/> can hold a matching
    /// row (escaped statistics are unescaped once per snapshot, cached by the table).</summary>
    private static bool Skip(ScanPlan plan, FileTable table, int row, PartitionSummarySource partitionSource, StatsSummarySource statsSource)
    {
        if (plan.Predicate is null || !plan.Options.DataSkipping)
        {
            return false;
        }
        partitionSource.PartitionValues = table.GetPartitionValues(row);
        partitionSource.Fallback = null;
        if (!SkippingEvaluator.MayBeTrue(plan.Predicate.Positive, partitionSource))
        {
            plan.Report?.AddSkippedByPartition();
            return true;
        }
        ReadOnlySpan<byte> stats = table.GetStatsUtf8(row);
        if (!stats.IsEmpty)
        {
            statsSource.Load(stats);
            partitionSource.Fallback = statsSource;
            if (!SkippingEvaluator.MayBeTrue(plan.Predicate.Positive, partitionSource))
            {
                plan.Report?.AddSkippedByStatistics();
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads one data file: its batches, logical, with deletion vectors applied and the filter evaluated.
    /// Safe to run concurrently for different files (per-file state only; the report is updated atomically).</summary>
    private static async IAsyncEnumerable<RecordBatch> ReadFileAsync(ScanPlan plan, AddFile file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ProcessGuard.ThrowIfForked();
        DeltaSnapshot snapshot = plan.Snapshot;
        DeltaScanOptions options = plan.Options;
        ArrowAllocator? allocator = plan.Allocator;
        ColumnMappingMode mode = plan.Mode;
        List<DeltaStructField> fields = plan.Fields;
        HashSet<string> partitionColumns = plan.PartitionColumns;
        Arrow.Schema readSchema = plan.ReadSchema;
        Arrow.Schema outputSchema = plan.OutputSchema;
        int outputCount = plan.OutputCount;
        DeltaPredicate? predicate = plan.Predicate;
        DeltaScanReport? report = plan.Report;
        List<string> physicalNames = plan.PhysicalNames;
        List<int> fieldIds = plan.FieldIds;
        bool skipping = predicate is not null && options.DataSkipping;
        var rowGroupSource = new RowGroupSummarySource(mode);
        var rowGroupPartitionSource = new PartitionSummarySource(snapshot.PartitionColumns, mode) { Fallback = rowGroupSource };
        report?.AddFileRead();
        // The table's store, or another for a file outside the table root (shallow clone); key names it in messages.
        Storage.ResolvedFile location = snapshot.Context.Paths.Resolve(file.Path);
        string key = location.DisplayPath;
        DeletionVectorBitmap? deleted = file.DeletionVector is DeletionVectorDescriptor dv
            ? await DeletionVectorLoader.LoadAsync(snapshot.Context.Paths, dv, int.MaxValue, cancellationToken).ConfigureAwait(false)
            : null;
        Func<ParquetRowGroupInfo, bool>? rowGroupFilter = null;
        if (skipping || report is not null)
        {
            AddFile current = file;
            rowGroupFilter = info =>
            {
                bool keep = true;
                if (skipping)
                {
                    rowGroupSource.Info = info;
                    rowGroupPartitionSource.PartitionValues = current.PartitionValues;
                    keep = SkippingEvaluator.MayBeTrue(predicate!.Positive, rowGroupPartitionSource);
                    rowGroupSource.Info = null;
                }
                report?.AddRowGroup(skipped: !keep);
                return keep;
            };
        }
        var readerOptions = new ParquetReaderOptions
        {
            Allocator = allocator,
            BatchSize = options.BatchSize,
            Columns = physicalNames.Count == 0 ? null : physicalNames,
            FieldIds = fieldIds.Count == 0 ? null : fieldIds,
            RowGroupFilter = rowGroupFilter,
            // With skipping, pages are skipped too where the file has a page index: safe with deletion vectors because
            // the row filter below receives true file positions (rows are never counted from returned batches).
            UsePageIndex = skipping,
            // Late materialisation: the reader decodes the predicate's columns first and the others only for rows
            // the predicate (minus the deletion vector) selects; positions come from the reader, so row groups
            // skipped by statistics do not shift the deletion vector.
            RowFilter = predicate is null ? null : new ScanRowFilter(plan, file, deleted),
        };
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.OpenAsync(new ObjectStoreParquetSource(location.Store, location.Key, file.Size), readerOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (ParquetFormatException ex)
        {
            throw new DeltaDataFileException($"The data file is not valid Parquet: {ex.Message}", key, ex);
        }
        catch (Storage.DeltaObjectNotFoundException ex)
        {
            throw new DeltaDataFileException("The data file listed in the log is missing", key, ex);
        }
        await using (reader.ConfigureAwait(false))
        {
            long rowBase = 0;
            int deletedIndex = 0;
            await using IAsyncEnumerator<RecordBatch> batches = reader.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                bool hasNext;
                try
                {
                    hasNext = await batches.MoveNextAsync().ConfigureAwait(false);
                }
                catch (ParquetFormatException ex)
                {
                    throw new DeltaDataFileException($"The data file is not valid Parquet: {ex.Message}", key, ex);
                }
                catch (FormatException ex)
                {
                    // Raised while converting the filter's columns (ScanRowFilter), as in ToLogical below.
                    throw new DeltaDataFileException($"The data file holds a value that cannot be read: {ex.Message}", key, ex);
                }
                if (!hasNext)
                {
                    break;
                }
                ProcessGuard.ThrowIfForked();
                RecordBatch logical;
                using (RecordBatch physical = batches.Current)
                {
                    try
                    {
                        logical = ToLogical(physical, file, fields, partitionColumns, readSchema, mode, allocator);
                    }
                    catch (FormatException ex)
                    {
                        // e.g. a malformed shredded variant value: name the file, as for a corrupt page.
                        throw new DeltaDataFileException($"The data file holds a value that cannot be read: {ex.Message}", key, ex);
                    }
                }
                long start = rowBase;
                rowBase += logical.Length;
                if (predicate is not null)
                {
                    // Already filtered (and deletion vector applied) by ScanRowFilter inside the reader.
                    yield return Project(logical, outputSchema, outputCount);
                    continue;
                }
                if (deleted is null)
                {
                    report?.AddRows(logical.Length, logical.Length);
                    yield return logical;
                    continue;
                }
                using (logical)
                {
                    ReadOnlySpan<long> rows = deleted.Rows;
                    while (deletedIndex < rows.Length && rows[deletedIndex] < start)
                    {
                        deletedIndex++;
                    }
                    int keepFrom = 0;
                    var slices = new List<RecordBatch>();
                    while (deletedIndex < rows.Length && rows[deletedIndex] < rowBase)
                    {
                        int at = (int)(rows[deletedIndex] - start);
                        if (at > keepFrom)
                        {
                            slices.Add(logical.Slice(keepFrom, at - keepFrom));
                        }
                        keepFrom = at + 1;
                        deletedIndex++;
                    }
                    if (keepFrom < logical.Length)
                    {
                        slices.Add(keepFrom == 0 ? logical.Retain() : logical.Slice(keepFrom, logical.Length - keepFrom));
                    }
                    foreach (RecordBatch slice in slices)
                    {
                        report?.AddRows(slice.Length, slice.Length);
                        yield return slice;
                    }
                }
            }
        }
    }

    /// <summary>Drops the columns read only for the filter. Takes ownership of <paramref name="batch"/>.</summary>
    private static RecordBatch Project(RecordBatch batch, Arrow.Schema outputSchema, int outputCount)
    {
        if (batch.ColumnCount == outputCount)
        {
            return batch;
        }
        using (batch)
        {
            var columns = new ArrowArray[outputCount];
            for (int i = 0; i < outputCount; i++)
            {
                columns[i] = batch.Column(i).Retain();
            }
            return new RecordBatch(outputSchema, columns, batch.Length);
        }
    }

    private static RecordBatch ToLogical(RecordBatch physical, AddFile file, List<DeltaStructField> fields, HashSet<string> partitionColumns, Arrow.Schema outputSchema, ColumnMappingMode mode, ArrowAllocator? allocator)
    {
        var columns = new List<ArrowArray>(fields.Count);
        try
        {
            foreach (DeltaStructField field in fields)
            {
                if (partitionColumns.Contains(field.Name))
                {
                    string? value = PartitionValue(file, field, mode);
                    try
                    {
                        columns.Add(PartitionValueParser.Constant(field.Type, value, physical.Length, allocator));
                    }
                    catch (FormatException ex)
                    {
                        throw new DeltaLogCorruptException($"Partition value '{value}' of column '{field.Name}' in file '{file.Path}' is invalid: {ex.Message}", ex);
                    }
                    continue;
                }
                int index = ColumnConverter.FindPhysicalField(physical.Schema.Fields, field, mode);
                ArrayData data = index < 0
                    ? ColumnConverter.Nulls(field.Type, physical.Length, allocator)
                    : ColumnConverter.Convert(physical.Column(index).Data, field.Type, mode, allocator);
                columns.Add(ArrowArray.FromData(data));
            }
            return new RecordBatch(outputSchema, columns, physical.Length);
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

    /// <summary>The serialized partition value: keyed by physical name under column mapping, else logical name.</summary>
    internal static string? PartitionValue(AddFile file, DeltaStructField field, ColumnMappingMode mode)
    {
        if (file.PartitionValues.TryGetValue(field.GetPhysicalName(mode), out string? value) || file.PartitionValues.TryGetValue(field.Name, out value))
        {
            return value;
        }
        foreach (KeyValuePair<string, string?> entry in file.PartitionValues)
        {
            if (string.Equals(entry.Key, field.Name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }
        return null;
    }
}
