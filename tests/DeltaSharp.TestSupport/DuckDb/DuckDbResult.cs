using System.Collections;
using System.Collections.Generic;

namespace DeltaSharp.TestSupport.DuckDb;

/// <summary>
/// The rows of a DuckDB query: column names, and per row each value as DuckDB's text rendering or null.
/// The result is itself the read-only list of its rows.
/// </summary>
/// <param name="ColumnNames">Column names in result order.</param>
/// <param name="Rows">Rows in result order.</param>
public sealed record DuckDbResult(IReadOnlyList<string> ColumnNames, IReadOnlyList<string?[]> Rows) : IReadOnlyList<string?[]>
{
    /// <inheritdoc />
    public int Count => Rows.Count;

    /// <inheritdoc />
    public string?[] this[int index] => Rows[index];

    /// <inheritdoc />
    public IEnumerator<string?[]> GetEnumerator() => Rows.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
