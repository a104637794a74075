using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DeltaSharp.Log;
using DeltaSharp.Replay;
using DeltaSharp.Tests.Conformance;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Tests.Log;

/// <summary>
/// Log compaction files on real logs: a compacted file is built here from a conformance table's commits by
/// reconciling them as PROTOCOL.md "Log Compaction Files" describes (latest action per file key, tombstones kept,
/// latest protocol/metaData/txn/domainMetadata, no commitInfo), the replay planner picks it, and the snapshot equals
/// the one replayed from the commits themselves.
/// </summary>
public sealed class LogCompactionTests
{
    [Theory]
    [InlineData("delta-rs__simple_table", 1, 3)]
    [InlineData("delta-kernel-rs__cdf-table-with-dv", 1, 5)]
    [InlineData("delta-kernel-rs__cdf-table-with-dv", 2, 6)]
    [InlineData("delta__spark__partitioned-table-with-dv-large", 0, 3)]
    public async Task SnapshotFromCompactionEqualsSnapshotFromCommits(string id, long start, long end)
    {
        string dir = TestEnvironment.RequireConformanceDir();
        string source = ConformanceIndex.Get(id).TablePath(dir);
        string copy = Path.Combine(Path.GetTempPath(), "deltasharp-compaction-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(copy, "_delta_log"));
        try
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(source, "_delta_log"), "*.json"))
            {
                File.Copy(file, Path.Combine(copy, "_delta_log", Path.GetFileName(file)));
            }
            string compacted = Path.Combine(copy, "_delta_log", $"{start:D20}.{end:D20}.compacted.json");
            await File.WriteAllTextAsync(compacted, Compact(Path.Combine(copy, "_delta_log"), start, end), TestContext.Current.CancellationToken);

            await using DeltaTable table = await DeltaTable.OpenAsync(copy);
            DeltaSnapshot snapshot = table.Snapshot;
            LogSegment segment = await SnapshotLoader.PlanAsync(snapshot.Context, null, CheckpointFilter.All, TestContext.Current.CancellationToken);
            Assert.Contains(segment.ReplayFiles, f => f.Kind == LogFileKind.Compaction && f.Version == start && f.EndVersion == end);

            DeltaSnapshot fromCommits = await SnapshotLoader.LoadWithAsync(snapshot.Context, null, CheckpointFilter.All, TestContext.Current.CancellationToken, useCompactions: false);
            Assert.Equal(fromCommits.Version, snapshot.Version);
            Assert.Equal(fromCommits.Timestamp, snapshot.Timestamp);
            Assert.Equal(fromCommits.Metadata.SchemaString, snapshot.Metadata.SchemaString);
            Assert.Equal(fromCommits.Protocol.MinReaderVersion, snapshot.Protocol.MinReaderVersion);
            Assert.Equal(ReplayEquivalenceTests.Describe(fromCommits.Files, withStats: true), ReplayEquivalenceTests.Describe(snapshot.Files, withStats: true));
            Assert.Equal(fromCommits.Transactions.Keys.Order(), snapshot.Transactions.Keys.Order());

            // Time travel to a version inside the compacted range cannot use it and still works from the commits.
            DeltaSnapshot inside = await table.GetSnapshotAsync(end - 1);
            DeltaSnapshot insideFromCommits = await SnapshotLoader.LoadWithAsync(snapshot.Context, end - 1, CheckpointFilter.All, TestContext.Current.CancellationToken, useCompactions: false);
            Assert.Equal(ReplayEquivalenceTests.Describe(insideFromCommits.Files, withStats: true), ReplayEquivalenceTests.Describe(inside.Files, withStats: true));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>Reconciles commits [start, end] into the lines of a compacted file (test-side, from raw JSON).</summary>
    private static string Compact(string logDir, long start, long end)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var fileOrder = new List<string>();
        var singles = new Dictionary<string, string>(StringComparer.Ordinal);
        for (long v = start; v <= end; v++)
        {
            foreach (string line in File.ReadAllLines(Path.Combine(logDir, $"{v:D20}.json")))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                JsonObject action = JsonNode.Parse(line)!.AsObject();
                (string name, JsonNode? body) = action.Single();
                switch (name)
                {
                    case "add":
                    case "remove":
                        string key = Uri.UnescapeDataString((string)body!["path"]!) + "|" + DvId(body["deletionVector"]);
                        if (!files.ContainsKey(key))
                        {
                            fileOrder.Add(key);
                        }
                        files[key] = line;
                        break;
                    case "metaData":
                    case "protocol":
                        singles[name] = line;
                        break;
                    case "txn":
                        singles["txn:" + (string)body!["appId"]!] = line;
                        break;
                    case "domainMetadata":
                        singles["domain:" + (string)body!["domain"]!] = line;
                        break;
                    default:
                        break; // commitInfo, cdc: not part of the reconciled state
                }
            }
        }
        var text = new StringBuilder();
        foreach (string line in singles.Values)
        {
            text.Append(line).Append('\n');
        }
        foreach (string key in fileOrder)
        {
            text.Append(files[key]).Append('\n');
        }
        return text.ToString();
    }

    private static string DvId(JsonNode? dv)
    {
        if (dv is null)
        {
            return "";
        }
        string id = (string)dv["storageType"]! + (string)dv["pathOrInlineDv"]!;
        return dv["offset"] is JsonNode offset ? id + "@" + offset.ToJsonString() : id;
    }
}
