using System.Collections.Generic;

namespace DeltaSharp.TestSupport.DuckDb;

/// <summary>The rows of a DuckDB query: column names, and per row each value as DuckDB's text rendering or null.</summary>
/// <param name="ColumnNames">Column names in result order.</param>
/// <param name="Rows">Rows in result order.</param>
public sealed record DuckDbResult(IReadOnlyList<string> ColumnNames, IReadOnlyList<string?[]> Rows);
