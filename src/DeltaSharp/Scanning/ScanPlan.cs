using System;
using System.Collections.Generic;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Expressions;
using DeltaSharp.Schema;

namespace DeltaSharp.Scanning;

/// <summary>What a scan reads, computed once per scan and shared (read-only) by the per-file readers: the logical
/// fields read (projection, then columns only the filter needs), their schemas, the bound filter, and the physical
/// column names / field ids asked of the Parquet reader.</summary>
internal sealed class ScanPlan
{
    public ScanPlan(DeltaSnapshot snapshot, DeltaScanOptions options)
    {
        Snapshot = snapshot;
        Options = options;
        Allocator = snapshot.Context.Options.Allocator;
        Mode = snapshot.ColumnMappingMode;
        Report = options.Report;
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
        }
        if (options.MaxConcurrentFiles is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrentFiles, "MaxConcurrentFiles must be at least 1.");
        }
        Fields = Project(snapshot.Schema, options.Columns);
        OutputSchema = new Arrow.Schema(ConvertFields(Fields));
        OutputCount = Fields.Count;
        Predicate = options.Filter is null ? null : DeltaPredicate.Bind(options.Filter, snapshot.Schema);
        if (Predicate is not null)
        {
            // Columns the filter reads but the caller did not ask for are read too, then dropped after filtering.
            foreach (string name in Predicate.ReferencedColumns)
            {
                if (!Contains(Fields, name))
                {
                    Fields.Add(snapshot.Schema.FindField(name)!);
                }
            }
        }
        ReadSchema = Fields.Count == OutputCount ? OutputSchema : new Arrow.Schema(ConvertFields(Fields));
        PartitionColumns = new HashSet<string>(snapshot.PartitionColumns, StringComparer.OrdinalIgnoreCase);
        foreach (DeltaStructField field in Fields)
        {
            if (PartitionColumns.Contains(field.Name))
            {
                continue;
            }
            PhysicalNames.Add(field.GetPhysicalName(Mode));
            if (Mode == ColumnMappingMode.Id && field.ColumnMappingId is long id && id <= int.MaxValue)
            {
                FieldIds.Add((int)id);
            }
        }
    }

    public DeltaSnapshot Snapshot { get; }

    public DeltaScanOptions Options { get; }

    public ArrowAllocator? Allocator { get; }

    public ColumnMappingMode Mode { get; }

    public DeltaScanReport? Report { get; }

    /// <summary>Logical fields read: the projection (output order) followed by filter-only columns.</summary>
    public List<DeltaStructField> Fields { get; }

    public Arrow.Schema OutputSchema { get; }

    public int OutputCount { get; }

    public Arrow.Schema ReadSchema { get; }

    public DeltaPredicate? Predicate { get; }

    public HashSet<string> PartitionColumns { get; }

    public List<string> PhysicalNames { get; } = new();

    public List<int> FieldIds { get; } = new();

    private static bool Contains(List<DeltaStructField> fields, string name)
    {
        foreach (DeltaStructField field in fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static List<DeltaStructField> Project(DeltaSchema schema, IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            return new List<DeltaStructField>(schema.Fields);
        }
        var result = new List<DeltaStructField>(columns.Count);
        foreach (string name in columns)
        {
            result.Add(schema.FindField(name) ?? throw new ArgumentException($"The table has no column '{name}'.", nameof(columns)));
        }
        return result;
    }

    private static List<Field> ConvertFields(List<DeltaStructField> fields)
    {
        var result = new List<Field>(fields.Count);
        foreach (DeltaStructField field in fields)
        {
            result.Add(DeltaArrowSchema.ToArrowField(field));
        }
        return result;
    }
}
