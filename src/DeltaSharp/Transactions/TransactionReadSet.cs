using System.Collections.Generic;

namespace DeltaSharp.Transactions;

/// <summary>What a transaction read and changes, for conflict checks against concurrent commits.</summary>
internal sealed class TransactionReadSet
{
    /// <summary>True when the transaction depends on every file of the table (overwrite); false for a blind append.</summary>
    public bool ReadWholeTable { get; init; }

    /// <summary>Paths (as written in actions) of files this transaction removes.</summary>
    public HashSet<string> RemovedPaths { get; init; } = [];

    /// <summary>Application transaction id this commit records, if any.</summary>
    public string? AppId { get; init; }

    /// <summary>Metadata domains this transaction changes.</summary>
    public HashSet<string> Domains { get; init; } = [];

    /// <summary>True when this transaction changes metadata or protocol.</summary>
    public bool ChangesMetadata { get; init; }
}
