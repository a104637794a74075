using DeltaSharp.Transactions;
using Xunit;

namespace DeltaSharp.Tests.Writing;

/// <summary>The pure conflict rules, one per kind, and the non-conflicting cases that rebase.</summary>
public sealed class ConflictCheckerTests
{
    private static WinningCommit Winner() => new() { Version = 5 };

    [Fact]
    public void BlindAppendRebasesOverAppendsAndRemoves()
    {
        var append = new TransactionReadSet();
        WinningCommit w = Winner();
        w.AddedDataPaths.Add("a.parquet");
        w.RemovedPaths.Add("b.parquet");
        w.AppIds.Add("other-app");
        Assert.Null(ConflictChecker.Check(append, w));
    }

    [Fact]
    public void EachRuleReportsItsKind()
    {
        WinningCommit protocol = Winner();
        protocol.ProtocolChanged = true;
        protocol.MetadataChanged = true;
        Assert.Equal(DeltaConflictKind.ProtocolChanged, ConflictChecker.Check(new TransactionReadSet(), protocol)!.Value.Kind);

        WinningCommit metadata = Winner();
        metadata.MetadataChanged = true;
        Assert.Equal(DeltaConflictKind.MetadataChanged, ConflictChecker.Check(new TransactionReadSet(), metadata)!.Value.Kind);

        WinningCommit added = Winner();
        added.AddedDataPaths.Add("new.parquet");
        Assert.Equal(DeltaConflictKind.ConcurrentAppend, ConflictChecker.Check(new TransactionReadSet { ReadWholeTable = true }, added)!.Value.Kind);

        WinningCommit removed = Winner();
        removed.RemovedPaths.Add("old.parquet");
        Assert.Equal(DeltaConflictKind.ConcurrentDeleteRead, ConflictChecker.Check(new TransactionReadSet { ReadWholeTable = true }, removed)!.Value.Kind);
        Assert.Equal(DeltaConflictKind.ConcurrentDeleteDelete,
            ConflictChecker.Check(new TransactionReadSet { ReadWholeTable = true, RemovedPaths = ["old.parquet"] }, removed)!.Value.Kind);
        Assert.Equal(DeltaConflictKind.ConcurrentDeleteDelete,
            ConflictChecker.Check(new TransactionReadSet { RemovedPaths = ["old.parquet"] }, removed)!.Value.Kind);

        WinningCommit txn = Winner();
        txn.AppIds.Add("job");
        Assert.Equal(DeltaConflictKind.ConcurrentTransaction, ConflictChecker.Check(new TransactionReadSet { AppId = "job" }, txn)!.Value.Kind);

        WinningCommit domain = Winner();
        domain.Domains.Add("delta.clustering");
        Assert.Equal(DeltaConflictKind.ConcurrentDomainMetadata, ConflictChecker.Check(new TransactionReadSet { Domains = ["delta.clustering"] }, domain)!.Value.Kind);
        Assert.Null(ConflictChecker.Check(new TransactionReadSet { Domains = ["other"] }, domain));
    }
}
