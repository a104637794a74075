using System;
using System.Collections.Generic;
using DeltaSharp.Actions;

namespace DeltaSharp.Transactions;

/// <summary>What a transaction read and changes, for conflict checks against concurrent commits (pure data).</summary>
internal sealed class TransactionReadSet
{
    /// <summary>The isolation level the transaction runs at.</summary>
    public DeltaIsolationLevel IsolationLevel { get; init; } = DeltaIsolationLevel.WriteSerializable;

    /// <summary>True when the transaction depends on every file of the table (overwrite, schema change).</summary>
    public bool ReadWholeTable { get; init; }

    /// <summary>The transaction's read predicate for files added concurrently: true when a file (by its partition
    /// values and statistics) may hold rows the transaction read. Null = reads nothing (a blind append), unless
    /// <see cref="ReadWholeTable"/>.</summary>
    public Func<AddFile, bool>? ReadPredicate { get; init; }

    /// <summary>Paths (as written in actions) of the snapshot files the transaction read.</summary>
    public HashSet<string> ReadPaths { get; init; } = [];

    /// <summary>Paths (as written in actions) of files this transaction removes.</summary>
    public HashSet<string> RemovedPaths { get; init; } = [];

    /// <summary>Application transaction id this commit records, if any.</summary>
    public string? AppId { get; init; }

    /// <summary>Metadata domains this transaction changes.</summary>
    public HashSet<string> Domains { get; init; } = [];

    /// <summary>True when this transaction changes metadata or protocol.</summary>
    public bool ChangesMetadata { get; init; }
}
