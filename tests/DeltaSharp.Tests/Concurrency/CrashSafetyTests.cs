using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Xunit;

namespace DeltaSharp.Tests.Concurrency;

/// <summary>
/// Writer processes killed with SIGKILL at named points (around the data file upload, the commit put-if-absent,
/// the checkpoint and <c>_last_checkpoint</c>) and at random moments. After every kill the table must read
/// correctly: versions contiguous, every commit object complete, every write whole or absent, every write the
/// probe reported as committed present; and the next writer must commit normally. Orphaned data files are allowed.
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
    public async Task AWriterKilledAtANamedPointLeavesAReadableTable(string point, int iteration)
    {
        await using ProbeTable table = ProbeTable.Local();
        await table.CreateAsync();
        var committed = new List<ProbeCommit>();
        // Three kills at the same point in a row (the checkpoint points are reached once per 10 commits).
        for (int writer = 1; writer <= 3; writer++)
        {
            ProbeResult crashed = await WriteProbe.RunAsync("write", table.Location, "--writer", writer.ToString(CultureInfo.InvariantCulture),
                "--count", "12", "--rows", Rows.ToString(CultureInfo.InvariantCulture), "--crash", $"{point}:{iteration}");
            Assert.True(crashed.ExitCode == WriteProbe.KilledExitCode, $"the probe was not killed at {point}: {crashed}");
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

    [Fact]
    public async Task WritersKilledAtRandomMomentsLeaveAReadableTable()
    {
        await using ProbeTable table = ProbeTable.Local();
        await table.CreateAsync();
        var committed = new List<ProbeCommit>();
        var random = new Random(20261122);
        for (int writer = 1; writer <= 20; writer++)
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
