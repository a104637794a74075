using System.Collections.Generic;
using DeltaSharp.Actions;
using DeltaSharp.Transactions;
using Xunit;

namespace DeltaSharp.Tests.Writing;

/// <summary>
/// The pure conflict rules (Spark Delta's ConflictChecker order and its WriteSerializable / Serializable
/// distinction), each exercised with fabricated winning commits, plus the non-conflicting cases that rebase.
/// </summary>
public sealed class ConflictCheckerTests
{
    private static WinningCommit Winner(bool blindAppend = false) => new() { Version = 5, IsBlindAppend = blindAppend };

    private static AddFile File(string path, string? part = null) =>
        new(path, part is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["p"] = part }, 10, 1, true, null, null, null, null, null);

    private static DeltaConflictKind? Kind(TransactionReadSet txn, WinningCommit winner) => ConflictChecker.Check(txn, winner)?.Kind;

    [Fact]
    public void BlindAppendRebasesOverAppendsRemovesAndOtherAppIds()
    {
        WinningCommit w = Winner();
        w.AddedDataFiles.Add(File("a.parquet"));
        w.RemovedPaths.Add("b.parquet");
        w.AppIds.Add("other-app");
        Assert.Null(Kind(new TransactionReadSet(), w));
        Assert.Null(Kind(new TransactionReadSet { IsolationLevel = DeltaIsolationLevel.Serializable }, w));
    }

    [Fact]
    public void ProtocolThenMetadataChangesConflictFirst()
    {
        WinningCommit both = Winner();
        both.ProtocolChanged = true;
        both.MetadataChanged = true;
        both.AddedDataFiles.Add(File("x.parquet"));
        Assert.Equal(DeltaConflictKind.ProtocolChanged, Kind(new TransactionReadSet(), both));

        WinningCommit metadata = Winner();
        metadata.MetadataChanged = true;
        Assert.Equal(DeltaConflictKind.MetadataChanged, Kind(new TransactionReadSet(), metadata));
    }

    [Fact]
    public void AddedFilesConflictWithWhatWasReadAccordingToTheIsolationLevel()
    {
        // A non-blind winner's adds conflict with a whole-table reader at both levels.
        WinningCommit rewrite = Winner(blindAppend: false);
        rewrite.AddedDataFiles.Add(File("new.parquet"));
        foreach (DeltaIsolationLevel level in new[] { DeltaIsolationLevel.WriteSerializable, DeltaIsolationLevel.Serializable })
        {
            Assert.Equal(DeltaConflictKind.ConcurrentAppend, Kind(new TransactionReadSet { IsolationLevel = level, ReadWholeTable = true }, rewrite));
        }

        // A blind append's adds: no conflict under WriteSerializable (it can be ordered after us) ...
        WinningCommit blind = Winner(blindAppend: true);
        blind.AddedDataFiles.Add(File("appended.parquet"));
        Assert.Null(Kind(new TransactionReadSet { ReadWholeTable = true }, blind));
        // ... but a conflict under Serializable, or when this transaction changes the metadata.
        Assert.Equal(DeltaConflictKind.ConcurrentAppend, Kind(new TransactionReadSet { IsolationLevel = DeltaIsolationLevel.Serializable, ReadWholeTable = true }, blind));
        Assert.Equal(DeltaConflictKind.ConcurrentAppend, Kind(new TransactionReadSet { ReadWholeTable = true, ChangesMetadata = true }, blind));

        // A predicate reader (replaceWhere) conflicts only with added files its predicate may match.
        WinningCommit partitioned = Winner();
        partitioned.AddedDataFiles.Add(File("p=2/f.parquet", "2"));
        var readsP1 = new TransactionReadSet { ReadPredicate = f => f.PartitionValues["p"] == "1", IsolationLevel = DeltaIsolationLevel.Serializable };
        Assert.Null(Kind(readsP1, partitioned));
        partitioned.AddedDataFiles.Add(File("p=1/g.parquet", "1"));
        (DeltaConflictKind Kind, string Detail) conflict = ConflictChecker.Check(readsP1, partitioned)!.Value;
        Assert.Equal(DeltaConflictKind.ConcurrentAppend, conflict.Kind);
        Assert.Contains("p=1/g.parquet", conflict.Detail, System.StringComparison.Ordinal);

        // Files added without dataChange (compaction) are not in AddedDataFiles at all: nothing to check.
        Assert.Null(Kind(new TransactionReadSet { ReadWholeTable = true }, Winner()));
    }

    [Fact]
    public void RemovedFilesConflictWithReadFilesThenWithRemovedFiles()
    {
        WinningCommit removed = Winner();
        removed.RemovedPaths.Add("old.parquet");

        // Read that file -> delete-read (checked before delete-delete, as Spark does).
        Assert.Equal(DeltaConflictKind.ConcurrentDeleteRead,
            Kind(new TransactionReadSet { ReadPaths = ["old.parquet"], RemovedPaths = ["old.parquet"] }, removed));
        // Read the whole table -> any removal is a delete-read.
        Assert.Equal(DeltaConflictKind.ConcurrentDeleteRead, Kind(new TransactionReadSet { ReadWholeTable = true }, removed));
        // Read other files only -> no conflict.
        Assert.Null(Kind(new TransactionReadSet { ReadPaths = ["other.parquet"], ReadPredicate = _ => false }, removed));
        // Removes the same file without having read it -> delete-delete.
        Assert.Equal(DeltaConflictKind.ConcurrentDeleteDelete, Kind(new TransactionReadSet { RemovedPaths = ["old.parquet"] }, removed));
    }

    [Fact]
    public void AppTransactionsAndDomainsConflictOnlyWhenShared()
    {
        WinningCommit txn = Winner();
        txn.AppIds.Add("job");
        Assert.Equal(DeltaConflictKind.ConcurrentTransaction, Kind(new TransactionReadSet { AppId = "job" }, txn));
        Assert.Null(Kind(new TransactionReadSet { AppId = "other" }, txn));

        WinningCommit domain = Winner();
        domain.Domains.Add("delta.clustering");
        Assert.Equal(DeltaConflictKind.ConcurrentDomainMetadata, Kind(new TransactionReadSet { Domains = ["delta.clustering"] }, domain));
        Assert.Null(Kind(new TransactionReadSet { Domains = ["other"] }, domain));
    }
}
