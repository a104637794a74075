using System.Collections.Generic;

namespace DeltaSharp.Actions;

/// <summary>The table's <c>metaData</c> action as written in the log. Immutable.</summary>
public sealed class DeltaMetadata
{
    /// <summary>Creates a metadata value.</summary>
    public DeltaMetadata(
        string id,
        string? name,
        string? description,
        string formatProvider,
        IReadOnlyDictionary<string, string> formatOptions,
        string schemaString,
        IReadOnlyList<string> partitionColumns,
        IReadOnlyDictionary<string, string?> configuration,
        long? createdTime)
    {
        Id = id;
        Name = name;
        Description = description;
        FormatProvider = formatProvider;
        FormatOptions = formatOptions;
        SchemaString = schemaString;
        PartitionColumns = partitionColumns;
        Configuration = configuration;
        CreatedTime = createdTime;
    }

    /// <summary>The table's unique id.</summary>
    public string Id { get; }

    /// <summary>User-given name, or null.</summary>
    public string? Name { get; }

    /// <summary>User-given description, or null.</summary>
    public string? Description { get; }

    /// <summary>The data file format provider (always <c>parquet</c> for Delta).</summary>
    public string FormatProvider { get; }

    /// <summary>The data file format options.</summary>
    public IReadOnlyDictionary<string, string> FormatOptions { get; }

    /// <summary>The table schema, serialized as Delta schema JSON.</summary>
    public string SchemaString { get; }

    /// <summary>The partition columns (logical names), in order.</summary>
    public IReadOnlyList<string> PartitionColumns { get; }

    /// <summary>The table properties (<c>configuration</c>); values may be null in logs written by some engines.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; }

    /// <summary>Creation time in milliseconds since the Unix epoch, or null.</summary>
    public long? CreatedTime { get; }
}
