using System;
using System.Collections.Generic;
using DeltaSharp.Arrow.Memory;

namespace DeltaSharp.Parquet;

/// <summary>Options of a <see cref="ParquetReader"/>. Immutable once passed to the reader (do not mutate while a
/// read is in progress).</summary>
public sealed class ParquetReaderOptions
{
    /// <summary>Allocator of every Arrow buffer the reader produces; null = <see cref="ArrowAllocator.Default"/>.</summary>
    public ArrowAllocator? Allocator { get; init; }

    /// <summary>Maximum rows per produced batch (default 65,536). Batches never span row groups.</summary>
    public int BatchSize { get; init; } = 64 * 1024;

    /// <summary>Columns to read, in the order wanted; null = all. Each entry is a top-level column name or a dotted
    /// path into struct fields (<c>a.b.c</c>; through a list of structs the path continues into the element struct,
    /// e.g. <c>items.price</c>): the top-level column is then returned pruned to the selected fields (kept in schema
    /// order, each struct level keeping its own validity), and only the selected leaves are fetched and decoded.
    /// Paths under one column merge; a whole-column entry wins. An exact top-level name wins over a dotted path. A
    /// top-level name without an exact match selects the only column whose name matches ignoring case, if one does.
    /// Names and paths not in the file are ignored (inspect <see cref="ParquetReader.Schema"/> to see which were
    /// found).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Top-level columns to read, by Parquet field id, in the order wanted; null = no id projection. Ids not
    /// in the file are ignored. When both <see cref="Columns"/> and this are set, a column is read if either matches.</summary>
    public IReadOnlyList<int>? FieldIds { get; init; }

    /// <summary>Fields of projected struct columns to leave out, as dotted paths from the top-level column through
    /// struct fields only (e.g. <c>add.stats</c>); null = none. A struct keeps its other fields (and its own
    /// validity); a path that names no struct field, or every field of its struct, is ignored. Their column chunks
    /// are neither fetched nor decoded.</summary>
    public IReadOnlyList<string>? SkippedFields { get; init; }

    /// <summary>Row groups to read (zero-based), in the order given; null = all.</summary>
    public IReadOnlyList<int>? RowGroups { get; init; }

    /// <summary>Called once per selected row group before its data is fetched; return false to skip it. Use the
    /// statistics on <see cref="ParquetRowGroupInfo"/> for pruning.</summary>
    public Func<ParquetRowGroupInfo, bool>? RowGroupFilter { get; init; }

    /// <summary>
    /// Also apply <see cref="RowGroupFilter"/> to the pages of each row group it keeps, using the file's page index
    /// (ColumnIndex/OffsetIndex) of the columns the filter looked at (default false). The row group is cut into row
    /// ranges at those columns' page boundaries; the filter sees each range with the statistics of the pages covering
    /// it, and ranges it rejects are not returned: their pages are skipped without being decompressed (for every
    /// projected column that has an offset index) and the rows of partly covered pages are dropped after decoding.
    /// Batches then hold only the kept rows (never spanning a skipped range), so row positions within the row group
    /// are not preserved: leave this off when rows are addressed by position (e.g. deletion vectors). Columns
    /// without a page index, or with an inconsistent one, are treated as one page covering the row group.
    /// </summary>
    public bool UsePageIndex { get; init; }

    /// <summary>
    /// A filter evaluated per window of rows before the other columns are decoded (late materialisation; see
    /// <see cref="ParquetRowFilter"/>); null = every row is returned. With a filter, <see cref="ParquetReader.ReadAsync"/>
    /// returns only the selected rows (no empty batches) and fetches a row group's other column chunks only once one
    /// of its rows is selected. <see cref="ParquetReader.ReadRowGroupAsync(int, System.Threading.CancellationToken)"/> ignores it. A fresh instance per
    /// enumeration is expected (the reader calls it from the enumerating thread).
    /// </summary>
    public ParquetRowFilter? RowFilter { get; init; }

    /// <summary>Verify page CRCs when present (default true); a mismatch throws <see cref="ParquetFormatException"/>.</summary>
    public bool VerifyChecksums { get; init; } = true;
}
