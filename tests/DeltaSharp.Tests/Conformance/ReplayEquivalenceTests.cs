using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DeltaSharp.Actions;
using DeltaSharp.Log;
using DeltaSharp.Replay;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Conformance;

/// <summary>
/// Cross-checks of the replay paths over every conformance table that has a checkpoint: the snapshot built from the
/// checkpoint (plus the commits after it) equals the snapshot replayed from commit 0 alone when the whole log is
/// still present (two independent sources of the same state: Spark's reconciled checkpoint versus our reconciliation
/// of the commits), and loading without statistics yields the same files with no statistics.
/// </summary>
public sealed class ReplayEquivalenceTests
{
    /// <summary>Tables whose checkpoint deliberately disagrees with their commits, with the reason.</summary>
    private static readonly Dictionary<string, string> CheckpointDiffersByDesign = new()
    {
        // delta-kernel-rs edited this checkpoint's metaData to add a column ('missing') that no commit declares, to
        // test skipping on a column absent from the data files.
        ["delta-kernel-rs__parquet_row_group_skipping"] = "checkpoint metaData edited by the test author",
    };

    public static TheoryData<string> CheckpointedTableIds => new(ConformanceIndex.Ids(row => !row.IsNegative
        && (row.Checkpoints.Contains("classic", StringComparison.Ordinal) || row.Checkpoints.Contains("multi-part", StringComparison.Ordinal)
            || row.Checkpoints.Contains("v2-", StringComparison.Ordinal))));

    [Theory]
    [MemberData(nameof(CheckpointedTableIds))]
    public async Task CheckpointReplayEqualsCommitReplay(string id)
    {
        string dir = TestEnvironment.RequireConformanceDir();
        string path = ConformanceIndex.Get(id).TablePath(dir);
        if (CheckpointDiffersByDesign.TryGetValue(id, out string? reason))
        {
            Assert.Skip("not applicable: " + reason);
        }
        DeltaTable table;
        try
        {
            table = await DeltaTable.OpenAsync(path);
        }
        catch (DeltaUnsupportedFeatureException ex)
        {
            Assert.Skip($"not applicable: the table is not readable by design ({ex.FeatureName})");
            throw;
        }
        await using (table)
        {
            DeltaSnapshot fromCheckpoint = table.Snapshot;
            Assert.NotNull(fromCheckpoint.CheckpointVersion);
            DeltaSnapshot fromCommits;
            try
            {
                fromCommits = await SnapshotLoader.LoadWithAsync(fromCheckpoint.Context, fromCheckpoint.Version, CheckpointFilter.None, default);
            }
            catch (DeltaException ex) when (ex is DeltaVersionNotFoundException or DeltaLogCorruptException or DeltaUnsupportedFeatureException { FeatureName: "parquetCheckpoint" })
            {
                Assert.Skip("not applicable: commits before the checkpoint were cleaned up: " + ex.Message);
                throw;
            }
            Assert.Equal(fromCommits.Version, fromCheckpoint.Version);
            Assert.Equal(fromCommits.Protocol.MinReaderVersion, fromCheckpoint.Protocol.MinReaderVersion);
            Assert.Equal(fromCommits.Protocol.MinWriterVersion, fromCheckpoint.Protocol.MinWriterVersion);
            Assert.Equal(fromCommits.Schema, fromCheckpoint.Schema);
            Assert.Equal(fromCommits.PartitionColumns, fromCheckpoint.PartitionColumns);
            Assert.Equal(Describe(fromCommits.Files, withStats: false), Describe(fromCheckpoint.Files, withStats: false));
            Assert.Equal(
                fromCommits.Transactions.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value.Version}"),
                fromCheckpoint.Transactions.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value.Version}"));
            Assert.Equal(
                fromCommits.DomainMetadata.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value.Configuration}"),
                fromCheckpoint.DomainMetadata.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value.Configuration}"));
        }
    }

    [Theory]
    [MemberData(nameof(CheckpointedTableIds))]
    public async Task LoadingWithoutStatisticsKeepsTheSameFiles(string id)
    {
        string dir = TestEnvironment.RequireConformanceDir();
        string path = ConformanceIndex.Get(id).TablePath(dir);
        DeltaTable withStats;
        try
        {
            withStats = await DeltaTable.OpenAsync(path);
        }
        catch (DeltaUnsupportedFeatureException ex)
        {
            Assert.Skip($"not applicable: the table is not readable by design ({ex.FeatureName})");
            throw;
        }
        await using (withStats)
        {
            await using DeltaTable withoutStats = await DeltaTable.OpenAsync(path, new DeltaTableOptions { IncludeFileStatistics = false });
            Assert.Equal(Describe(withStats.Snapshot.Files, withStats: false), Describe(withoutStats.Snapshot.Files, withStats: false));
            Assert.All(withoutStats.Snapshot.Files, f => Assert.Null(f.StatsJson));
            Assert.All(withoutStats.Snapshot.Files, f => Assert.True(f.StatsUtf8.IsEmpty));
        }
    }

    /// <summary>Every file as one sortable line (key, size, partition values, tags, row tracking, optionally stats).</summary>
    internal static List<string> Describe(IReadOnlyList<AddFile> files, bool withStats)
    {
        var lines = new List<string>(files.Count);
        foreach (AddFile f in files)
        {
            string partitions = string.Join(",", f.PartitionValues.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value ?? "<null>"}"));
            string tags = f.Tags is null ? "" : string.Join(",", f.Tags.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            lines.Add($"{f.RelativePath}|{f.DeletionVector?.UniqueId}|{f.DeletionVector?.Cardinality}|{f.Size}|{partitions}|{tags}|{f.BaseRowId}|{f.DefaultRowCommitVersion}" + (withStats ? "|" + f.StatsJson : ""));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
