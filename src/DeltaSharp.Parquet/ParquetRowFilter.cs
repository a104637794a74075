using System;
using System.Collections.Generic;
using DeltaSharp.Arrow;

namespace DeltaSharp.Parquet;

/// <summary>
/// A row filter evaluated inside the <see cref="ParquetReader"/> (late materialisation): for each window of up to
/// <see cref="ParquetReaderOptions.BatchSize"/> rows the reader decodes only the columns the filter reads, calls
/// <see cref="Evaluate"/>, and decodes the other projected columns only when a row is selected, and then only the
/// stretches of rows around the selected ones (whole pages between them are stepped over without being
/// decompressed). A row group none of whose rows is selected has its other column chunks neither fetched nor decoded.
/// </summary>
/// <remarks>
/// <para>Contract: the batches the reader then returns hold exactly the selected rows of each window (every
/// projected column, row order kept; a window with no selected row produces no batch), so batch boundaries are the
/// windows' boundaries.</para>
/// <para>Threading: one instance per reader enumeration; the reader calls it from the enumerating thread only.</para>
/// </remarks>
public abstract class ParquetRowFilter
{
    /// <summary>Called once, when the reader opens, with the reader's projected schema
    /// (<see cref="ParquetReader.Schema"/>): returns the indexes (into its top-level fields) of the columns
    /// <see cref="Evaluate"/> needs, possibly none. Indexes out of range throw <see cref="ArgumentOutOfRangeException"/>
    /// from the reader; duplicates are ignored.</summary>
    public abstract IReadOnlyList<int> SelectColumns(Schema schema);

    /// <summary>
    /// Decides which rows of one window are kept: <paramref name="columns"/> holds the columns chosen by
    /// <see cref="SelectColumns"/> (in ascending index order, borrowed: valid only during the call) for the window's
    /// rows; <paramref name="firstRow"/> is the position in the file (counting every row group, skipped or not) of
    /// its first row. Set bit <c>i</c> (LSB first) of <paramref name="selection"/> to keep row <c>i</c>, clear it
    /// otherwise; the span holds exactly <c>ceil(columns.Length / 8)</c> bytes, and bits past the window are ignored.
    /// </summary>
    public abstract void Evaluate(RecordBatch columns, long firstRow, Span<byte> selection);
}
