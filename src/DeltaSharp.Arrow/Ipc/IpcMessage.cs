using System.Collections.Generic;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>A decoded Message table (metadata only; the body is handled by the caller).</summary>
internal sealed class IpcMessage
{
    public IpcMessage(byte headerType, long bodyLength, short version)
    {
        HeaderType = headerType;
        BodyLength = bodyLength;
        Version = version;
    }

    public byte HeaderType { get; }

    public long BodyLength { get; }

    public short Version { get; }

    /// <summary>Set for Schema messages.</summary>
    public IpcSchemaInfo? Schema { get; init; }

    /// <summary>Set for RecordBatch messages, and for the data of DictionaryBatch messages.</summary>
    public RecordBatchMetadata? Batch { get; init; }

    /// <summary>DictionaryBatch: the dictionary id.</summary>
    public long DictionaryId { get; init; }

    /// <summary>DictionaryBatch: true when the batch appends to the existing dictionary.</summary>
    public bool IsDelta { get; init; }

    /// <summary>Message-level custom metadata, if any.</summary>
    public List<KeyValuePair<string, string>>? Metadata { get; init; }
}
