using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary>
/// Writer processes killed with SIGKILL at named points (around the data file upload, the commit put-if-absent,
/// the checkpoint and <c>_last_checkpoint</c>) and at random moments, on local disk, on moto (S3) and on Azurite
/// (Azure Blob). After every kill the table must read correctly: versions contiguous, every commit object complete,
/// every write whole or absent, every write the probe reported as committed present; and the next writer must
/// commit normally. Orphaned data files (and, on the cloud stores, abandoned multipart/block uploads) are allowed.
/// The cloud stores are in their own classes (<see cref="CrashSafetyS3Tests"/>, <see cref="CrashSafetyAzureTests"/>)
/// so that xunit runs the three stores at once.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Rows = 50;

    public static TheoryData<string, int> CrashPoints => new()
    {
        { "data-before", 1 },
        { "data-during", 1 },
        { "data-after", 1 },
        { "commit-before", 1 },
        { "commit-during", 1 },
        { "commit-after", 1 },
        { "checkpoint-during", 0 },
        { "last-checkpoint-before", 0 },
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public Task AWriterKilledAtANamedPointLeavesAReadableTable(string point, int iteration) =>
        KilledAtANamedPointAsync("local", point, iteration);

    [Fact]
    public Task WritersKilledAtRandomMomentsLeaveAReadableTable() => KilledAtRandomMomentsAsync("local", kills: 20, seed: 20261122);

    /// <summary>Three writers in a row killed at <paramref name="point"/>, then a normal writer.</summary>
    internal static async Task KilledAtANamedPointAsync(string store, string point, int iteration)
    {
        await using ProbeTable table = await ProbeTable.OnAsync(store);
        await table.CreateAsync();
        var committed = new List<ProbeCommit>();
        // Three kills at the same point in a row (the checkpoint points are reached once per 10 commits).
        for (int writer = 1; writer <= 3; writer++)
        {
            ProbeResult crashed = await WriteProbe.RunAsync("write", table.Location, "--writer", writer.ToString(CultureInfo.InvariantCulture),
                "--count", "12", "--rows", Rows.ToString(CultureInfo.InvariantCulture), "--crash", $"{point}:{iteration}");
            Assert.True(crashed.ExitCode == WriteProbe.KilledExitCode, $"the probe was not killed at {point} on {store}: {crashed}");
            committed.AddRange(crashed.Commits);
            await AssertConsistentAsync(table, committed);
        }

        // The table stays writable after the crashes (a torn checkpoint or commit would break this load).
        ProbeResult next = await WriteProbe.RunAsync("write", table.Location, "--writer", "9", "--count", "2", "--rows", Rows.ToString(CultureInfo.InvariantCulture));
        Assert.True(next.ExitCode == 0, next.ToString());
        committed.AddRange(next.Commits);
        TableAudit audit = await AssertConsistentAsync(table, committed);
        Assert.True(audit.Writes.ContainsKey((9, 1)));
    }

    /// <summary><paramref name="kills"/> writers each killed after a random 0–700 ms of appending, then a normal writer.</summary>
    internal static async Task KilledAtRandomMomentsAsync(string store, int kills, int seed)
    {
        await using ProbeTable table = await ProbeTable.OnAsync(store);
        await table.CreateAsync();
        var committed = new List<ProbeCommit>();
        var random = new Random(seed);
        for (int writer = 1; writer <= kills; writer++)
        {
            using WriteProbe probe = WriteProbe.Start("write", table.Location, "--writer", writer.ToString(CultureInfo.InvariantCulture),
                "--count", "100000", "--rows", "2000");
            await probe.Ready;
            await Task.Delay(random.Next(0, 700), TestContext.Current.CancellationToken);
            probe.Kill();
            ProbeResult killed = await probe.WaitAsync();
            committed.AddRange(killed.Commits);
            await AssertConsistentAsync(table, committed, rows: 2000);
        }
        ProbeResult next = await WriteProbe.RunAsync("write", table.Location, "--writer", "99", "--rows", "2000");
        Assert.True(next.ExitCode == 0, next.ToString());
        committed.AddRange(next.Commits);
        await AssertConsistentAsync(table, committed, rows: 2000);
    }

    private static async Task<TableAudit> AssertConsistentAsync(ProbeTable table, List<ProbeCommit> committed, int rows = Rows)
    {
        TableAudit audit = await TableAudit.RunAsync(table, rows);
        Assert.Equal(audit.LatestVersion, audit.WriteCommits);
        Assert.Equal(audit.WriteCommits, audit.Writes.Count);
        foreach (ProbeCommit commit in committed)
        {
            Assert.True(audit.Writes.ContainsKey((commit.Writer, commit.Iteration)), $"reported commit {commit} is missing");
            Assert.Equal(TableAudit.FirstId(commit.Writer, commit.Iteration, rows), audit.MinIdAddedAt[commit.Version]);
        }
        return audit;
    }
}
