using System.Collections.Generic;

namespace DeltaSharp.Writing;

/// <summary>Options of <c>DeltaTableWriter.CreateTableAsync</c>. Immutable; safe to share.</summary>
public sealed class DeltaCreateTableOptions
{
    /// <summary>Partition columns (top-level primitive columns of the schema), in directory order.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    /// <summary>Table properties (the metadata <c>configuration</c>), e.g. <c>delta.appendOnly</c>.</summary>
    public IReadOnlyDictionary<string, string?> Properties { get; init; } = new Dictionary<string, string?>();

    /// <summary>Optional table name.</summary>
    public string? Name { get; init; }

    /// <summary>Optional table description.</summary>
    public string? Description { get; init; }
}
