using DeltaSharp.Checkpoints;
using DeltaSharp.Storage;

namespace DeltaSharp;

/// <summary>What every snapshot of one opened table shares: the store, the location and the options.</summary>
internal sealed class DeltaTableContext
{
    public DeltaTableContext(IObjectStore store, string location, DeltaTableOptions options, ICheckpointFileReader? checkpointReader)
    {
        Store = store;
        Location = location;
        Options = options;
        CheckpointReader = checkpointReader;
    }

    public IObjectStore Store { get; }

    public string Location { get; }

    public DeltaTableOptions Options { get; }

    /// <summary>Reads Parquet checkpoints and sidecars; null while no Parquet reader is available.</summary>
    public ICheckpointFileReader? CheckpointReader { get; }
}
