namespace DeltaSharp.Transactions;

/// <summary>
/// Decides whether a transaction can be rebased over a concurrent (winning) commit, following Spark Delta's
/// ConflictChecker, in its order:
/// <list type="number">
/// <item>the winner changed the protocol → <see cref="DeltaConflictKind.ProtocolChanged"/>;</item>
/// <item>the winner changed the metadata → <see cref="DeltaConflictKind.MetadataChanged"/>;</item>
/// <item>the winner added data files (dataChange=true) that this transaction's read predicate matches →
/// <see cref="DeltaConflictKind.ConcurrentAppend"/>. Files of a winning blind append count only at
/// <see cref="DeltaIsolationLevel.Serializable"/>, or when this transaction changes the metadata (under
/// <see cref="DeltaIsolationLevel.WriteSerializable"/> a blind append may be ordered after this transaction);</item>
/// <item>the winner removed a file this transaction read, or any file when it read the whole table →
/// <see cref="DeltaConflictKind.ConcurrentDeleteRead"/>;</item>
/// <item>the winner removed a file this transaction also removes → <see cref="DeltaConflictKind.ConcurrentDeleteDelete"/>;</item>
/// <item>the winner recorded this transaction's application id → <see cref="DeltaConflictKind.ConcurrentTransaction"/>;</item>
/// <item>the winner changed a metadata domain this transaction changes → <see cref="DeltaConflictKind.ConcurrentDomainMetadata"/>.</item>
/// </list>
/// Returns the conflict as a value (null = no conflict: rebase and retry). Pure.
/// </summary>
internal static class ConflictChecker
{
    public static (DeltaConflictKind Kind, string Detail)? Check(TransactionReadSet transaction, WinningCommit winner)
    {
        if (winner.ProtocolChanged)
        {
            return (DeltaConflictKind.ProtocolChanged, "The protocol changed concurrently.");
        }
        if (winner.MetadataChanged)
        {
            return (DeltaConflictKind.MetadataChanged, "The table metadata changed concurrently.");
        }
        bool checkAdds = !winner.IsBlindAppend || transaction.IsolationLevel == DeltaIsolationLevel.Serializable || transaction.ChangesMetadata;
        if (checkAdds && (transaction.ReadWholeTable || transaction.ReadPredicate is not null))
        {
            foreach (Actions.AddFile add in winner.AddedDataFiles)
            {
                if (transaction.ReadWholeTable || transaction.ReadPredicate!(add))
                {
                    string why = winner.IsBlindAppend ? $" by a blind append ({transaction.IsolationLevel} isolation)" : string.Empty;
                    return (DeltaConflictKind.ConcurrentAppend, $"File '{add.Path}', which matches what this transaction read, was added concurrently{why}.");
                }
            }
        }
        foreach (string path in winner.RemovedPaths)
        {
            if (transaction.ReadPaths.Contains(path))
            {
                return (DeltaConflictKind.ConcurrentDeleteRead, $"File '{path}', which this transaction read, was removed concurrently.");
            }
        }
        if (transaction.ReadWholeTable && winner.RemovedPaths.Count > 0)
        {
            return (DeltaConflictKind.ConcurrentDeleteRead, $"File '{winner.RemovedPaths[0]}' was removed concurrently while this transaction read the whole table.");
        }
        foreach (string path in winner.RemovedPaths)
        {
            if (transaction.RemovedPaths.Contains(path))
            {
                return (DeltaConflictKind.ConcurrentDeleteDelete, $"File '{path}' was removed concurrently.");
            }
        }
        if (transaction.AppId is { } appId && winner.AppIds.Contains(appId))
        {
            return (DeltaConflictKind.ConcurrentTransaction, $"Application transaction '{appId}' committed concurrently.");
        }
        foreach (string domain in transaction.Domains)
        {
            if (winner.Domains.Contains(domain))
            {
                return (DeltaConflictKind.ConcurrentDomainMetadata, $"Domain '{domain}' changed concurrently.");
            }
        }
        return null;
    }
}
