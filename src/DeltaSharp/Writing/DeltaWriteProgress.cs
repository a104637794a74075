namespace DeltaSharp.Writing;

/// <summary>A progress report of a running write (<see cref="DeltaWriteOptions.Progress"/>): rows accepted so far,
/// and the data files (count, bytes) already uploaded. Immutable.</summary>
/// <param name="Rows">Rows accepted into data files so far.</param>
/// <param name="FilesWritten">Data files finished and uploaded so far.</param>
/// <param name="BytesWritten">Bytes of the data files uploaded so far.</param>
public readonly record struct DeltaWriteProgress(long Rows, int FilesWritten, long BytesWritten);
