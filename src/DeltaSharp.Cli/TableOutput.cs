using System;
using System.Collections.Generic;
using System.IO;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Formatting;

namespace DeltaSharp.Cli;

/// <summary>
/// The human <c>--format table</c> output: rows from every batch gathered into one text table (at most
/// <see cref="DefaultMaxRows"/> rows unless the user asked for a limit), so a multi-file table prints as one table.
/// Owns the batch slices it keeps; dispose it.
/// </summary>
internal sealed class TableOutput : IDisposable
{
    /// <summary>Rows shown when no <c>--limit</c> is given: the table format is for people, not for piping.</summary>
    public const int DefaultMaxRows = 1000;

    private readonly List<RecordBatch> kept = new();
    private readonly int maxRows;
    private long rows;
    private bool truncated;

    public TableOutput(long? limit) => maxRows = (int)Math.Min(limit ?? DefaultMaxRows, int.MaxValue);

    /// <summary>Keeps up to the remaining row budget of <paramref name="batch"/> (the caller still owns the batch).</summary>
    public void Add(RecordBatch batch)
    {
        long room = maxRows - rows;
        if (batch.Length > room)
        {
            truncated = true;
        }
        int count = (int)Math.Min(batch.Length, room);
        if (count > 0)
        {
            kept.Add(batch.Slice(0, count));
            rows += count;
        }
    }

    /// <summary>True once the row budget is used up (the caller can stop reading).</summary>
    public bool IsFull => rows >= maxRows;

    /// <summary>Writes the gathered rows as one table, and a note when rows were left out.</summary>
    public void WriteTo(TextWriter output)
    {
        if (kept.Count == 0)
        {
            output.WriteLine("(no rows)");
            return;
        }
        using RecordBatch all = kept.Count == 1 ? kept[0].Retain() : ArrayOperations.Concatenate(kept);
        TableFormatter.Write(output, all, maxRows: all.Length);
        if (truncated)
        {
            output.WriteLine($"(first {rows} rows shown; use --limit N, or --format jsonl|csv for all rows)");
        }
    }

    public void Dispose()
    {
        foreach (RecordBatch batch in kept)
        {
            batch.Dispose();
        }
        kept.Clear();
    }
}
