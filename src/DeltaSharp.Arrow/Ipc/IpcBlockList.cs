using System.Collections.Generic;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>The File.fbs Block entries (message offset, metadata length, body length) a file writer collects.</summary>
internal sealed class IpcBlockList
{
    public List<long> Offsets { get; } = new();

    public List<int> MetadataLengths { get; } = new();

    public List<long> BodyLengths { get; } = new();

    public int Count => Offsets.Count;

    public void Add(long offset, int metadataLength, long bodyLength)
    {
        Offsets.Add(offset);
        MetadataLengths.Add(metadataLength);
        BodyLengths.Add(bodyLength);
    }
}
