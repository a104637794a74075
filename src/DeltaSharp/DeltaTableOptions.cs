using DeltaSharp.Arrow.Memory;
using DeltaSharp.Storage;

namespace DeltaSharp;

/// <summary>
/// Options for opening a Delta table. Immutable after construction (init-only properties); one instance may be
/// shared by any number of tables and threads.
/// </summary>
public sealed class DeltaTableOptions
{
    /// <summary>The default options.</summary>
    public static DeltaTableOptions Default { get; } = new();

    /// <summary>
    /// How locations are turned into object stores (schemes, credentials, in-memory stores). Null = a fresh
    /// <see cref="ObjectStoreOptions"/> (local paths, <c>file://</c>, <c>memory://</c>).
    /// </summary>
    public ObjectStoreOptions? Storage { get; init; }

    /// <summary>
    /// The allocator of every Arrow buffer read for this table (checkpoints, data files); null = the shared default
    /// native allocator.
    /// </summary>
    public ArrowAllocator? Allocator { get; init; }

    /// <summary>
    /// Whether snapshots keep each file's <c>stats</c> JSON (used for data skipping and returned by
    /// <see cref="Actions.AddFile.StatsJson"/>). Default true. False saves memory on tables with many files.
    /// </summary>
    public bool IncludeFileStatistics { get; init; } = true;

    /// <summary>
    /// Catalog-managed tables (reader feature <c>catalogManaged</c> / <c>catalogOwned-preview</c>) have their latest
    /// state in a catalog, which DeltaSharp cannot contact. By default opening the latest version of such a table
    /// fails; set this to read the latest version published to <c>_delta_log</c> instead (possibly behind the
    /// catalog). Reading an explicit version is always allowed.
    /// </summary>
    public bool AllowPublishedCatalogManagedLog { get; init; }
}
