namespace DeltaSharp.Arrow.Ipc;

/// <summary>A File.fbs Block: where a message starts, its metadata length (prefix included) and body length.</summary>
internal readonly record struct IpcBlock(long Offset, int MetadataLength, long BodyLength);
