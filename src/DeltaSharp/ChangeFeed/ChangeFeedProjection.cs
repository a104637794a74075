using System;
using System.Collections.Generic;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;

namespace DeltaSharp.ChangeFeed;

/// <summary>
/// The shape of a change data feed read, computed once: which table columns are read from the files (the requested
/// ones, then those only the filter needs), the "work" row (those table columns followed by <c>_change_type</c>,
/// <c>_commit_version</c>, <c>_commit_timestamp</c>) the filter is bound to, and the output columns picked from it in
/// the requested order. Immutable; shared by every file read of the feed.
/// </summary>
internal sealed class ChangeFeedProjection
{
    private static readonly DeltaStructField ChangeTypeField = new(DeltaChangeFeed.ChangeTypeColumn, DeltaPrimitiveType.String, nullable: true);
    private static readonly DeltaStructField CommitVersionField = new(DeltaChangeFeed.CommitVersionColumn, DeltaPrimitiveType.Long, nullable: true);
    private static readonly DeltaStructField CommitTimestampField = new(DeltaChangeFeed.CommitTimestampColumn, DeltaPrimitiveType.Timestamp, nullable: true);

    private readonly int[] outputIndexes;

    /// <exception cref="ArgumentException">A requested column is neither a table column nor a change column.</exception>
    /// <exception cref="DeltaExpressionBindException">The filter does not fit the change rows.</exception>
    public ChangeFeedProjection(DeltaSchema tableSchema, DeltaChangeFeedOptions options)
    {
        var requested = new List<string>();
        if (options.Columns is null)
        {
            foreach (DeltaStructField field in tableSchema.Fields)
            {
                requested.Add(field.Name);
            }
            requested.Add(DeltaChangeFeed.ChangeTypeColumn);
            requested.Add(DeltaChangeFeed.CommitVersionColumn);
            requested.Add(DeltaChangeFeed.CommitTimestampColumn);
        }
        else
        {
            requested.AddRange(options.Columns);
        }
        var tableFields = new List<DeltaStructField>();
        foreach (string name in requested)
        {
            if (IsChangeColumn(name))
            {
                continue;
            }
            DeltaStructField field = tableSchema.FindField(name) ?? throw new ArgumentException($"The change data feed has no column '{name}' (the table's columns and {DeltaChangeFeed.ChangeTypeColumn}, {DeltaChangeFeed.CommitVersionColumn}, {DeltaChangeFeed.CommitTimestampColumn}).", nameof(options));
            if (!tableFields.Contains(field))
            {
                tableFields.Add(field);
            }
        }
        if (options.Filter is not null)
        {
            // Bind once against every column a change row can have, to learn which table columns the filter reads.
            var all = new List<DeltaStructField>(tableSchema.Fields) { ChangeTypeField, CommitVersionField, CommitTimestampField };
            DeltaPredicate probe = DeltaPredicate.Bind(options.Filter, new DeltaSchema(new DeltaStructType(all)));
            bool tableOnly = true;
            foreach (string name in probe.ReferencedColumns)
            {
                if (IsChangeColumn(name))
                {
                    tableOnly = false;
                    continue;
                }
                DeltaStructField field = tableSchema.FindField(name)!;
                if (!tableFields.Contains(field))
                {
                    tableFields.Add(field);
                }
            }
            FilterReadsTableColumnsOnly = tableOnly;
        }
        TableFields = tableFields;
        TableColumnNames = new List<string>(tableFields.Count);
        foreach (DeltaStructField field in tableFields)
        {
            TableColumnNames.Add(field.Name);
        }
        var workFields = new List<DeltaStructField>(tableFields) { ChangeTypeField, CommitVersionField, CommitTimestampField };
        DeltaSchema workSchema = new(new DeltaStructType(workFields));
        WorkSchema = DeltaArrowSchema.ToArrow(workSchema);
        Predicate = options.Filter is null ? null : DeltaPredicate.Bind(options.Filter, workSchema);
        outputIndexes = new int[requested.Count];
        var outputFields = new List<Field>(requested.Count);
        for (int i = 0; i < requested.Count; i++)
        {
            int index = IndexOf(workFields, requested[i]);
            outputIndexes[i] = index;
            outputFields.Add(WorkSchema.Fields[index]);
        }
        OutputSchema = new Arrow.Schema(outputFields);
        Filter = options.Filter;
    }

    /// <summary>The table columns read from the data files, in work-row order.</summary>
    public List<DeltaStructField> TableFields { get; }

    /// <summary>Their names (the scan's projection).</summary>
    public List<string> TableColumnNames { get; }

    /// <summary>The Arrow schema of a work row.</summary>
    public Arrow.Schema WorkSchema { get; }

    /// <summary>The Arrow schema of the returned batches.</summary>
    public Arrow.Schema OutputSchema { get; }

    /// <summary>The filter bound to the work row, or null.</summary>
    public DeltaPredicate? Predicate { get; }

    /// <summary>The caller's filter expression, or null.</summary>
    public DeltaExpression? Filter { get; }

    /// <summary>True when the filter reads only table columns, so a scan of table rows can apply it (with skipping).</summary>
    public bool FilterReadsTableColumnsOnly { get; }

    /// <summary>The table schema extended with <c>_change_type</c>: how change data files are read.</summary>
    public static DeltaSchema WithChangeType(DeltaSchema tableSchema) =>
        new(new DeltaStructType(new List<DeltaStructField>(tableSchema.Fields) { ChangeTypeField }));

    public static bool IsChangeColumn(string name) =>
        name is DeltaChangeFeed.ChangeTypeColumn or DeltaChangeFeed.CommitVersionColumn or DeltaChangeFeed.CommitTimestampColumn;

    /// <summary>
    /// Builds the returned batch from a scanned batch (the <see cref="TableFields"/> columns, then <c>_change_type</c>
    /// when <paramref name="changeType"/> is null): appends the change columns, applies the filter unless
    /// <paramref name="filtered"/>, and picks the output columns. Does not take ownership of
    /// <paramref name="scanned"/>. Returns null when no row is left.
    /// </summary>
    public RecordBatch? Finish(RecordBatch scanned, string? changeType, long version, long timestampMicros, bool filtered, ArrowAllocator? allocator)
    {
        int n = scanned.Length;
        if (n == 0)
        {
            return null;
        }
        int tableCount = TableFields.Count;
        var columns = new ArrowArray[tableCount + 3];
        RecordBatch work;
        try
        {
            for (int i = 0; i < tableCount; i++)
            {
                columns[i] = scanned.Column(i).Retain();
            }
            columns[tableCount] = changeType is null
                ? scanned.Column(tableCount).Retain()
                : Scanning.PartitionValueParser.Constant(DeltaPrimitiveType.String, changeType, n, allocator);
            columns[tableCount + 1] = ConstantLong(WorkSchema.Fields[tableCount + 1].DataType, version, n, allocator);
            columns[tableCount + 2] = ConstantLong(WorkSchema.Fields[tableCount + 2].DataType, timestampMicros, n, allocator);
            work = new RecordBatch(WorkSchema, columns, n);
        }
        catch
        {
            foreach (ArrowArray? column in columns)
            {
                column?.Dispose();
            }
            throw;
        }
        if (Predicate is not null && !filtered)
        {
            RecordBatch kept;
            using (work)
            {
                kept = Predicate.Filter(work, allocator);
            }
            if (kept.Length == 0)
            {
                kept.Dispose();
                return null;
            }
            work = kept;
        }
        using (work)
        {
            var output = new ArrowArray[outputIndexes.Length];
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = work.Column(outputIndexes[i]).Retain();
            }
            return new RecordBatch(OutputSchema, output, work.Length);
        }
    }

    private static PrimitiveArray<long> ConstantLong(ArrowType type, long value, int length, ArrowAllocator? allocator)
    {
        using var builder = (PrimitiveBuilder<long>)ArrowArrayBuilder.Create(type, allocator);
        builder.AppendSpan(length).Fill(value);
        return builder.Build();
    }

    private static int IndexOf(List<DeltaStructField> fields, string name)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        for (int i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new ArgumentException($"The change data feed has no column '{name}'.", nameof(name));
    }
}
