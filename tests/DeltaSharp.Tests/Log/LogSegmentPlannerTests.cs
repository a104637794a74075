using System;
using System.Collections.Generic;
using System.Linq;
using DeltaSharp.Log;
using DeltaSharp.Storage;
using Xunit;

namespace DeltaSharp.Tests.Log;

public sealed class LogSegmentPlannerTests
{
    private const string Location = "memory://t/table";

    private static List<LogFile> Listing(params string[] names)
    {
        var files = new List<LogFile>();
        foreach (string name in names)
        {
            Assert.True(LogFile.TryParse(new ObjectMeta("_delta_log/" + name, 1, DateTimeOffset.UnixEpoch, null), out LogFile file), name);
            files.Add(file);
        }
        return files;
    }

    private static string C(long v) => $"{v:D20}.json";

    private static string Cp(long v) => $"{v:D20}.checkpoint.parquet";

    private static string Part(long v, int part, int parts) => $"{v:D20}.checkpoint.{part:D10}.{parts:D10}.parquet";

    private static LogSegment Plan(List<LogFile> listing, long? target = null, LastCheckpointHint? hint = null, CheckpointFilter filter = CheckpointFilter.All) =>
        LogSegmentPlanner.Plan(listing, hint, target, 0, Location, filter)!;

    private static long[] CommitVersions(LogSegment segment) => segment.Commits.Select(c => c.Version).ToArray();

    [Fact]
    public void WithoutCheckpointReplaysFromZero()
    {
        LogSegment segment = Plan(Listing(C(0), C(1), C(2)));
        Assert.Equal(2, segment.Version);
        Assert.Null(segment.CheckpointVersion);
        Assert.Equal(new long[] { 0, 1, 2 }, CommitVersions(segment));
        Assert.Equal(2, segment.VersionCommit!.Value.Version);
    }

    [Fact]
    public void UsesNewestCheckpointAtOrBeforeTarget()
    {
        List<LogFile> listing = Listing(C(0), C(1), C(2), Cp(2), C(3), C(4), Cp(4), C(5));
        LogSegment latest = Plan(listing);
        Assert.Equal(4, latest.CheckpointVersion);
        Assert.Equal(new long[] { 5 }, CommitVersions(latest));

        LogSegment atThree = Plan(listing, 3);
        Assert.Equal(2, atThree.CheckpointVersion);
        Assert.Equal(new long[] { 3 }, CommitVersions(atThree));

        LogSegment atFour = Plan(listing, 4);
        Assert.Equal(4, atFour.CheckpointVersion);
        Assert.Empty(atFour.Commits);
        Assert.Equal(4, atFour.VersionCommit!.Value.Version);

        LogSegment atOne = Plan(listing, 1);
        Assert.Null(atOne.CheckpointVersion);
        Assert.Equal(new long[] { 0, 1 }, CommitVersions(atOne));
    }

    [Fact]
    public void IgnoresIncompleteMultiPartCheckpoint()
    {
        List<LogFile> listing = Listing(C(0), C(1), Cp(1), C(2), C(3), Part(3, 1, 2), C(4));
        LogSegment segment = Plan(listing);
        Assert.Equal(1, segment.CheckpointVersion);
        Assert.Equal(new long[] { 2, 3, 4 }, CommitVersions(segment));
    }

    [Fact]
    public void UsesCompleteMultiPartCheckpointInPartOrder()
    {
        List<LogFile> listing = Listing(C(0), C(1), C(2), Part(2, 2, 2), Part(2, 1, 2), C(3));
        LogSegment segment = Plan(listing);
        Assert.Equal(2, segment.CheckpointVersion);
        Assert.Equal(new[] { 1, 2 }, segment.CheckpointFiles.Select(f => f.Part).ToArray());
        Assert.Equal(new long[] { 3 }, CommitVersions(segment));
    }

    [Fact]
    public void PrefersTheHintedMultiPartSetWhenTwoAreComplete()
    {
        List<LogFile> listing = Listing(C(0), C(1), Part(1, 1, 2), Part(1, 2, 2), Part(1, 1, 3), Part(1, 2, 3), Part(1, 3, 3));
        LogSegment segment = Plan(listing, hint: new LastCheckpointHint(1, 3, null));
        Assert.Equal(3, segment.CheckpointFiles.Count);
    }

    [Fact]
    public void CleanedUpLogStartsFromCheckpoint()
    {
        List<LogFile> listing = Listing(Cp(5), C(5), C(6), C(7));
        LogSegment segment = Plan(listing);
        Assert.Equal(5, segment.CheckpointVersion);
        Assert.Equal(new long[] { 6, 7 }, CommitVersions(segment));

        DeltaVersionNotFoundException ex = Assert.Throws<DeltaVersionNotFoundException>(() => Plan(listing, 3));
        Assert.Equal(5, ex.EarliestVersion);
        Assert.Equal(7, ex.LatestVersion);
    }

    [Fact]
    public void VersionGapIsCorruption()
    {
        DeltaLogCorruptException ex = Assert.Throws<DeltaLogCorruptException>(() => Plan(Listing(C(0), C(1), C(3))));
        Assert.Equal(2, ex.Version);
        Assert.Contains("00000000000000000002.json", ex.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void GapBeforeTheCheckpointDoesNotMatter()
    {
        LogSegment segment = Plan(Listing(C(0), C(1), C(2), C(4), Cp(4), C(5), C(6)));
        Assert.Equal(4, segment.CheckpointVersion);
        Assert.Equal(new long[] { 5, 6 }, CommitVersions(segment));
    }

    [Fact]
    public void MissingCommitZeroWithoutCheckpointIsCorruption()
    {
        DeltaLogCorruptException ex = Assert.Throws<DeltaLogCorruptException>(() => Plan(Listing(C(3), C(4))));
        Assert.Equal(0, ex.Version);
    }

    [Fact]
    public void TargetAfterLatestIsVersionNotFound()
    {
        DeltaVersionNotFoundException ex = Assert.Throws<DeltaVersionNotFoundException>(() => Plan(Listing(C(0), C(1)), 5));
        Assert.Equal(1, ex.LatestVersion);
    }

    [Fact]
    public void EmptyLogIsTableNotFound()
    {
        Assert.Throws<DeltaTableNotFoundException>(() => Plan(Listing()));
        Assert.Throws<DeltaTableNotFoundException>(() => Plan(Listing("00000000000000000000.crc")));
    }

    [Fact]
    public void PartialListingFromHint()
    {
        // Listed from the hint's version: enough when the checkpoint there is complete.
        List<LogFile> fromHint = Listing(Cp(10), C(10), C(11));
        LogSegment? segment = LogSegmentPlanner.Plan(fromHint, new LastCheckpointHint(10, null, null), null, 10, Location);
        Assert.NotNull(segment);
        Assert.Equal(10, segment!.CheckpointVersion);
        Assert.Equal(new long[] { 11 }, CommitVersions(segment));

        // Stale hint: the checkpoint it names is gone; the planner asks for a full listing.
        List<LogFile> stale = Listing(C(10), C(11));
        Assert.Null(LogSegmentPlanner.Plan(stale, new LastCheckpointHint(10, null, null), null, 10, Location));

        // Incomplete multi-part checkpoint at the hint: full listing needed.
        List<LogFile> incomplete = Listing(Part(10, 1, 2), C(10), C(11));
        Assert.Null(LogSegmentPlanner.Plan(incomplete, new LastCheckpointHint(10, 2, null), null, 10, Location));
    }

    [Fact]
    public void CheckpointFilterSkipsUnreadableCheckpoints()
    {
        List<LogFile> listing = Listing(C(0), C(1), C(2), Cp(2), C(3));
        LogSegment jsonOnly = Plan(listing, filter: CheckpointFilter.JsonOnly);
        Assert.Null(jsonOnly.CheckpointVersion);
        Assert.Equal(4, jsonOnly.Commits.Count);

        List<LogFile> withV2 = Listing(C(0), C(1), "00000000000000000001.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json", C(2));
        Assert.Equal(1, Plan(withV2, filter: CheckpointFilter.JsonOnly).CheckpointVersion);
        Assert.Null(Plan(withV2, filter: CheckpointFilter.None).CheckpointVersion);
    }

    [Fact]
    public void CheckpointOnlyVersionIsReadable()
    {
        LogSegment segment = Plan(Listing(Cp(3)));
        Assert.Equal(3, segment.Version);
        Assert.Empty(segment.Commits);
        Assert.Null(segment.VersionCommit);
    }

    [Fact]
    public void IgnoresCompactionsAndChecksumsWhenChoosing()
    {
        LogSegment segment = Plan(Listing(C(0), C(1), C(2), "00000000000000000000.00000000000000000002.compacted.json", "00000000000000000002.crc"));
        Assert.Equal(new long[] { 0, 1, 2 }, CommitVersions(segment));
    }

    private static string X(long start, long end) => $"{start:D20}.{end:D20}.compacted.json";

    private static string[] ReplayNames(LogSegment segment) =>
        segment.ReplayFiles.Select(f => f.Kind == LogFileKind.Compaction ? $"{f.Version}-{f.EndVersion}" : $"{f.Version}").ToArray();

    [Fact]
    public void CompactionInsideTheRangeReplacesTheCommitsItCovers()
    {
        LogSegment segment = Plan(Listing(C(0), C(1), C(2), C(3), X(1, 3), C(4), C(5)));
        Assert.Equal(new[] { "0", "1-3", "4", "5" }, ReplayNames(segment));
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, CommitVersions(segment));
        Assert.Equal(5, segment.VersionCommit!.Value.Version);
    }

    [Fact]
    public void CompactionEndingAtTheTargetIsUsedAndTheTargetCommitStaysTheTimestampSource()
    {
        LogSegment segment = Plan(Listing(C(0), C(1), C(2), X(1, 2)));
        Assert.Equal(new[] { "0", "1-2" }, ReplayNames(segment));
        Assert.Equal(2, segment.VersionCommit!.Value.Version);
    }

    [Fact]
    public void CompactionReachingPastTheTargetIsIgnored()
    {
        List<LogFile> listing = Listing(C(0), C(1), C(2), C(3), X(1, 3));
        Assert.Equal(new[] { "0", "1", "2" }, ReplayNames(Plan(listing, 2)));
        Assert.Equal(new[] { "0", "1-3" }, ReplayNames(Plan(listing, 3)));
    }

    [Fact]
    public void CompactionStartingAtOrBeforeTheCheckpointIsIgnored()
    {
        List<LogFile> listing = Listing(C(0), C(1), C(2), Cp(2), C(3), C(4), C(5), X(1, 4), X(2, 4), X(3, 4));
        LogSegment segment = Plan(listing);
        Assert.Equal(2, segment.CheckpointVersion);
        Assert.Equal(new[] { "3-4", "5" }, ReplayNames(segment));
    }

    [Fact]
    public void LongestCompactionWinsAndCompactionsChain()
    {
        List<LogFile> listing = Listing(C(0), C(1), C(2), C(3), C(4), C(5), C(6), X(1, 2), X(1, 3), X(4, 5), X(2, 6));
        Assert.Equal(new[] { "0", "1-3", "4-5", "6" }, ReplayNames(Plan(listing)));
    }

    [Fact]
    public void CompactionsCanBeTurnedOffAndNeverHideAVersionGap()
    {
        List<LogFile> listing = Listing(C(0), C(1), C(2), C(3), X(1, 3));
        LogSegment plain = LogSegmentPlanner.Plan(listing, null, null, 0, Location, CheckpointFilter.All, useCompactions: false)!;
        Assert.Equal(new[] { "0", "1", "2", "3" }, ReplayNames(plain));

        // The commits stay the source of truth for which versions exist: a missing commit is a gap even when a
        // compaction covers it.
        Assert.Throws<DeltaLogCorruptException>(() => Plan(Listing(C(0), C(1), C(3), X(1, 3))));
    }
}
