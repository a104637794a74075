namespace DeltaSharp.Transactions;

/// <summary>Why a concurrent commit prevents this transaction from committing (Spark's conflict rules).</summary>
public enum DeltaConflictKind
{
    /// <summary>The winning commit changed the protocol.</summary>
    ProtocolChanged,

    /// <summary>The winning commit changed the table metadata (schema, partitioning, properties).</summary>
    MetadataChanged,

    /// <summary>The winning commit added data files that this transaction read (e.g. an overwrite read the whole table).</summary>
    ConcurrentAppend,

    /// <summary>The winning commit removed files that this transaction read.</summary>
    ConcurrentDeleteRead,

    /// <summary>The winning commit removed files that this transaction also removes.</summary>
    ConcurrentDeleteDelete,

    /// <summary>The winning commit used the same application transaction id (idempotent writes).</summary>
    ConcurrentTransaction,

    /// <summary>The winning commit changed a metadata domain this transaction also changes.</summary>
    ConcurrentDomainMetadata,
}
