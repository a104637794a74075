using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeltaSharp.Actions;
using DeltaSharp.Replay;
using DeltaSharp.State;
using Xunit;

namespace DeltaSharp.Tests.Replay;

/// <summary>
/// The byte-keyed reconciliation map (<see cref="FileActionMap"/> over <see cref="CommitFileBatch"/>es) against a
/// simple reference written from PROTOCOL.md "Action Reconciliation": a dictionary keyed by (percent-decoded path
/// string, DV unique id) where the latest action wins and removes are tombstones. Commits are fabricated JSON lines
/// decoded by the production decoder.
/// </summary>
public sealed class FileActionMapTests
{
    /// <summary>One fabricated file action.</summary>
    private sealed record FileAction(bool IsAdd, string JsonPath, string? Dv = null, long Size = 1, string? Stats = null);

    /// <summary>The reference: latest action per key; a value of null is a tombstone.</summary>
    private sealed class ReferenceReconciliation
    {
        public Dictionary<(string Path, string? Dv), (string LogPath, long Size, string? Stats)?> Keys { get; } = new();

        public List<(string Path, string? Dv)> Order { get; } = new();

        public void Apply(IEnumerable<FileAction> commit)
        {
            foreach (FileAction action in commit)
            {
                string logPath = JsonSerializer.Deserialize<string>("\"" + action.JsonPath + "\"")!;
                (string, string?) key = (Canonical(logPath), DvId(action.Dv));
                Order.Remove(key);
                Order.Add(key);
                Keys[key] = action.IsAdd ? (logPath, action.Size, action.Stats) : null;
            }
        }
    }

    private static string? DvId(string? dv) => dv is null ? null : "u" + dv;

    /// <summary>The reference canonical path: a local <c>file:</c> URI is its absolute path, then percent-decoded.</summary>
    private static string Canonical(string logPath)
    {
        if (logPath.StartsWith("file:///", StringComparison.OrdinalIgnoreCase))
        {
            logPath = logPath.Substring(7);
        }
        else if (logPath.StartsWith("file:/", StringComparison.OrdinalIgnoreCase) && !logPath.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            logPath = logPath.Substring(5);
        }
        return Uri.UnescapeDataString(logPath);
    }

    private static string Line(FileAction action)
    {
        string dv = action.Dv is null ? string.Empty : $",\"deletionVector\":{{\"storageType\":\"u\",\"pathOrInlineDv\":\"{action.Dv}\",\"sizeInBytes\":10,\"cardinality\":1}}";
        if (!action.IsAdd)
        {
            return $"{{\"remove\":{{\"path\":\"{action.JsonPath}\",\"deletionTimestamp\":5,\"dataChange\":true{dv}}}}}";
        }
        string stats = action.Stats is null ? string.Empty : ",\"stats\":" + JsonSerializer.Serialize(action.Stats);
        return $"{{\"add\":{{\"path\":\"{action.JsonPath}\",\"partitionValues\":{{}},\"size\":{action.Size.ToString(CultureInfo.InvariantCulture)},\"modificationTime\":7,\"dataChange\":true{stats}{dv}}}}}";
    }

    private static CommitFileBatch Decode(IEnumerable<FileAction> commit, long sizeHint)
    {
        var batch = new CommitFileBatch(wantsStatistics: true, sizeHint);
        var interner = new PartitionValueInterner();
        JsonActionDecoder.DecodeLine("""{"commitInfo":{"timestamp":1}}"""u8, interner, batch);
        foreach (FileAction action in commit)
        {
            JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(Line(action)), interner, batch);
        }
        batch.Complete();
        return batch;
    }

    /// <summary>Replays the commits through both and compares survivors, counts and decisions.</summary>
    private static FileTable Check(IReadOnlyList<IReadOnlyList<FileAction>> commits, IEnumerable<(string LogPath, string? Dv)> probes, long sizeHint = 0, long replayBytes = 0)
    {
        var map = new FileActionMap(replayBytes);
        var reference = new ReferenceReconciliation();
        foreach (IReadOnlyList<FileAction> commit in commits)
        {
            map.Apply(Decode(commit, sizeHint));
            reference.Apply(commit);
        }
        Assert.Equal(reference.Keys.Count, map.Count);
        var expected = new List<string>();
        foreach ((string Path, string? Dv) key in reference.Order)
        {
            if (reference.Keys[key] is (string logPath, long size, var stats))
            {
                expected.Add($"{logPath}|{key.Dv}|{size}|{stats}");
            }
        }
        Assert.Equal(expected.Count, map.SurvivorCount);
        var builder = new FileTableBuilder();
        map.AppendSurvivors(builder);
        FileTable table = builder.Build();
        var actual = new List<string>();
        for (int row = 0; row < table.Count; row++)
        {
            string? stats = table.HasStats(row) ? Encoding.UTF8.GetString(table.GetStatsUtf8(row)) : null;
            actual.Add($"{table.GetPath(row)}|{table.GetDeletionVector(row)?.UniqueId}|{table.GetSize(row)}|{stats}");
        }
        Assert.Equal(expected, actual);
        foreach ((string logPath, string? dv) in probes)
        {
            bool decided = reference.Keys.ContainsKey((Canonical(logPath), DvId(dv)));
            Assert.True(decided == map.Decides(Encoding.UTF8.GetBytes(logPath), DvId(dv)), $"Decides({logPath}, {dv}) should be {decided}");
            var add = new AddFile(logPath, PartitionValueMap.Empty, 1, 0, true, null, null, dv is null ? null : new DeletionVectorDescriptor("u", dv, null, 10, 1), null, null);
            Assert.Equal(decided, map.Decides(add));
        }
        return table;
    }

    [Fact]
    public void ReAddAfterRemoveSurvives()
    {
        FileTable table = Check(
            [
                [new(true, "a.parquet", Size: 1), new(true, "b.parquet", Size: 2)],
                [new(false, "a.parquet")],
                [new(true, "a.parquet", Size: 3, Stats: "{\"numRecords\":3}")],
            ],
            [("a.parquet", null), ("b.parquet", null), ("c.parquet", null)]);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void SamePathWithDifferentDeletionVectorsAreDifferentKeys()
    {
        Check(
            [
                [new(true, "f.parquet"), new(true, "g.parquet", Dv: "dv1")],
                [new(false, "f.parquet"), new(true, "f.parquet", Dv: "dv1", Size: 2)],
                [new(false, "g.parquet", Dv: "dv1"), new(true, "g.parquet", Dv: "dv2", Size: 5), new(true, "h.parquet", Dv: "x")],
                [new(false, "h.parquet")],
            ],
            [("f.parquet", null), ("f.parquet", "dv1"), ("g.parquet", "dv1"), ("g.parquet", "dv2"), ("g.parquet", null), ("h.parquet", null), ("h.parquet", "x")]);
    }

    [Fact]
    public void PercentEncodedAndDecodedPathsAreTheSameFile()
    {
        FileTable table = Check(
            [
                [new(true, "dir/a%20b.parquet", Size: 1), new(true, "x=1/c.parquet", Size: 2), new(true, "p%3Aq.parquet", Size: 4)],
                [new(false, "dir/a b.parquet"), new(true, "x%3D1/c.parquet", Size: 3)],
                [new(true, "%zz-not-an-escape.parquet", Size: 6), new(true, "100%.parquet", Size: 7)],
            ],
            [("dir/a%20b.parquet", null), ("dir/a b.parquet", null), ("x=1/c.parquet", null), ("x%3D1/c.parquet", null), ("p:q.parquet", null), ("p%3aq.parquet", null), ("%zz-not-an-escape.parquet", null), ("100%.parquet", null), ("100%25.parquet", null)]);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void LocalFileUrisAreTheirAbsolutePath()
    {
        FileTable table = Check(
            [
                [new(true, "/t/a.parquet"), new(true, "/t/with%20space/p@%23h"), new(true, "/t/c.parquet"), new(true, "file://host/t/d.parquet"), new(true, "file:rel.parquet")],
                [new(false, "file:/t/a.parquet"), new(false, "FILE:///t/with space/p@#h"), new(false, "file://host/t/c.parquet"), new(false, "/t/d.parquet"), new(false, "rel.parquet")],
            ],
            [("/t/a.parquet", null), ("file:///t/a.parquet", null), ("file:/t/with%20space/p@%23h", null), ("/t/c.parquet", null), ("file://host/t/c.parquet", null), ("file://host/t/d.parquet", null), ("file:rel.parquet", null)]);
        Assert.Equal(new[] { "/t/c.parquet", "file://host/t/d.parquet", "file:rel.parquet" }, ToPaths(table));
    }

    [Fact]
    public void StringKeysCanonicaliseLikeTheByteKeys()
    {
        var remove = new RemoveFile("/t/with space/p@#h", null, true, null, null);
        foreach (string spelling in new[] { "file:/t/with%20space/p@%23h", "FILE:///t/with%20space/p@%23h", "/t/with%20space/p@%23h" })
        {
            var add = new AddFile(spelling, PartitionValueMap.Empty, 1, 0, true, null, null, null, null, null);
            Assert.Equal(FileActionKey.For(remove), FileActionKey.For(add));
            Assert.Equal(Canonical(spelling), FileKeys.CanonicalPath(spelling));
        }
        Assert.NotEqual(FileActionKey.For(remove), FileActionKey.For(new AddFile("file://host/t/with space/p@#h", PartitionValueMap.Empty, 1, 0, true, null, null, null, null, null)));
    }

    [Fact]
    public void RemoveOfACheckpointFileIsATombstoneThatShadowsIt()
    {
        FileTable table = Check(
            [[new(false, "from-checkpoint.parquet"), new(false, "dv-from-checkpoint.parquet", Dv: "d")]],
            [("from-checkpoint.parquet", null), ("dv-from-checkpoint.parquet", "d"), ("dv-from-checkpoint.parquet", null), ("other.parquet", null)]);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void AddThenRemoveInTheSameCommitLeavesATombstone()
    {
        FileTable table = Check(
            [
                [new(true, "a.parquet"), new(false, "a.parquet"), new(false, "b.parquet"), new(true, "b.parquet", Size: 9)],
            ],
            [("a.parquet", null), ("b.parquet", null)]);
        Assert.Equal("b.parquet", Assert.Single(ToPaths(table)));
    }

    [Fact]
    public void UnicodeAndJsonEscapedPathsAreCompared()
    {
        Check(
            [
                [new(true, "\\u00e9t\\u00e9/\\ud83d\\ude00.parquet", Size: 1), new(true, "quote\\\"and\\\\slash.parquet", Size: 2), new(true, "日本/%E6%97%A5.parquet", Size: 3)],
                [new(false, "été/😀.parquet"), new(true, "%C3%A9t%C3%A9/%F0%9F%98%80.parquet", Size: 4), new(false, "日本/日.parquet")],
                [new(true, "quote\\u0022and\\u005cslash.parquet", Size: 5)],
            ],
            [("été/😀.parquet", null), ("%C3%A9t%C3%A9/%F0%9F%98%80.parquet", null), ("quote\"and\\slash.parquet", null), ("日本/日.parquet", null), ("日本/%E6%97%A5.parquet", null), ("日本.parquet", null)]);
    }

    /// <summary>Random sequences over a small universe of files, spellings and DVs, with statistics large enough to
    /// fill several slabs, many keys (the table grows) and probes of every spelling.</summary>
    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 4096, 0)]
    [InlineData(3, 20_000, 0)]
    [InlineData(4, 300, 0)]
    [InlineData(5, 4096, 1 << 20)]
    [InlineData(6, 0, 100_000_000)]
    public void RandomSequencesMatchTheReference(int seed, long sizeHint, long replayBytes)
    {
        var random = new Random(seed);
        string[] names = new string[400];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = random.Next(4) switch
            {
                0 => $"part-{i:D5}.parquet",
                1 => $"year=20{i % 7}/part {i}.parquet",
                2 => $"é{i}/日本-{i}.parquet",
                _ => $"dir%2F{i}/x.parquet",
            };
        }
        string?[] dvs = [null, null, null, "a", "b"];
        var commits = new List<IReadOnlyList<FileAction>>();
        var probes = new List<(string, string?)>();
        for (int c = 0; c < 60; c++)
        {
            var commit = new List<FileAction>();
            int actions = random.Next(1, 40);
            for (int a = 0; a < actions; a++)
            {
                string name = names[random.Next(names.Length)];
                string spelling = random.Next(3) switch
                {
                    0 => name,
                    1 => Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal),
                    _ => JsonEscape(name),
                };
                string? dv = dvs[random.Next(dvs.Length)];
                string? stats = random.Next(3) == 0 ? null : "{\"numRecords\":" + random.Next(1000) + ",\"pad\":\"" + new string('x', random.Next(0, 3000)) + "\\\"q\"}";
                commit.Add(new(random.Next(4) != 0, spelling, dv, random.Next(1, 1_000_000), stats));
                probes.Add((name, dv));
                probes.Add((Uri.EscapeDataString(name), dv));
            }
            commits.Add(commit);
        }
        probes.Add(("never-seen.parquet", null));
        Check(commits, probes, sizeHint, replayBytes);
    }

    private static string JsonEscape(string value)
    {
        var builder = new StringBuilder();
        foreach (char c in value)
        {
            builder.Append(c < 128 && c != '"' && c != '\\' ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static List<string> ToPaths(FileTable table)
    {
        var paths = new List<string>();
        for (int row = 0; row < table.Count; row++)
        {
            paths.Add(table.GetPath(row));
        }
        return paths;
    }
}
