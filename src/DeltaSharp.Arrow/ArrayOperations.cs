using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Arrow;

/// <summary>
/// Copying operations over arrays and batches: filter rows by a selection (e.g. to apply Delta deletion vectors)
/// and concatenate. Results are new owning arrays/batches in memory from the given allocator (null = default);
/// inputs are borrowed and left unchanged. Runs of selected rows are copied in bulk.
/// </summary>
public static class ArrayOperations
{
    /// <summary>Returns the slots of <paramref name="source"/> whose bit is set in <paramref name="selection"/>
    /// (LSB-first; bit <c>i</c> selects slot <c>i</c>; at least <c>source.Length</c> bits).</summary>
    public static ArrowArray Filter(ArrowArray source, ReadOnlySpan<byte> selection, ArrowAllocator? allocator = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckSelection(selection, source.Length);
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(source.Type, allocator);
        AppendSelected(builder, source, selection);
        return builder.Build();
    }

    /// <summary>Returns the rows of <paramref name="batch"/> whose bit is set in <paramref name="selection"/>.</summary>
    public static RecordBatch Filter(RecordBatch batch, ReadOnlySpan<byte> selection, ArrowAllocator? allocator = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckSelection(selection, batch.Length);
        int selected = BitUtility.CountSetBits(selection, 0, batch.Length);
        ArrowArray[] columns = new ArrowArray[batch.ColumnCount];
        try
        {
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c] = Filter(batch.Column(c), selection, allocator);
            }
            return new RecordBatch(batch.Schema, columns, selected);
        }
        catch
        {
            DisposeAll(columns);
            throw;
        }
    }

    /// <summary>Returns <paramref name="arrays"/> (all of one type) one after another as a single array.</summary>
    /// <exception cref="ArgumentException">No arrays, or their types differ.</exception>
    public static ArrowArray Concatenate(IReadOnlyList<ArrowArray> arrays, ArrowAllocator? allocator = null)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Count == 0)
        {
            throw new ArgumentException("Nothing to concatenate.", nameof(arrays));
        }
        using ArrowArrayBuilder builder = ArrowArrayBuilder.Create(arrays[0].Type, allocator);
        foreach (ArrowArray array in arrays)
        {
            builder.AppendRangeFrom(array, 0, array.Length);
        }
        return builder.Build();
    }

    /// <summary>Returns <paramref name="batches"/> (all of one schema) one after another as a single batch.</summary>
    /// <exception cref="ArgumentException">No batches, or their schemas differ.</exception>
    public static RecordBatch Concatenate(IReadOnlyList<RecordBatch> batches, ArrowAllocator? allocator = null)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0)
        {
            throw new ArgumentException("Nothing to concatenate.", nameof(batches));
        }
        Schema schema = batches[0].Schema;
        long rows = 0;
        foreach (RecordBatch b in batches)
        {
            if (!b.Schema.Equals(schema))
            {
                throw new ArgumentException("Batches to concatenate must share one schema.", nameof(batches));
            }
            rows += b.Length;
        }
        ArrowArray[] columns = new ArrowArray[schema.Fields.Count];
        try
        {
            ArrowArray[] parts = new ArrowArray[batches.Count];
            for (int c = 0; c < columns.Length; c++)
            {
                for (int b = 0; b < parts.Length; b++)
                {
                    parts[b] = batches[b].Column(c);
                }
                columns[c] = Concatenate(parts, allocator);
            }
            return new RecordBatch(schema, columns, checked((int)rows));
        }
        catch
        {
            DisposeAll(columns);
            throw;
        }
    }

    private static void AppendSelected(ArrowArrayBuilder builder, ArrowArray source, ReadOnlySpan<byte> selection)
    {
        int length = source.Length;
        int i = 0;
        while (i < length)
        {
            while (i < length && !BitUtility.GetBit(selection, i))
            {
                i++;
            }
            int start = i;
            while (i < length && BitUtility.GetBit(selection, i))
            {
                i++;
            }
            if (i > start)
            {
                builder.AppendRangeFrom(source, start, i - start);
            }
        }
    }

    private static void CheckSelection(ReadOnlySpan<byte> selection, int length)
    {
        if ((long)selection.Length * 8 < length)
        {
            throw new ArgumentException($"The selection has {selection.Length * 8} bits; {length} are needed.", nameof(selection));
        }
    }

    private static void DisposeAll(ArrowArray?[] arrays)
    {
        foreach (ArrowArray? a in arrays)
        {
            a?.Dispose();
        }
    }
}
