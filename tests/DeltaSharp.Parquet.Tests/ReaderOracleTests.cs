using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>Every readable parquet-testing file is read into Arrow and compared value by value with DuckDB.</summary>
public sealed class ReaderOracleTests
{
    /// <summary>Files DuckDB cannot read, compared with a twin file holding the same data instead.</summary>
    private static readonly Dictionary<string, string> Twins = new()
    {
        ["hadoop_lz4_compressed.parquet"] = "lz4_raw_compressed.parquet",
        ["non_hadoop_lz4_compressed.parquet"] = "lz4_raw_compressed.parquet",
        ["hadoop_lz4_compressed_larger.parquet"] = "lz4_raw_compressed_larger.parquet",
    };

    /// <summary>Files DuckDB rejects or reads differently, verified by other tests.</summary>
    private static readonly HashSet<string> NotComparedWithDuckDb =
    [
        "byte_stream_split_extended.gzip.parquet", // DuckDB: BSS only for FLOAT/DOUBLE; checked against its PLAIN twin columns
        "map_no_value.parquet",                   // DuckDB rejects a MAP without values
        "large_string_map.brotli.parquet",        // > 2 GiB of strings: rejected as unsupported
        "int96_from_spark.parquet",               // DuckDB overflows the year-290000 value; see SpecificFileTests
    ];

    public static TheoryData<string> Files()
    {
        TheoryData<string> data = [];
        string? dir = Environment.GetEnvironmentVariable("DELTASHARP_PARQUET_TESTING_DIR");
        dir ??= Path.Combine(TestEnvironment.RepositoryRoot, "..", "shared", "parquet-testing");
        string dataDir = Path.Combine(dir, "data");
        if (!Directory.Exists(dataDir))
        {
            data.Add("(corpus missing)");
            return data;
        }
        foreach (string path in Directory.GetFiles(dataDir, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(dataDir, path);
            if (!CorpusFiles.Malformed.ContainsKey(Path.GetFileName(name)) && !NotComparedWithDuckDb.Contains(name))
            {
                data.Add(name);
            }
        }
        return data;
    }

    internal static async Task<List<JsonObject>> ReadRowsAsync(string path, ParquetReaderOptions options, CancellationToken ct)
    {
        List<JsonObject> rows = [];
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(path, options, ct);
        await foreach (RecordBatch batch in reader.ReadAsync(ct))
        {
            using (batch)
            {
                foreach (ArrowArray column in batch.Columns)
                {
                    column.Data.Validate();
                }
                for (int r = 0; r < batch.Length; r++)
                {
                    rows.Add(ArrowValueRenderer.RenderRow(batch, r));
                }
            }
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Values_match_DuckDB(string name)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Path.Combine(CorpusFiles.DataDir, name);
        string oraclePath = Twins.TryGetValue(name, out string? twin) ? Path.Combine(CorpusFiles.DataDir, twin) : path;
        using TestAllocator allocator = new();
        List<JsonObject> ours = await ReadRowsAsync(path, new ParquetReaderOptions { Allocator = allocator, BatchSize = 1000 }, ct);
        allocator.AssertNoLeaks();

        HashSet<string> skipped = await GeometryColumnsAsync(path);
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        DuckDbResult result = duck.Query($"SELECT to_json(t)::VARCHAR FROM read_parquet('{oraclePath.Replace("'", "''", StringComparison.Ordinal)}') t");
        Assert.Equal(result.Rows.Count, ours.Count);
        List<string> diffs = [];
        for (int r = 0; r < ours.Count && diffs.Count < 20; r++)
        {
            JsonObject expected = (JsonObject)JsonNode.Parse(OracleComparer.Sanitize(result.Rows[r][0]!))!;
            JsonObject actual = ours[r];
            foreach (string column in skipped)
            {
                expected.Remove(column);
                actual.Remove(column);
            }
            OracleComparer.Compare(expected, actual, $"row {r}", diffs);
        }
        Assert.True(diffs.Count == 0, string.Join(Environment.NewLine, diffs));
    }

    private static async Task<HashSet<string>> GeometryColumnsAsync(string path)
    {
        // DuckDB's spatial rendering (WKT) is not a Parquet value; those columns are compared as raw WKB elsewhere.
        HashSet<string> result = [];
        await using ParquetReader reader = await ParquetReader.OpenFileAsync(path);
        foreach (ParquetSchemaNode node in reader.ParquetSchema.Root.Children)
        {
            if (node.Element.LogicalType?.Kind is ParquetLogicalTypeKind.Geometry or ParquetLogicalTypeKind.Geography)
            {
                result.Add(node.Name);
            }
        }
        return result;
    }
}
