using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary>
/// Two writer processes that loaded the same snapshot (they wait on a gate file after loading it) race to commit;
/// one commit put is delayed so that the winner is known. The outcomes follow Spark's conflict rules: an overwrite
/// read the whole table, so under Serializable it fails against a concurrent append (ConcurrentAppend), while under
/// WriteSerializable (default) it is ordered before a concurrent blind append; a blind append rebases over a
/// concurrent overwrite; two transactions removing the same files: the loser fails (ConcurrentDeleteRead, as it read
/// them — Spark's order); the same application transaction (appId + version) commits once.
/// </summary>
public sealed class ConcurrentRaceTests
{
    private const int Rows = 10;
    private const string Delay = "3000";

    private static async Task<ProbeTable> TableWithOneAppendAsync()
    {
        ProbeTable table = ProbeTable.Local();
        await table.CreateAsync();
        ProbeResult first = await WriteProbe.RunAsync("write", table.Location, "--writer", "0", "--rows", "10");
        Assert.True(first.ExitCode == 0, first.ToString());
        return table;
    }

    /// <summary>Starts both probes, waits until both loaded their snapshot, opens the gate, and waits for both.</summary>
    private static async Task<(ProbeResult First, ProbeResult Second)> RaceAsync(ProbeTable table, string[] first, string[] second)
    {
        string gate = Path.Combine(Path.GetTempPath(), "deltasharp-gate-" + System.Guid.NewGuid().ToString("N"));
        using WriteProbe a = WriteProbe.Start(["write", table.Location, "--gate", gate, .. first]);
        using WriteProbe b = WriteProbe.Start(["write", table.Location, "--gate", gate, .. second]);
        await Task.WhenAll(a.Ready, b.Ready);
        await File.WriteAllTextAsync(gate, "go", TestContext.Current.CancellationToken);
        try
        {
            ProbeResult[] results = await Task.WhenAll(a.WaitAsync(), b.WaitAsync());
            return (results[0], results[1]);
        }
        finally
        {
            File.Delete(gate);
        }
    }

    [Fact]
    public async Task UnderSerializableAnOverwriteFailsAgainstAConcurrentAppendThatCommittedFirst()
    {
        await using ProbeTable table = await TableWithOneAppendAsync();
        (ProbeResult overwrite, ProbeResult append) = await RaceAsync(table,
            ["--writer", "1", "--rows", "10", "--mode", "overwrite", "--isolation", "serializable", "--commit-delay-ms", Delay],
            ["--writer", "2", "--rows", "10"]);

        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.Equal(2, append.Commits.Single().Version);
        Assert.True(overwrite.ExitCode == 3, overwrite.ToString());
        ProbeConflict conflict = overwrite.Conflicts.Single();
        Assert.Equal("ConcurrentAppend", conflict.Kind);
        Assert.Equal(2, conflict.WinningVersion);

        TableAudit audit = await TableAudit.RunAsync(table, Rows);
        Assert.Equal(2, audit.LatestVersion);
        Assert.Equal([(0, 0), (2, 0)], audit.Writes.Keys.Order().ToArray());
    }

    [Fact]
    public async Task UnderWriteSerializableAnOverwriteIsOrderedBeforeAConcurrentBlindAppend()
    {
        // WriteSerializable (the default): a winning blind append may be serialised after the overwrite, so the
        // overwrite rebases; it removes only the files it read (writer 0's) and the append's rows stay.
        await using ProbeTable table = await TableWithOneAppendAsync();
        (ProbeResult overwrite, ProbeResult append) = await RaceAsync(table,
            ["--writer", "1", "--rows", "10", "--mode", "overwrite", "--commit-delay-ms", Delay],
            ["--writer", "2", "--rows", "10"]);

        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.Equal(2, append.Commits.Single().Version);
        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        Assert.Equal(3, overwrite.Commits.Single().Version);
        Assert.Equal(2, overwrite.Commits.Single().Attempts);

        TableAudit audit = await TableAudit.RunAsync(table, Rows);
        Assert.Equal(3, audit.LatestVersion);
        Assert.Equal([(1, 0), (2, 0)], audit.Writes.Keys.Order().ToArray());
    }

    [Fact]
    public async Task AppendRebasesOverAConcurrentOverwriteThatCommittedFirst()
    {
        await using ProbeTable table = await TableWithOneAppendAsync();
        (ProbeResult overwrite, ProbeResult append) = await RaceAsync(table,
            ["--writer", "1", "--rows", "10", "--mode", "overwrite"],
            ["--writer", "2", "--rows", "10", "--commit-delay-ms", Delay]);

        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
        Assert.Equal(2, overwrite.Commits.Single().Version);
        Assert.True(append.ExitCode == 0, append.ToString());
        Assert.Equal(3, append.Commits.Single().Version);
        Assert.Equal(2, append.Commits.Single().Attempts);

        // The overwrite removed writer 0's file; the blind append keeps its rows on top.
        TableAudit audit = await TableAudit.RunAsync(table, Rows);
        Assert.Equal(3, audit.LatestVersion);
        Assert.Equal([(1, 0), (2, 0)], audit.Writes.Keys.Order().ToArray());
    }

    [Fact]
    public async Task TwoTransactionsRemovingTheSameFilesTheLoserFails()
    {
        await using ProbeTable table = await TableWithOneAppendAsync();
        // --empty overwrite = remove every file and add none (a truncate).
        (ProbeResult winner, ProbeResult loser) = await RaceAsync(table,
            ["--writer", "1", "--mode", "overwrite", "--empty"],
            ["--writer", "2", "--mode", "overwrite", "--empty", "--commit-delay-ms", Delay]);

        Assert.True(winner.ExitCode == 0, winner.ToString());
        Assert.Equal(2, winner.Commits.Single().Version);
        Assert.True(loser.ExitCode == 3, loser.ToString());
        ProbeConflict conflict = loser.Conflicts.Single();
        // Spark's order checks "removed files this transaction read" before "removed files it also removes"; a
        // truncate read every file, so the kind is ConcurrentDeleteRead (as Spark's ConcurrentDeleteReadException).
        Assert.Equal("ConcurrentDeleteRead", conflict.Kind);
        Assert.Equal(2, conflict.WinningVersion);

        TableAudit audit = await TableAudit.RunAsync(table, Rows);
        Assert.Equal(2, audit.LatestVersion);
        Assert.Empty(audit.Writes);
    }

    [Fact]
    public async Task TheSameApplicationTransactionFromTwoProcessesCommitsOnce()
    {
        await using ProbeTable table = await TableWithOneAppendAsync();
        (ProbeResult first, ProbeResult second) = await RaceAsync(table,
            ["--writer", "1", "--rows", "10", "--app-id", "etl-job", "--app-version", "7"],
            ["--writer", "2", "--rows", "10", "--app-id", "etl-job", "--app-version", "7", "--commit-delay-ms", Delay]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(2, first.Commits.Single().Version);
        Assert.True(second.ExitCode == 3, second.ToString());
        ProbeConflict conflict = second.Conflicts.Single();
        Assert.Equal("ConcurrentTransaction", conflict.Kind);
        Assert.Equal(2, conflict.WinningVersion);

        // The job retried later (fresh process, same appId + version) is skipped, not committed again.
        ProbeResult retry = await WriteProbe.RunAsync("write", table.Location, "--writer", "2", "--rows", "10", "--app-id", "etl-job", "--app-version", "7");
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.True(retry.Commits.Single().Skipped);

        TableAudit audit = await TableAudit.RunAsync(table, Rows);
        Assert.Equal(2, audit.LatestVersion);
        Assert.Equal([(0, 0), (1, 0)], audit.Writes.Keys.Order().ToArray());
    }

    [Fact]
    public async Task TheSameApplicationTransactionRacedFreelyCommitsExactlyOnce()
    {
        await using ProbeTable table = await TableWithOneAppendAsync();
        (ProbeResult a, ProbeResult b) = await RaceAsync(table,
            ["--writer", "1", "--rows", "10", "--app-id", "etl-job", "--app-version", "1"],
            ["--writer", "2", "--rows", "10", "--app-id", "etl-job", "--app-version", "1"]);

        Assert.Equal(1, a.Commits.Count(c => !c.Skipped) + b.Commits.Count(c => !c.Skipped));
        Assert.Equal(1, a.Conflicts.Count + b.Conflicts.Count);
        TableAudit audit = await TableAudit.RunAsync(table, Rows);
        Assert.Equal(2, audit.LatestVersion);
        Assert.Equal(2, audit.Writes.Count);
    }
}
