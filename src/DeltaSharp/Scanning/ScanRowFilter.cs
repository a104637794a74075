using System;
using System.Collections.Generic;
using DeltaSharp.Actions;
using DeltaSharp.Arrow;
using DeltaSharp.DeletionVectors;
using DeltaSharp.Expressions;
using DeltaSharp.Parquet;
using DeltaSharp.Schema;

namespace DeltaSharp.Scanning;

/// <summary>
/// The scan's filter as a Parquet row filter for one data file (late materialisation): the reader decodes only the
/// physical columns the predicate reads, this turns them into the logical columns (partition values as constants,
/// columns the file lacks as nulls, column mapping and type widening applied), evaluates the predicate, and clears
/// the rows the file's deletion vector deletes (by position in the file, which the reader passes). One instance per
/// file read; not thread-safe.
/// </summary>
internal sealed class ScanRowFilter : ParquetRowFilter
{
    private readonly ScanPlan plan;
    private readonly AddFile file;
    private readonly DeletionVectorBitmap? deleted;
    private readonly List<DeltaStructField> fields = new();
    private readonly Arrow.Schema logicalSchema;

    public ScanRowFilter(ScanPlan plan, AddFile file, DeletionVectorBitmap? deleted)
    {
        this.plan = plan;
        this.file = file;
        this.deleted = deleted;
        var arrowFields = new List<Field>();
        foreach (string name in plan.Predicate!.ReferencedColumns)
        {
            DeltaStructField field = plan.Snapshot.Schema.FindField(name)!;
            fields.Add(field);
            arrowFields.Add(DeltaArrowSchema.ToArrowField(field));
        }
        logicalSchema = new Arrow.Schema(arrowFields);
    }

    public override IReadOnlyList<int> SelectColumns(Arrow.Schema schema)
    {
        var chosen = new List<int>(fields.Count);
        foreach (DeltaStructField field in fields)
        {
            if (plan.PartitionColumns.Contains(field.Name))
            {
                continue;
            }
            int index = ColumnConverter.FindPhysicalField(schema.Fields, field, plan.Mode);
            if (index >= 0)
            {
                chosen.Add(index);
            }
        }
        return chosen;
    }

    public override void Evaluate(RecordBatch columns, long firstRow, Span<byte> selection)
    {
        int n = columns.Length;
        int selected;
        using (RecordBatch logical = ToLogical(columns))
        {
            selected = plan.Predicate!.Evaluate(logical, selection);
        }
        int deletedHere = 0;
        if (deleted is not null)
        {
            ReadOnlySpan<long> rows = deleted.Rows;
            int at = LowerBound(rows, firstRow);
            for (; at < rows.Length && rows[at] < firstRow + n; at++)
            {
                int row = (int)(rows[at] - firstRow);
                byte mask = (byte)(1 << (row & 7));
                if ((selection[row >> 3] & mask) != 0)
                {
                    selection[row >> 3] &= (byte)~mask;
                    selected--;
                }
                deletedHere++;
            }
        }
        plan.Report?.AddRows(n - deletedHere, selected);
    }

    private RecordBatch ToLogical(RecordBatch physical)
    {
        var columns = new List<ArrowArray>(fields.Count);
        try
        {
            foreach (DeltaStructField field in fields)
            {
                if (plan.PartitionColumns.Contains(field.Name))
                {
                    string? value = DeltaScanner.PartitionValue(file, field, plan.Mode);
                    try
                    {
                        columns.Add(PartitionValueParser.Constant(field.Type, value, physical.Length, plan.Allocator));
                    }
                    catch (FormatException ex)
                    {
                        throw new DeltaLogCorruptException($"Partition value '{value}' of column '{field.Name}' in file '{file.Path}' is invalid: {ex.Message}", ex);
                    }
                    continue;
                }
                int index = ColumnConverter.FindPhysicalField(physical.Schema.Fields, field, plan.Mode);
                ArrayData data = index < 0
                    ? ColumnConverter.Nulls(field.Type, physical.Length, plan.Allocator)
                    : ColumnConverter.Convert(physical.Column(index).Data, field.Type, plan.Mode, plan.Allocator);
                columns.Add(ArrowArray.FromData(data));
            }
            return new RecordBatch(logicalSchema, columns, physical.Length);
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

    /// <summary>The first index whose value is at least <paramref name="value"/> (the rows are ascending).</summary>
    private static int LowerBound(ReadOnlySpan<long> rows, long value)
    {
        int lo = 0;
        int hi = rows.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (rows[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
