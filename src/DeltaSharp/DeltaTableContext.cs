using DeltaSharp.Actions;
using DeltaSharp.Checkpoints;
using DeltaSharp.Storage;

namespace DeltaSharp;

/// <summary>What every snapshot of one opened table shares: the store, the location and the options, and the
/// resolution of file paths (with the stores opened for files outside the table root).</summary>
internal sealed class DeltaTableContext
{
    /// <param name="store">The store rooted at the table root.</param>
    /// <param name="location">The table location as given when opening.</param>
    /// <param name="options">The table options.</param>
    /// <param name="storage">The storage options <paramref name="store"/> came from, used to open stores for files
    /// outside the table root (the defaults when the caller gave the store).</param>
    /// <param name="checkpointReader">Reads Parquet checkpoints; null while none is available.</param>
    public DeltaTableContext(IObjectStore store, string location, DeltaTableOptions options, ObjectStoreOptions storage, ICheckpointFileReader? checkpointReader)
    {
        Store = store;
        Location = location;
        Options = options;
        CheckpointReader = checkpointReader;
        Paths = new TablePaths(store, location, storage);
    }

    public IObjectStore Store { get; }

    public string Location { get; }

    public DeltaTableOptions Options { get; }

    /// <summary>Reads Parquet checkpoints and sidecars; null while no Parquet reader is available.</summary>
    public ICheckpointFileReader? CheckpointReader { get; }

    /// <summary>Where each file of the log is read from; owns the stores opened for files outside the table root
    /// (disposed with the table).</summary>
    public TablePaths Paths { get; }
}
