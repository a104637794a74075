namespace DeltaSharp.Arrow.Ipc.FlatBuffers;

/// <summary>A verified vector inside a flatbuffer: where its elements start, how many, and their size.</summary>
internal readonly record struct FlatBufferVector(int Start, int Count, int ElementSize);
