using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DeltaSharp.TestSupport;

namespace DeltaSharp.Tests.Conformance;

/// <summary>One row of /work/shared/conformance/INDEX.json (only the fields the tests use).</summary>
public sealed record ConformanceTable(
    string Id,
    string? DeltaRoot,
    string ExpectedKind,
    string? ExpectedDir,
    string Expected,
    long? LatestVersion,
    int? MinReaderVersion,
    int? MinWriterVersion,
    IReadOnlyList<string>? ReaderFeatures,
    IReadOnlyList<string> PartitionColumns,
    long? StatsRows,
    long DvCardinality,
    long? DerivedRows,
    string Checkpoints,
    bool LogOnly)
{
    public bool IsNegative => ExpectedKind == "negative";

    public string TablePath(string conformanceDir) =>
        DeltaRoot is null or "." ? Path.Combine(conformanceDir, Id) : Path.Combine(conformanceDir, Id, DeltaRoot);
}

/// <summary>Loads INDEX.json.</summary>
public static class ConformanceIndex
{
    private static readonly Lazy<IReadOnlyList<ConformanceTable>?> Rows = new(Load);

    public static IReadOnlyList<ConformanceTable>? TryLoad() => Rows.Value;

    public static ConformanceTable Get(string id)
    {
        TestEnvironment.RequireConformanceDir();
        foreach (ConformanceTable table in Rows.Value ?? throw new InvalidOperationException("INDEX.json not loaded"))
        {
            if (table.Id == id)
            {
                return table;
            }
        }
        throw new ArgumentException($"No conformance table {id}");
    }

    public static IEnumerable<string> Ids() => Ids(_ => true);

    /// <summary>The ids of the tables <paramref name="include"/> accepts, or one placeholder id when the corpus is
    /// missing (so the theory runs once and says it skipped, or fails in CI).</summary>
    public static IEnumerable<string> Ids(Func<ConformanceTable, bool> include)
    {
        IReadOnlyList<ConformanceTable>? rows = Rows.Value;
        if (rows is null)
        {
            yield return "(conformance corpus missing)";
            yield break;
        }
        foreach (ConformanceTable row in rows)
        {
            if (include(row))
            {
                yield return row.Id;
            }
        }
    }

    private static IReadOnlyList<ConformanceTable>? Load()
    {
        string? configured = Environment.GetEnvironmentVariable("DELTASHARP_CONFORMANCE_DIR");
        string dir = string.IsNullOrEmpty(configured) ? Path.Combine(TestEnvironment.RepositoryRoot, "..", "shared", "conformance") : configured;
        string index = Path.Combine(dir, "INDEX.json");
        if (!File.Exists(index))
        {
            return null;
        }
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(index));
        var result = new List<ConformanceTable>();
        foreach (JsonElement row in doc.RootElement.EnumerateArray())
        {
            JsonElement protocol = row.GetProperty("protocol");
            int? minReader = null, minWriter = null;
            List<string>? readerFeatures = null;
            if (protocol.ValueKind == JsonValueKind.Object)
            {
                minReader = protocol.TryGetProperty("minReaderVersion", out JsonElement r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : null;
                minWriter = protocol.TryGetProperty("minWriterVersion", out JsonElement w) && w.ValueKind == JsonValueKind.Number ? w.GetInt32() : null;
                if (protocol.TryGetProperty("readerFeatures", out JsonElement rf) && rf.ValueKind == JsonValueKind.Array)
                {
                    readerFeatures = new List<string>();
                    foreach (JsonElement f in rf.EnumerateArray())
                    {
                        readerFeatures.Add(f.GetString()!);
                    }
                }
            }
            var partitions = new List<string>();
            if (row.TryGetProperty("partition_columns", out JsonElement pc) && pc.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement p in pc.EnumerateArray())
                {
                    partitions.Add(p.GetString()!);
                }
            }
            result.Add(new ConformanceTable(
                row.GetProperty("id").GetString()!,
                Str(row, "delta_root"),
                Str(row, "expected_kind") ?? "none",
                Str(row, "expected_dir"),
                Str(row, "expected") ?? string.Empty,
                Long(row, "latest_version"),
                minReader,
                minWriter,
                readerFeatures,
                partitions,
                Long(row, "stats_rows"),
                Long(row, "dv_cardinality") ?? 0,
                Long(row, "derived_rows"),
                Str(row, "checkpoints") ?? string.Empty,
                row.TryGetProperty("log_only", out JsonElement lo) && lo.ValueKind == JsonValueKind.True));
        }
        return result;
    }

    private static string? Str(JsonElement row, string name) =>
        row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement row, string name) =>
        row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
}
