using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet;
using Xunit;

namespace DeltaSharp.Tests.Writing;

/// <summary>
/// Checks a local Delta table's log against PROTOCOL.md rules, independently of the writer's code: every commit
/// is newline-delimited JSON with one action per line and a commitInfo (first when in-commit timestamps are on, with
/// a monotonic inCommitTimestamp); version 0 has protocol and metaData; protocol feature lists match the versions;
/// metaData has an id, parquet format, a parseable schema holding the partition columns; adds have path /
/// partitionValues (keys = partition columns) / size / modificationTime / dataChange and stats as a JSON string with
/// numRecords; removes have path, deletionTimestamp and dataChange; contiguous versions. Checkpoints: parquet with
/// one struct column per action kind and one action per row; classic ones hold exactly one protocol and metaData;
/// UUID-named (V2) ones hold checkpointMetadata with their version and reference existing sidecars under
/// <c>_delta_log/_sidecars</c> that hold only add/remove; <c>_last_checkpoint</c> names an existing checkpoint.
/// </summary>
internal static partial class DeltaLogValidator
{
    private static readonly HashSet<string> ActionNames = ["add", "remove", "metaData", "protocol", "txn", "commitInfo", "domainMetadata", "cdc", "checkpointMetadata", "sidecar"];

    [GeneratedRegex(@"^(\d{20})\.json$")]
    private static partial Regex CommitName();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.parquet$")]
    private static partial Regex ClassicName();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(parquet|json)$")]
    private static partial Regex UuidName();

    public static async Task ValidateAsync(string tableRoot)
    {
        string log = Path.Combine(tableRoot, "_delta_log");
        Assert.True(Directory.Exists(log), "no _delta_log");
        var commits = new SortedDictionary<long, string>();
        foreach (string file in Directory.GetFiles(log))
        {
            Match m = CommitName().Match(Path.GetFileName(file));
            if (m.Success)
            {
                commits[long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = file;
            }
        }
        Assert.True(commits.Count > 0 || Directory.GetFiles(log, "*.checkpoint*").Length > 0, "a log needs commits or a checkpoint");
        long expected = commits.Count > 0 ? commits.Keys.First() : 0;
        List<string>? partitionColumns = null;
        HashSet<string> schemaColumns = new(StringComparer.OrdinalIgnoreCase);
        bool ictEnabled = false;
        long? lastIct = null;
        foreach ((long version, string file) in commits)
        {
            Assert.Equal(expected++, version);
            string[] lines = (await File.ReadAllTextAsync(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            int commitInfos = 0;
            bool sawProtocol = false, sawMetadata = false;
            for (int i = 0; i < lines.Length; i++)
            {
                using JsonDocument doc = JsonDocument.Parse(lines[i]);
                JsonElement root = doc.RootElement;
                Assert.Equal(JsonValueKind.Object, root.ValueKind);
                JsonProperty[] props = root.EnumerateObject().ToArray();
                Assert.True(props.Length == 1, $"v{version} line {i + 1}: one action per line");
                string kind = props[0].Name;
                Assert.Contains(kind, ActionNames);
                JsonElement action = props[0].Value;
                switch (kind)
                {
                    case "commitInfo":
                        commitInfos++;
                        Assert.True(action.TryGetProperty("timestamp", out _), $"v{version}: commitInfo.timestamp");
                        Assert.True(action.TryGetProperty("operation", out _), $"v{version}: commitInfo.operation");
                        if (ictEnabled || (version == 0 && lines.Any(l => l.Contains("\"delta.enableInCommitTimestamps\":\"true\"", StringComparison.Ordinal))))
                        {
                            Assert.True(i == 0, $"v{version}: commitInfo must be the first action with in-commit timestamps");
                            long ict = action.GetProperty("inCommitTimestamp").GetInt64();
                            Assert.True(lastIct is null || ict > lastIct, $"v{version}: inCommitTimestamp must increase");
                            lastIct = ict;
                        }
                        break;
                    case "protocol":
                        sawProtocol = true;
                        ValidateProtocol(action, version);
                        break;
                    case "metaData":
                        sawMetadata = true;
                        (partitionColumns, schemaColumns) = ValidateMetadata(action, version);
                        ictEnabled = action.GetProperty("configuration").TryGetProperty("delta.enableInCommitTimestamps", out JsonElement e) && e.GetString() == "true";
                        break;
                    case "add":
                        ValidateAdd(action, partitionColumns, version);
                        break;
                    case "remove":
                        Assert.True(action.GetProperty("path").GetString()!.Length > 0);
                        Assert.Equal(JsonValueKind.Number, action.GetProperty("deletionTimestamp").ValueKind);
                        Assert.True(action.GetProperty("dataChange").ValueKind is JsonValueKind.True or JsonValueKind.False);
                        break;
                    case "txn":
                        Assert.Equal(JsonValueKind.String, action.GetProperty("appId").ValueKind);
                        Assert.Equal(JsonValueKind.Number, action.GetProperty("version").ValueKind);
                        break;
                }
            }
            Assert.True(commitInfos == 1, $"v{version}: exactly one commitInfo (found {commitInfos})");
            if (version == 0)
            {
                Assert.True(sawProtocol && sawMetadata, "version 0 must hold protocol and metaData");
            }
        }

        foreach (string file in Directory.GetFiles(log))
        {
            string name = Path.GetFileName(file);
            if (ClassicName().Match(name) is { Success: true } classic)
            {
                long version = long.Parse(classic.Groups[1].Value, CultureInfo.InvariantCulture);
                Dictionary<string, int> counts = await CheckpointCountsAsync(file, ["txn", "add", "remove", "metaData", "protocol", "domainMetadata", "checkpointMetadata", "sidecar"]);
                Assert.Equal(1, counts["protocol"]);
                Assert.Equal(1, counts["metaData"]);
                Assert.True(commits.Count == 0 || commits.ContainsKey(version) || commits.Keys.First() > version, "checkpoint must follow its commit");
            }
            else if (UuidName().Match(name) is { Success: true } uuid)
            {
                long version = long.Parse(uuid.Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.Equal("parquet", uuid.Groups[3].Value);
                var sidecars = new List<string>();
                Dictionary<string, int> counts = await CheckpointCountsAsync(file, ["txn", "metaData", "protocol", "domainMetadata", "checkpointMetadata", "sidecar", "add", "remove"], (kind, s, row) =>
                {
                    if (kind == "checkpointMetadata")
                    {
                        Assert.Equal(version, ((PrimitiveArray<long>)s.GetField("version")).GetValue(s.GetFieldSlot(row)));
                    }
                    else if (kind == "sidecar")
                    {
                        sidecars.Add(((BinaryArray)s.GetField("path")).GetString(s.GetFieldSlot(row))!);
                    }
                });
                Assert.Equal(1, counts["checkpointMetadata"]);
                Assert.Equal(1, counts["protocol"]);
                Assert.Equal(1, counts["metaData"]);
                Assert.True(sidecars.Count == 0 || counts["add"] + counts["remove"] == 0, "file actions are either all inline or all in sidecars");
                foreach (string sidecar in sidecars)
                {
                    string sidecarPath = Path.Combine(log, "_sidecars", sidecar);
                    Assert.True(File.Exists(sidecarPath), $"sidecar {sidecar} exists");
                    await CheckpointCountsAsync(sidecarPath, ["add", "remove"]);
                }
            }
        }

        string hintPath = Path.Combine(log, "_last_checkpoint");
        if (File.Exists(hintPath))
        {
            using JsonDocument hint = JsonDocument.Parse(await File.ReadAllTextAsync(hintPath));
            long version = hint.RootElement.GetProperty("version").GetInt64();
            Assert.True(hint.RootElement.GetProperty("size").GetInt64() > 0);
            if (hint.RootElement.TryGetProperty("v2Checkpoint", out JsonElement v2))
            {
                string path = v2.GetProperty("path").GetString()!;
                Assert.Matches(UuidName(), path);
                Assert.True(File.Exists(Path.Combine(log, path)), "_last_checkpoint v2Checkpoint.path exists");
                Assert.Equal(new FileInfo(Path.Combine(log, path)).Length, v2.GetProperty("sizeInBytes").GetInt64());
                foreach (JsonElement sidecar in v2.GetProperty("sidecarFiles").EnumerateArray())
                {
                    Assert.True(File.Exists(Path.Combine(log, "_sidecars", sidecar.GetProperty("path").GetString()!)));
                }
                Assert.Contains(v2.GetProperty("nonFileActions").EnumerateArray(), a => a.TryGetProperty("checkpointMetadata", out _));
            }
            else
            {
                Assert.True(File.Exists(Path.Combine(log, $"{version:D20}.checkpoint.parquet")), "_last_checkpoint names an existing checkpoint");
            }
        }
    }

    private static void ValidateProtocol(JsonElement protocol, long version)
    {
        int reader = protocol.GetProperty("minReaderVersion").GetInt32();
        int writer = protocol.GetProperty("minWriterVersion").GetInt32();
        Assert.InRange(reader, 1, 3);
        Assert.InRange(writer, 1, 7);
        bool hasReaderFeatures = protocol.TryGetProperty("readerFeatures", out JsonElement rf);
        bool hasWriterFeatures = protocol.TryGetProperty("writerFeatures", out JsonElement wf);
        Assert.True(hasReaderFeatures == (reader == 3), $"v{version}: readerFeatures exactly when reader version 3");
        Assert.True(hasWriterFeatures == (writer == 7), $"v{version}: writerFeatures exactly when writer version 7");
        if (hasReaderFeatures)
        {
            HashSet<string> writerFeatures = wf.EnumerateArray().Select(e => e.GetString()!).ToHashSet();
            foreach (JsonElement feature in rf.EnumerateArray())
            {
                Assert.True(writerFeatures.Contains(feature.GetString()!), $"v{version}: reader feature {feature} must also be a writer feature");
            }
        }
    }

    private static (List<string>, HashSet<string>) ValidateMetadata(JsonElement metadata, long version)
    {
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("id").GetString()));
        Assert.Equal("parquet", metadata.GetProperty("format").GetProperty("provider").GetString());
        using JsonDocument schema = JsonDocument.Parse(metadata.GetProperty("schemaString").GetString()!);
        Assert.Equal("struct", schema.RootElement.GetProperty("type").GetString());
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonElement field in schema.RootElement.GetProperty("fields").EnumerateArray())
        {
            Assert.True(columns.Add(field.GetProperty("name").GetString()!), $"v{version}: duplicate column");
            Assert.True(field.TryGetProperty("nullable", out _));
            Assert.True(field.TryGetProperty("metadata", out _));
        }
        var partitions = metadata.GetProperty("partitionColumns").EnumerateArray().Select(e => e.GetString()!).ToList();
        foreach (string p in partitions)
        {
            Assert.Contains(p, columns);
        }
        Assert.Equal(JsonValueKind.Object, metadata.GetProperty("configuration").ValueKind);
        return (partitions, columns);
    }

    private static void ValidateAdd(JsonElement add, List<string>? partitionColumns, long version)
    {
        string path = add.GetProperty("path").GetString()!;
        Assert.False(string.IsNullOrEmpty(path));
        Assert.False(path.StartsWith('/'), "relative paths");
        var keys = add.GetProperty("partitionValues").EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.True(partitionColumns is null || keys.SequenceEqual(partitionColumns!.OrderBy(n => n, StringComparer.Ordinal)), $"v{version}: partitionValues keys {string.Join(",", keys)} = partition columns");
        Assert.True(add.GetProperty("size").GetInt64() > 0);
        Assert.True(add.GetProperty("modificationTime").GetInt64() > 0);
        Assert.True(add.GetProperty("dataChange").ValueKind is JsonValueKind.True or JsonValueKind.False);
        JsonElement stats = add.GetProperty("stats");
        Assert.Equal(JsonValueKind.String, stats.ValueKind);
        using JsonDocument parsed = JsonDocument.Parse(stats.GetString()!);
        Assert.True(parsed.RootElement.GetProperty("numRecords").GetInt64() >= 0);
    }

    private static async Task<Dictionary<string, int>> CheckpointCountsAsync(string file, string[] allowed, Action<string, StructArray, int>? visit = null)
    {
        var counts = allowed.ToDictionary(a => a, _ => 0);
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(file);
        await foreach (RecordBatch batch in reader.ReadAsync())
        {
            using (batch)
            {
                foreach (Field field in batch.Schema.Fields)
                {
                    Assert.True(allowed.Contains(field.Name), $"{Path.GetFileName(file)}: unexpected column {field.Name}");
                    Assert.IsType<Arrow.Types.StructType>(field.DataType);
                }
                for (int row = 0; row < batch.Length; row++)
                {
                    int present = 0;
                    for (int c = 0; c < batch.ColumnCount; c++)
                    {
                        var column = (StructArray)batch.Column(c);
                        if (column.IsValid(row))
                        {
                            present++;
                            string kind = batch.Schema.Fields[c].Name;
                            counts[kind]++;
                            if (kind is "add" or "remove")
                            {
                                Assert.NotNull(((BinaryArray)column.GetField("path")).GetString(column.GetFieldSlot(row)));
                            }
                            if (kind == "remove")
                            {
                                Assert.True(column.GetField("deletionTimestamp").IsValid(column.GetFieldSlot(row)), "checkpoint remove has deletionTimestamp");
                            }
                            visit?.Invoke(kind, column, row);
                        }
                    }
                    Assert.True(present == 1, $"{Path.GetFileName(file)} row {row}: exactly one action per row (found {present})");
                }
            }
        }
        return counts;
    }
}
