namespace DeltaSharp.Actions;

/// <summary>A <c>sidecar</c> action of a V2 checkpoint: a Parquet file in <c>_delta_log/_sidecars/</c> holding file actions.</summary>
/// <param name="Path">The sidecar's path (relative to <c>_delta_log/_sidecars/</c> unless absolute).</param>
/// <param name="SizeInBytes">Size in bytes.</param>
/// <param name="ModificationTime">Modification time in milliseconds since the Unix epoch.</param>
internal sealed record SidecarFile(string Path, long SizeInBytes, long ModificationTime);
