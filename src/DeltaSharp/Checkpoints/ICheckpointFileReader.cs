using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Storage;

namespace DeltaSharp.Checkpoints;

/// <summary>
/// The seam to the Parquet layer for the log: reads the actions of a Parquet checkpoint (classic, a multi-part
/// part, a UUID-named V2 checkpoint) or a V2 sidecar into a sink, batch by batch, projecting only the action
/// columns the sink needs. Implementations never materialise the whole file.
/// </summary>
internal interface ICheckpointFileReader
{
    /// <summary>Reads every action of the Parquet file <paramref name="path"/> into <paramref name="sink"/>.</summary>
    /// <exception cref="DeltaLogCorruptException">The file is not a readable checkpoint (names file and version).</exception>
    ValueTask ReadAsync(IObjectStore store, string path, long version, PartitionValueInterner interner, ActionSink sink, CancellationToken cancellationToken);
}
