using System.Collections.Generic;

namespace DeltaSharp;

/// <summary>Options of a table scan (<see cref="DeltaSnapshot.ReadAsync"/>). Immutable after construction.</summary>
public sealed class DeltaScanOptions
{
    /// <summary>The default options: every column, 64 Ki rows per batch at most.</summary>
    public static DeltaScanOptions Default { get; } = new();

    /// <summary>Top-level logical column names to read, in output order; null = every column in schema order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Maximum rows per batch read from a data file (default 65,536). Deletion vectors may split a batch
    /// into smaller ones.</summary>
    public int BatchSize { get; init; } = 64 * 1024;
}
