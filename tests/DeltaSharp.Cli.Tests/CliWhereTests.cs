using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using DeltaSharp.TestSupport.DuckDb;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary><c>deltasharp cat --where</c>: rows checked against DuckDB running the same WHERE clause over the
/// source data; parse and binding errors are one line on stderr with a non-zero exit.</summary>
public sealed class CliWhereTests : IDisposable
{
    private readonly string workDir = Directory.CreateTempSubdirectory("deltasharp-cli-where-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    [Fact]
    public async Task CatWhereReturnsExactlyTheRowsDuckDbSelects()
    {
        using DuckDbConnection duck = DuckDbConnection.OpenInMemory();
        string source = Path.Combine(workDir, "source.parquet");
        duck.Execute($"""
            COPY (SELECT i::BIGINT AS id,
                         CASE WHEN i % 7 = 0 THEN NULL ELSE 'name-' || (i % 13)::VARCHAR END AS name,
                         CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 0.25)::DOUBLE END AS amount,
                         DATE '2024-01-01' + (i % 5)::INTEGER AS d,
                         ['a', 'b', 'c'][1 + i % 3] AS part
                  FROM range(0, 3000) t(i))
            TO '{source}' (FORMAT parquet)
            """);
        string table = Path.Combine(workDir, "table");
        CliResult created = await CliRunner.RunAsync("create", table, "--schema", "id:long,name:string,amount:double,d:date,part:string", "--partition-by", "part");
        Assert.True(created.ExitCode == 0, created.StandardError);
        for (int i = 0; i < 2; i++)
        {
            CliResult written = await CliRunner.RunAsync("write", table, "--from", source, "--mode", "append");
            Assert.True(written.ExitCode == 0, written.StandardError);
        }

        string[] wheres =
        [
            "id > 2500 AND (name = 'name-3' OR name IS NULL) AND part IN ('a', 'b')",
            "NOT (amount >= 100) AND d <> DATE '2024-01-03'",
            "part = 'c' AND id BETWEEN 10 AND 40",
            "name NOT IN ('name-1', 'name-2') AND id < 50",
            "amount IS NULL OR id = 2999",
        ];
        foreach (string where in wheres)
        {
            CliResult cat = await CliRunner.RunAsync("cat", table, "--where", where, "--format", "jsonl");
            Assert.True(cat.ExitCode == 0, cat.StandardError);
            var expected = new List<string>();
            foreach (string?[] row in duck.Query(
                $"SELECT to_json({{'id': id, 'name': name, 'amount': amount, 'd': d, 'part': part}}) FROM (SELECT * FROM read_parquet('{source}') UNION ALL SELECT * FROM read_parquet('{source}')) WHERE {where}").Rows)
            {
                expected.Add(CanonicalJson.Of(row[0]!));
            }
            var actual = new List<string>();
            foreach (string line in cat.OutputLines)
            {
                actual.Add(CanonicalJson.Of(line));
            }
            expected.Sort(StringComparer.Ordinal);
            actual.Sort(StringComparer.Ordinal);
            Assert.True(expected.Count > 0, where);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task CatWhereErrorsAreOneLineWithNonZeroExit()
    {
        string table = Path.Combine(workDir, "t");
        CliResult created = await CliRunner.RunAsync("create", table, "--schema", "id:long,name:string");
        Assert.True(created.ExitCode == 0, created.StandardError);

        CliResult parse = await CliRunner.RunAsync("cat", table, "--where", "id > AND name = 'x'");
        Assert.Equal(2, parse.ExitCode);
        string line = Assert.Single(parse.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("position 5", line, StringComparison.Ordinal);
        Assert.Empty(parse.StandardOutput);

        CliResult bind = await CliRunner.RunAsync("cat", table, "--where", "nope = 1");
        Assert.Equal(1, bind.ExitCode);
        line = Assert.Single(bind.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("nope", line, StringComparison.Ordinal);

        CliResult type = await CliRunner.RunAsync("cat", table, "--where", "id = 'abc'");
        Assert.Equal(1, type.ExitCode);
        Assert.Contains("id", Assert.Single(type.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
