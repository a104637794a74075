using System.Globalization;

namespace DeltaSharp.Actions;

/// <summary>
/// Where a data file's deletion vector lives (PROTOCOL.md "Deletion Vector Descriptor Schema"). Immutable.
/// </summary>
public sealed class DeletionVectorDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="storageType"><c>u</c> (relative path from a UUID), <c>i</c> (inline) or <c>p</c> (absolute path).</param>
    /// <param name="pathOrInlineDv">The encoded UUID with random prefix, the inline Z85 bitmap, or the absolute path.</param>
    /// <param name="offset">Byte offset of the DV in its file (on-disk storage only), or null.</param>
    /// <param name="sizeInBytes">Size of the serialized DV in bytes.</param>
    /// <param name="cardinality">Number of rows the DV deletes.</param>
    public DeletionVectorDescriptor(string storageType, string pathOrInlineDv, int? offset, int sizeInBytes, long cardinality)
    {
        StorageType = storageType;
        PathOrInlineDv = pathOrInlineDv;
        Offset = offset;
        SizeInBytes = sizeInBytes;
        Cardinality = cardinality;
        UniqueId = offset is int o
            ? storageType + pathOrInlineDv + "@" + o.ToString(CultureInfo.InvariantCulture)
            : storageType + pathOrInlineDv;
    }

    /// <summary>The storage type: <c>u</c>, <c>i</c> or <c>p</c>.</summary>
    public string StorageType { get; }

    /// <summary>The storage-type dependent location or inline content.</summary>
    public string PathOrInlineDv { get; }

    /// <summary>Byte offset within the DV file, or null (inline, or offset 0 omitted).</summary>
    public int? Offset { get; }

    /// <summary>Size of the serialized DV in bytes.</summary>
    public int SizeInBytes { get; }

    /// <summary>Number of deleted rows.</summary>
    public long Cardinality { get; }

    /// <summary>
    /// The DV's unique id: <c>storageType + pathOrInlineDv</c>, plus <c>@offset</c> when an offset is present
    /// (PROTOCOL.md "Derived Fields"). File actions are keyed by (path, unique id).
    /// </summary>
    public string UniqueId { get; }
}
