namespace DeltaSharp.Transactions;

/// <summary>
/// Decides whether a transaction can be rebased over a concurrent (winning) commit, following Spark's
/// ConflictChecker order: protocol, metadata, files added that this transaction read, files it read that were
/// removed, delete-delete, application transactions, domain metadata. Returns the conflict as a value (null =
/// no conflict: rebase and retry). Pure.
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
        if (transaction.ReadWholeTable && winner.AddedDataPaths.Count > 0)
        {
            return (DeltaConflictKind.ConcurrentAppend, $"Files were added concurrently, e.g. '{winner.AddedDataPaths[0]}'.");
        }
        if (transaction.ReadWholeTable && winner.RemovedPaths.Count > 0)
        {
            foreach (string path in winner.RemovedPaths)
            {
                if (transaction.RemovedPaths.Contains(path))
                {
                    return (DeltaConflictKind.ConcurrentDeleteDelete, $"File '{path}' was removed concurrently.");
                }
            }
            return (DeltaConflictKind.ConcurrentDeleteRead, $"File '{winner.RemovedPaths[0]}', which this transaction read, was removed concurrently.");
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
