namespace DeltaSharp.State;

/// <summary>
/// Implemented by action sinks that keep add actions in a <see cref="FileTableBuilder"/>: the checkpoint reader then
/// appends a batch's adds column-wise into <see cref="FileBuilder"/> (skipping those <see cref="DecidedKeys"/>
/// decides) instead of creating an <see cref="Actions.AddFile"/> per row and calling <c>OnAdd</c>. Same threading
/// rules as the sink itself.
/// </summary>
internal interface IFileTableSink
{
    /// <summary>Where the sink's adds go, in delivery order; null when this sink takes <c>OnAdd</c> calls after all.</summary>
    FileTableBuilder? FileBuilder { get; }

    /// <summary>Keys decided by later commits (adds with such a key are dropped), or null.</summary>
    IDecidedFileKeys? DecidedKeys { get; }
}
